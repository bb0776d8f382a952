"""A small newsroom with every facet in use, plus items that must never be public."""

import xml.etree.ElementTree as ET
from datetime import timedelta
from types import SimpleNamespace

import feedparser
import pytest
from django.utils import timezone

from structures.models import Structure
from tests.factories import (
    make_country,
    make_field_of_work,
    make_news_item,
    make_news_type,
    make_structure,
)

NS = {
    "atom": "http://www.w3.org/2005/Atom",
    "content": "http://purl.org/rss/1.0/modules/content/",
    "dc": "http://purl.org/dc/elements/1.1/",
}


@pytest.fixture
def newsroom(db):
    now = timezone.now()
    news = make_news_type("News", plural="News")
    press = make_news_type("Press release", plural="Press releases")
    elections = make_field_of_work("Elections")
    borders = make_field_of_work("Border management")
    odihr = make_structure("ODIHR", kind=Structure.Kind.INSTITUTION)
    skopje = make_structure("Mission to Skopje")
    ukraine = make_country("Ukraine")
    czechia = make_country("Czechia")

    def item(title, days, news_type, fields=(), structures=(), countries=(), tags=(), **extra):
        obj = make_news_item(
            title, news_type=news_type, publish_at=now - timedelta(days=days), **extra
        )
        obj.fields_of_work.set(fields)
        obj.structures.set(structures)
        obj.countries.set(countries)
        obj.tags.set(list(tags))
        return obj

    items = [
        item("Observers deployed to Ukraine", 1, press, [elections], [odihr], [ukraine], ["youth"]),
        item("Border officers trained in Skopje", 2, news, [borders], [skopje], [], ["training"]),
        item(
            "Election observation report published",
            3,
            press,
            [elections],
            [odihr],
            [ukraine, czechia],
            body="<p>The final report on water rights &amp; voting.</p>",
        ),
        item(
            "Youth forum on borders", 4, news, [borders, elections], [skopje], [czechia], ["youth"]
        ),
        item("Statement by the Chair", 40, press, [], [], [], [], source="OSCE Chairpersonship"),
    ]
    draft = make_news_item("Draft about Elections", published=False, news_type=press)
    draft.fields_of_work.set([elections])
    future = make_news_item(
        "Scheduled about Elections", news_type=press, publish_at=now + timedelta(days=2)
    )
    future.fields_of_work.set([elections])
    return SimpleNamespace(
        items=items,
        draft=draft,
        future=future,
        news=news,
        press=press,
        elections=elections,
        borders=borders,
        odihr=odihr,
        skopje=skopje,
        ukraine=ukraine,
        czechia=czechia,
    )


def fetch_feed(client, url, **headers):
    response = client.get(url, **headers)
    assert response.status_code == 200, response.content[:500]
    ET.fromstring(response.content)  # well-formed XML, or this raises
    parsed = feedparser.parse(response.content)
    assert parsed.bozo == 0, parsed.get("bozo_exception")
    return response, parsed


@pytest.fixture(autouse=True)
def _feeds_uncached(settings):
    """These tests exercise the feeds' own conditional GET, not the public page cache."""
    settings.CACHE_PAGE_SECONDS = 0
