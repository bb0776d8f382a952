"""Which saves of a news item change what lists show (osce_site/caching.py: the listing
version): its status, dates, content type and language decide whether and where it is listed, and
what the counts and facets count; its title, lead, body or image do not (lists load their
rows by key, fresh, on each render). A save that changes none of LISTED_FIELDS leaves
the newsroom's remembered counts, facet counts and page keys in place.
"""

from django.db.models.signals import post_save, pre_save

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
    """Before a save: an UPDATE that changes no listed field is declared unlisted."""
    caching.update_done()
    if raw or instance.pk is None:
        return
    if update_fields is not None and not {f.removesuffix("_id") for f in LISTED_FIELDS} & {
        f.removesuffix("_id") for f in update_fields
    }:
        caching.unlisted_update(NewsItem._meta.db_table, instance.pk)
        return
    stored = NewsItem.objects.filter(pk=instance.pk).values(*LISTED_FIELDS).first()
    if stored is not None and all(stored[f] == getattr(instance, f) for f in LISTED_FIELDS):
        caching.unlisted_update(NewsItem._meta.db_table, instance.pk)


def saved(sender, instance, **kwargs):
    caching.update_done()


def connect():
    """Called once from NewsroomConfig.ready()."""
    pre_save.connect(note_listed_fields, sender=NewsItem, dispatch_uid="newsroom.listed.pre")
    post_save.connect(saved, sender=NewsItem, dispatch_uid="newsroom.listed.post")
