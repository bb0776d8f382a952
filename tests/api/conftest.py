import pytest

from tests.factories import build_small_newsroom


@pytest.fixture(autouse=True)
def _api_uncached(settings):
    """These tests exercise the API's own conditional GET, not the public page cache."""
    settings.CACHE_PAGE_SECONDS = 0


@pytest.fixture
def newsroom(db):
    """The feeds' small newsroom; its draft and scheduled items carry a tag of their own."""
    newsroom = build_small_newsroom()
    for item in (newsroom.draft, newsroom.future):
        item.tags.add("secret-plan")
    return newsroom
