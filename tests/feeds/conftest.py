"""A small newsroom with every facet in use, plus items that must never be public."""

import pytest

from tests.factories import build_small_newsroom


@pytest.fixture
def newsroom(db):
    return build_small_newsroom()


@pytest.fixture(autouse=True)
def _feeds_uncached(settings):
    """These tests exercise the feeds' own conditional GET, not the public page cache."""
    settings.CACHE_PAGE_SECONDS = 0
