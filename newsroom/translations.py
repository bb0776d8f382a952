"""Translation groups of news items: which languages an item exists in, and which of its
translations are missing or outdated.

An item is written in one language. Its translations are separate items that name it as
their source (`translation_of`); the source and its translations are one group, with at
most one item per language. A translation is outdated when its source was saved after it.
Every function here reads a whole page's groups in one query, never one per item.
"""

from dataclasses import dataclass

from django.conf import settings
from django.db.models import Q

from newsroom.models import NewsItem

LANGUAGE_ORDER = [code for code, _ in settings.LANGUAGES]
LANGUAGE_NAMES = dict(settings.LANGUAGES)


def in_language_order(items):
    return sorted(items, key=lambda item: LANGUAGE_ORDER.index(item.page_language))


def public_translations(item):
    """The other public items of `item`'s group, in the order of settings.LANGUAGES.

    No query for an item without translations (for_detail() says whether it has any).
    """
    if not item.has_translations:
        return []
    others = (
        NewsItem.objects.on_record()
        .group_of(item)
        .exclude(pk=item.pk)
        .only("title", "slug", "language", "translation_of")
    )
    return in_language_order(others)


@dataclass
class Translation:
    """One language of an item's group, as the admin shows it."""

    language: str
    item: NewsItem | None  # None: missing
    outdated: bool = False

    @property
    def name(self):
        return LANGUAGE_NAMES[self.language]

    @property
    def state(self):
        if self.item is None:
            return "missing"
        return "outdated" if self.outdated else "exists"


@dataclass
class GroupState:
    """An item's place in its group: the other languages, and whether it is itself an
    outdated translation (its source was saved after it)."""

    translations: list
    outdated: bool = False

    @property
    def existing(self):
        return [t for t in self.translations if t.item is not None]

    @property
    def missing(self):
        return [t for t in self.translations if t.item is None]


def group_states(items):
    """{item pk: GroupState} for `items`, in one query.

    For a source, each translation is outdated when the source was saved after it; for a
    translation, its source is listed (never outdated) and so are its siblings.
    """
    items = list(items)
    sources = {item.translation_of_id or item.pk for item in items}
    if not sources:
        return {}
    members = NewsItem.objects.filter(Q(pk__in=sources) | Q(translation_of__in=sources)).only(
        "title", "language", "status", "updated_at", "translation_of"
    )
    groups = {}
    for member in members:
        groups.setdefault(member.translation_of_id or member.pk, []).append(member)
    states = {}
    for item in items:
        source_pk = item.translation_of_id or item.pk
        group = groups.get(source_pk, [])
        source = next((member for member in group if member.pk == source_pk), None)
        by_language = {member.language: member for member in group if member.pk != item.pk}
        translations = [
            Translation(code, by_language.get(code), is_outdated(by_language.get(code), source))
            for code in LANGUAGE_ORDER
            if code != item.language
        ]
        states[item.pk] = GroupState(translations, is_outdated(item, source))
    return states


def is_outdated(translation, source):
    """Whether `source` was saved after `translation` (a member of its group)."""
    if translation is None or source is None or translation.pk == source.pk:
        return False
    return source.updated_at > translation.updated_at
