"""A structure is closed by one field, `closed`; `closed_on` only says when, if known. News
metadata names closed structures without a date, so every page must agree on those too."""

from datetime import date

import pytest
from django.urls import reverse

from tests.factories import make_country, make_news_item, make_structure

pytestmark = pytest.mark.django_db


@pytest.fixture
def operations():
    belarus = make_country("Belarus")
    return {
        "open": make_structure("Mission to Skopje"),
        "undated": make_structure("Centre in Minsk", closed=True, host_country=belarus),
        "dated": make_structure("Mission to Croatia", closed=True, closed_on=date(2007, 12, 31)),
    }


def test_closed_without_a_date_is_closed_on_every_page(client, operations):
    minsk = operations["undated"]
    response = client.get(reverse("structures:fieldoperation-list"))
    assert [s.name for s in response.context["active"]] == ["Mission to Skopje"]
    assert [s.name for s in response.context["closed"]] == ["Centre in Minsk", "Mission to Croatia"]
    response = client.get(reverse("structures:structure-list"))
    sections = {s["anchor"]: s["structures"] for s in response.context["sections"]}
    assert [s.name for s in sections["field-operations"]] == ["Mission to Skopje"]
    assert [s.name for s in sections["closed-field-activities"]] == [
        "Centre in Minsk",
        "Mission to Croatia",
    ]
    html = response.content.decode()
    assert 'Centre in Minsk</a> <span class="badge">Closed</span>' in html
    assert 'Mission to Croatia</a> <span class="badge">Closed 2007</span>' in html
    home = client.get(reverse("home"))
    assert [s.name for s in home.context["field_operations"]] == ["Mission to Skopje"]
    html = client.get(minsk.get_absolute_url()).content.decode()
    assert "<title>Centre in Minsk (closed) – Structures and institutions" in html
    assert "<dt>Closed</dt><dd>Yes</dd>" in html
    html = client.get(operations["dated"].get_absolute_url()).content.decode()
    assert "<dt>Closed</dt><dd>31 December 2007</dd>" in html
    country = client.get(minsk.host_country.get_absolute_url())
    assert [s.name for s in country.context["object"].hosted_structures.all()] == [
        "Centre in Minsk"
    ]


def test_closed_structure_facet_says_closed(client, operations):
    make_news_item().structures.set([operations["undated"], operations["open"]])
    response = client.get(reverse("newsroom:newsitem-list"))
    html = response.content.decode()
    assert "Centre in Minsk (closed)" in html
    assert "Mission to Skopje (closed)" not in html
