"""Query counts stay constant per page type in every language: translations and alternates
add a fixed number of queries, never one per item."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.factories import make_country, make_field_of_work, make_news_item, make_structure

pytestmark = pytest.mark.django_db

PAGES = [
    "/",
    "/newsroom/",
    "/newsroom/?field=elections&country=ukraine",
    "/newsroom/rss/",
    "/newsroom/atom/?structure=odihr",
    "/fields-of-work/elections/",
    "/structures/odihr/",
    "/countries/ukraine/",
    "ITEM",
    "TRANSLATED ITEM",
]


def archive(count):
    """`count` items in each of English, Russian and French, half of them translated."""
    field = make_field_of_work("Elections", slug="elections")
    structure = make_structure("ODIHR", kind="institution", slug="odihr")
    country = make_country("Ukraine", slug="ukraine")
    filed = {"fields_of_work": [field], "structures": [structure], "countries": [country]}
    items = {}
    for n in range(count):
        source = make_news_item(f"Item {n}", tags=["water"], **filed)
        items.setdefault("en", source)
        for language in ("ru", "fr"):
            alone = make_news_item(f"Item {n} {language}", language=language, **filed)
            items.setdefault(language, alone)
            if n % 2:
                translation = make_news_item(
                    f"Translation {n} {language}", language=language, translation_of=source, **filed
                )
                items.setdefault(f"{language} translated", translation)
        if n % 2:
            items.setdefault("en translated", source)
    return items


def counts(client, items):
    found = {}
    for language in ("en", "ru", "fr"):
        prefix = "" if language == "en" else f"/{language}"
        for page in PAGES:
            if page == "ITEM":
                path = items[language].get_absolute_url()
            elif page == "TRANSLATED ITEM":
                path = items[f"{language} translated"].get_absolute_url()
            else:
                path = prefix + page
            client.get(path)  # content types and the like, read once per process
            with CaptureQueriesContext(connection) as queries:
                assert client.get(path).status_code == 200, path
            found[(language, page)] = len(queries)
    return found


def test_query_counts_do_not_grow_with_the_archive_in_any_language(client):
    small = counts(client, archive(3))
    large = counts(client, archive(30))  # 30 more in each language
    assert small == large


def test_each_page_type_costs_the_same_in_every_language(client):
    found = counts(client, archive(4))
    for page in PAGES:
        assert found[("ru", page)] == found[("en", page)] == found[("fr", page)], page
