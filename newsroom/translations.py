"""Translation groups of news items: which languages an item exists in, and which of its
translations are missing or outdated.

An item is written in one language. Its translations are separate items that name it as
their source (`translation_of`); the source and its translations are one group, with at
most one item per language. A translation is outdated when its source was saved after it.
Every function here reads a whole page's groups in one query, never one per item.
"""

from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.db.models.signals import post_delete, post_save

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


class TranslationRefused(Exception):
    """Why a translation cannot be started; the message is for the editor."""


def start_translation(source, language, user):
    """A draft of `source` in `language`, linked to its group and filed like it.

    Everything that is not text is copied: content type, structures, fields of work,
    countries, tags, lead image and publish time. Title, lead, body, place and source are
    left for the translator. The draft translates the group's source (the item every
    translation names), whichever member it was started from.
    """
    if language not in LANGUAGE_NAMES:
        raise TranslationRefused(f"'{language}' is not one of the site's languages.")
    root = source.translation_of or source
    group = NewsItem.objects.group_of(root)
    if group.filter(language=language).exists():
        name = LANGUAGE_NAMES[language]
        raise TranslationRefused(f"“{root}” already exists in {name}.")
    with transaction.atomic():
        draft = NewsItem.objects.create(
            title="",
            slug=free_slug(f"{root.slug[:240]}-{language}"),
            language=language,
            translation_of=root,
            status=NewsItem.Status.DRAFT,
            news_type=source.news_type,
            lead_image=source.lead_image,
            publish_at=source.publish_at,
            undated=source.undated,
            placed_at=source.placed_at,
            created_by=user,
        )
        draft.structures.set(source.structures.all())
        draft.fields_of_work.set(source.fields_of_work.all())
        draft.countries.set(source.countries.all())
        draft.tags.set(list(source.tags.all()))
    return draft


def free_slug(base):
    """`base`, or `base-2`, `base-3`, …: the first no item has (a draft's slug may change
    until it is published)."""
    taken = set(NewsItem.objects.filter(slug__startswith=base).values_list("slug", flat=True))
    candidates = [base, *(f"{base}-{n}" for n in range(2, 1000))]
    return next(slug for slug in candidates if slug not in taken)


# The shared HTTP cache (osce_site/surrogate.py): every page of a group carries its source's
# key, and a translation's save or deletion purges it, so that each page's links to the
# others follow what exists.


def group_key(item):
    """The surrogate key of `item`'s group: its source's."""
    return f"{NewsItem._meta.label_lower}:{item.translation_of_id or item.pk}"


def purge_group(sender, instance, raw=False, **kwargs):
    if instance.translation_of_id and not raw:
        from osce_site.surrogate import purge

        purge([group_key(instance)])


def connect():
    """Called once from NewsroomConfig.ready()."""
    for signal in (post_save, post_delete):
        signal.connect(purge_group, sender=NewsItem, dispatch_uid=f"newsroom.translations.{signal}")
