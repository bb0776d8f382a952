import pytest
from django.core.cache import cache


@pytest.fixture
def remembered_counts(settings):
    """Counts, facets and page keys remembered; pages not: every request renders, so what it
    recomputes shows."""
    settings.CACHE_PAGE_SECONDS = 0
    settings.CACHE_COUNT_SECONDS = 300
    settings.CACHE_STALE_SECONDS = 10
    cache.clear()
