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


@pytest.fixture(autouse=True)
def _api_uncached(settings):
    """These tests exercise the API's own conditional GET, not the public page cache."""
    settings.CACHE_PAGE_SECONDS = 0


@pytest.fixture
def newsroom(db):
    now = timezone.now()
    press = make_news_type("Press release", plural="Press releases")
    news = make_news_type("News", plural="News")
    elections = make_field_of_work("Elections")
    borders = make_field_of_work("Border management")
    odihr = make_structure("ODIHR", kind=Structure.Kind.INSTITUTION)
    skopje = make_structure("Mission to Skopje")
    ukraine = make_country("Ukraine")
    items = [
        make_news_item(
            "Observers deployed to Ukraine",
            news_type=press,
            publish_at=now - timedelta(days=1),
            fields_of_work=[elections],
            structures=[odihr],
            countries=[ukraine],
            tags=["youth"],
        ),
        make_news_item(
            "Border officers trained in Skopje",
            news_type=news,
            publish_at=now - timedelta(days=2),
            fields_of_work=[borders],
            structures=[skopje],
            body="<p>Training <script>alert(1)</script>on borders.</p>",
        ),
        make_news_item(
            "Election report published",
            news_type=press,
            publish_at=now - timedelta(days=3),
            fields_of_work=[elections],
            countries=[ukraine],
        ),
    ]
    draft = make_news_item(
        "Draft about Elections",
        published=False,
        news_type=press,
        fields_of_work=[elections],
        tags=["secret-plan"],
    )
    future = make_news_item(
        "Scheduled about Elections",
        news_type=press,
        publish_at=now + timedelta(days=2),
        fields_of_work=[elections],
        tags=["secret-plan"],
    )
    return SimpleNamespace(
        items=items,
        draft=draft,
        future=future,
        press=press,
        elections=elections,
        odihr=odihr,
        ukraine=ukraine,
    )
