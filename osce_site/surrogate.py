"""Surrogate keys: which cached pages show which object, and purging them on a change.

Every cacheable public response names what it shows in `Surrogate-Key` (the CDN name) and
`xkey` (Varnish's xkey vmod) headers, space-separated:

- `<app>.<model>:<pk>` for an object's own page and for every page that shows it in full or
  names it (an item's page carries its own key and those of its content type, fields of
  work, structures, countries and tags: models name them in `surrogate_keys()`);
- `list` for pages listing content (the newsroom, tag pages, filters), `feed` for feeds;
- `site` for every other cacheable page (the page cache adds it when a view named none).

When a content object (an app in caching.CONTENT_APPS) is saved or deleted, or its many-to-many
relations change, `purge()` sends the shared HTTP cache (settings.CACHE_PURGE_URL, if any)
one PURGE request with its own key, `list`, `feed` and `site`: its page, every list and
feed, and the other pages are refetched; other items' pages stay cached. When an item
leaves the public (unpublished, withdrawn, deleted), its key and `feed` are also purged in
the app's cache (osce_site/caching.py: such entries are never served stale), so its page
and feed entries are gone everywhere before the save returns; lists may lag by at most
settings.CACHE_STALE_SECONDS.
"""

import logging
import urllib.error
import urllib.request

from django.conf import settings
from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save

from osce_site import caching

logger = logging.getLogger(__name__)

LIST, FEED, SITE = "list", "feed", "site"
PURGE_TIMEOUT = 2.0


def key(obj):
    return f"{obj._meta.label_lower}:{obj.pk}"


def keys_of(obj):
    """The keys of the pages that show `obj`."""
    method = getattr(obj, "surrogate_keys", None)
    return list(method()) if method else [key(obj)]


def tag(response, keys):
    value = " ".join(dict.fromkeys(keys))
    response["Surrogate-Key"] = value
    response["xkey"] = value
    return response


def keys_on(response):
    return tuple(response.get("Surrogate-Key", "").split())


# Purging ---------------------------------------------------------------------------------


def purge(keys, removed=()):
    """`keys` out of the shared HTTP cache, `removed` also out of the app's stale entries.

    Done when the current transaction commits (at once outside one), so before the
    editor's save returns, and never for a change that is rolled back.
    """
    keys = list(dict.fromkeys([*keys, *removed]))

    def run():
        if removed:
            caching.purged(removed)
        purge_http(keys)

    transaction.on_commit(run)


def purge_http(keys):
    """One PURGE request to the shared cache; a no-op when none is configured."""
    if not settings.CACHE_PURGE_URL or not keys:
        return
    request = urllib.request.Request(
        settings.CACHE_PURGE_URL, method="PURGE", headers={"xkey-purge": " ".join(keys)}
    )
    try:
        with urllib.request.urlopen(request, timeout=PURGE_TIMEOUT) as response:
            response.read()
    except (urllib.error.URLError, OSError):
        logger.error("Could not purge %s from the shared cache", " ".join(keys), exc_info=True)


def is_content(sender):
    meta = sender._meta
    return meta.app_label in caching.CONTENT_APPS and meta.db_table not in caching.PRIVATE_TABLES


def _saved(sender, instance, raw=False, **kwargs):
    if is_content(sender) and not raw:
        removal = getattr(instance, "is_public", True) is False
        purge([key(instance), LIST, FEED, SITE], removed=[key(instance), FEED] if removal else ())


def _deleted(sender, instance, **kwargs):
    if is_content(sender):
        purge([LIST, SITE], removed=[key(instance), FEED])


def _related(sender, instance, action, **kwargs):
    if action.startswith("post_") and is_content(type(instance)):
        purge([key(instance), LIST, FEED, SITE])


def connect():
    """Called once from NewsroomConfig.ready()."""
    post_save.connect(_saved, dispatch_uid="osce_site.surrogate.saved")
    post_delete.connect(_deleted, dispatch_uid="osce_site.surrogate.deleted")
    m2m_changed.connect(_related, dispatch_uid="osce_site.surrogate.related")
