"""The page in the other languages: the language switcher and the hreflang alternates.

Every public page exists under every language's prefix, so its alternates are the same
page in each language (`/ru/fields-of-work/elections/`). A news item exists in one
language: its alternates are its translations (the view gives them as
`page_translations`, {language: item}), and the switcher sends a language it lacks to that
language's newsroom, the same section. No query: items and paths are in hand.
"""

from dataclasses import dataclass

from django import template
from django.conf import settings
from django.urls import NoReverseMatch, reverse, translate_url
from django.utils.http import urlencode
from django.utils.translation import get_language, override

register = template.Library()
NOT_CARRIED = {"page"}  # page 5 in English may not exist in Russian


@dataclass
class PageLanguage:
    code: str
    name: str
    url: str
    current: bool
    alternate: bool  # the same page in that language (hreflang), not just its section
    default: bool = False  # the x-default alternate


@register.simple_tag(takes_context=True)
def page_languages(context):
    """[PageLanguage] in the order of settings.LANGUAGES; [] outside a request."""
    request = context.get("request")
    if request is None or getattr(request, "resolver_match", None) is None:
        return []
    current = get_language()
    translations = context.get("page_translations")
    if translations is None:
        entries = [
            PageLanguage(code, name, same_page(request, code), code == current, alternate=True)
            for code, name in settings.LANGUAGES
        ]
    else:
        grouped = len(translations) > 1  # an item alone in its language has no alternates
        entries = [
            PageLanguage(
                code,
                name,
                translations[code].get_absolute_url()
                if code in translations
                else section(code, "newsroom:newsitem-list"),
                code == current,
                alternate=grouped and code in translations,
            )
            for code, name in settings.LANGUAGES
        ]
    alternates = [entry for entry in entries if entry.alternate]
    if alternates:
        default = next((e for e in alternates if e.code == settings.LANGUAGE_CODE), None)
        if default is None and translations:
            sources = [e for e in alternates if translations[e.code].translation_of_id is None]
            default = sources[0] if sources else alternates[0]
        (default or alternates[0]).default = True
    return entries


def same_page(request, language):
    """This page's URL in `language`, with its filters (they are language-neutral).

    Reversed from the request's own resolver match: translate_url() would resolve the
    path again for each language (six walks of every URL pattern a page)."""
    match = request.resolver_match
    try:
        with override(language):
            path = reverse(match.view_name, args=match.args, kwargs=match.kwargs)
    except NoReverseMatch:
        path = translate_url(request.path_info, language)
    query = [
        (name, value)
        for name, values in request.GET.lists()
        if name not in NOT_CARRIED
        for value in values
    ]
    return f"{path}?{urlencode(query)}" if query else path


def section(language, view_name):
    with override(language):
        return reverse(view_name)
