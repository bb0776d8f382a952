"""The URL alone decides the language: `/ru/newsroom/` is Russian, `/newsroom/` English.

Django's LocaleMiddleware would also read Accept-Language and the language cookie for
unprefixed URLs and answer `Vary: Accept-Language`, which the page cache refuses to store;
here neither the headers nor a cookie count, so every URL has one rendering that caches
and can be shared. The admin, the API, the sitemap and /healthz have no prefix: English.
A code that is not one of settings.LANGUAGES is no prefix at all, so `/xx/newsroom/`
matches no URL and is a 404.
"""

from django.conf import settings
from django.utils import translation


def language_of(path):
    """The language of a request path: its prefix when it is one of ours, else English."""
    return translation.get_language_from_path(path) or settings.LANGUAGE_CODE


class UrlLanguageMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        language = language_of(request.path_info)
        # Activated for this request only: the next one (or a test's reverse()) starts from
        # the default language again.
        with translation.override(language):
            request.LANGUAGE_CODE = language
            response = self.get_response(request)
        response.headers.setdefault("Content-Language", language)
        return response
