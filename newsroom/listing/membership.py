"""Which saves of a news item change what lists show (osce_site/caching.py: the listing
version): its status, dates, content type and language decide whether and where it is listed, and
what the counts and facets count; its title, lead, body or image do not (lists load their
rows by key, fresh, on each render). A save that changes none of LISTED_FIELDS leaves
the newsroom's remembered counts, facet counts and page keys in place; if it changes a
searched field (title, lead, body), it is recorded as a text edit with what searches read
before it, and each remembered search checks whether the edit changes its matches.
"""

from django.db.models.signals import post_save, pre_save

from newsroom.listing import search
from newsroom.models import NewsItem
from osce_site import caching

LISTED_FIELDS = [
    "status",
    "publish_at",
    "undated",
    "placed_at",
    "news_type_id",
    "language",  # which prefix lists it: /ru/newsroom/
    "translation_of_id",
]


def note_listed_fields(sender, instance, raw=False, update_fields=None, **kwargs):
    """Before a save: an UPDATE that changes no listed field is declared unlisted, with
    what it changes of the searched text (remembered searches check it)."""
    caching.update_done()
    if raw or instance.pk is None:
        return
    searched = search.searched_fields(NewsItem)
    if update_fields is not None and not {f.removesuffix("_id") for f in LISTED_FIELDS} & {
        f.removesuffix("_id") for f in update_fields
    }:
        # Without reading the row: a searched field saved this way is an edit whose
        # previous text is unknown, which every remembered search counts as a change.
        unknown = set(update_fields) & set(searched)
        edit = caching.Edit(NewsItem._meta.label_lower, instance.pk, None) if unknown else None
        caching.unlisted_update(NewsItem._meta.db_table, instance.pk, edit)
        return
    before = search.searched_before(NewsItem, instance._state.db or "default")
    stored = (
        NewsItem.objects.using(instance._state.db or "default")
        .filter(pk=instance.pk)
        .values(*LISTED_FIELDS, *searched, *before)
        .first()
    )
    if stored is None:
        return
    changed = {f for f in LISTED_FIELDS if stored[f] != getattr(instance, f)}
    text_changed = any(stored[f] != getattr(instance, f) for f in searched)
    if changed:
        move = moved(instance, stored, changed, text_changed)
        if move is not None:
            caching.unlisted_update(NewsItem._meta.db_table, instance.pk, move)
        return
    edit = None
    if text_changed:
        edit = caching.Edit(
            NewsItem._meta.label_lower, instance.pk, tuple(stored[f] for f in before)
        )
    caching.unlisted_update(NewsItem._meta.db_table, instance.pk, edit)


def moved(instance, stored, changed, text_changed):
    """The Move that this save is, or None. Into the lists: whatever it was before does not
    matter, its status and publication date may change. Out of them: only its status."""
    was = NewsItem(status=stored["status"], publish_at=stored["publish_at"]).is_public
    now = instance.is_public
    if was == now:
        return None
    if now and not changed <= {"status", "publish_at"}:
        return None
    if was and (changed != {"status"} or text_changed):
        return None
    return caching.Move(NewsItem._meta.label_lower, instance.pk, listed_before=was)


def saved(sender, instance, **kwargs):
    caching.update_done()


def connect():
    """Called once from NewsroomConfig.ready()."""
    pre_save.connect(note_listed_fields, sender=NewsItem, dispatch_uid="newsroom.listed.pre")
    post_save.connect(saved, sender=NewsItem, dispatch_uid="newsroom.listed.post")
