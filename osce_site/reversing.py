"""reverse() for the detail pages that lists link to many times per page.

A newsroom page links to every listed item and to each item's structures and fields of
work; Django's reverse() rebuilds each path from the URL patterns, a visible share of the
page's rendering time. The paths depend only on the view name, the slug, the URL
configuration, the script prefix and the language (its URL prefix), so they are remembered
under all five.
"""

from functools import lru_cache

from django.conf import settings
from django.urls import get_script_prefix, get_urlconf, reverse
from django.utils.translation import get_language, override

PATHS = 20_000  # bounds what each worker keeps


def detail_path(view_name, slug, language=None):
    """The path of a detail page in `language` (by default the active one)."""
    urlconf = get_urlconf() or settings.ROOT_URLCONF
    return _path(urlconf, get_script_prefix(), language or get_language(), view_name, slug)


@lru_cache(maxsize=PATHS)
def _path(urlconf, prefix, language, view_name, slug):
    with override(language):
        return reverse(view_name, urlconf=urlconf, args=[slug])
