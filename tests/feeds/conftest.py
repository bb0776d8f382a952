"""A small newsroom with every facet in use, plus items that must never be public."""

from datetime import timedelta
from types import SimpleNamespace

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

    def days_ago(days):
        return now - timedelta(days=days)

    items = [
        make_news_item(
            "Observers deployed to Ukraine",
            news_type=press,
            publish_at=days_ago(1),
            fields_of_work=[elections],
            structures=[odihr],
            countries=[ukraine],
            tags=["youth"],
        ),
        make_news_item(
            "Border officers trained in Skopje",
            news_type=news,
            publish_at=days_ago(2),
            fields_of_work=[borders],
            structures=[skopje],
            tags=["training"],
        ),
        make_news_item(
            "Election observation report published",
            news_type=press,
            publish_at=days_ago(3),
            fields_of_work=[elections],
            structures=[odihr],
            countries=[ukraine, czechia],
            body="<p>The final report on water rights &amp; voting.</p>",
        ),
        make_news_item(
            "Youth forum on borders",
            news_type=news,
            publish_at=days_ago(4),
            fields_of_work=[borders, elections],
            structures=[skopje],
            countries=[czechia],
            tags=["youth"],
        ),
        make_news_item(
            "Statement by the Chair",
            news_type=press,
            publish_at=days_ago(40),
            source="OSCE Chairpersonship",
        ),
    ]
    draft = make_news_item(
        "Draft about Elections", published=False, news_type=press, fields_of_work=[elections]
    )
    future = make_news_item(
        "Scheduled about Elections",
        news_type=press,
        publish_at=now + timedelta(days=2),
        fields_of_work=[elections],
    )
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


@pytest.fixture(autouse=True)
def _feeds_uncached(settings):
    """These tests exercise the feeds' own conditional GET, not the public page cache."""
    settings.CACHE_PAGE_SECONDS = 0
