"""News items' cards in lists (includes/newsitem_summary.html), kept rendered.

Rendering twenty cards was most of an uncached newsroom page's time (bench/RESULTS.md:
uncached-rendering); a card changes far less often than the pages that show it (every
filter, page number, topic, structure and tag page, the home page). A card shows:

- the item's own fields: every save writes the item's `updated_at` (auto_now; the
  editorial workflow and the importer name it in update_fields), and a QuerySet.update()
  or a change of what lists hold replaces the listing version;
- the names and links of its content type, structures and fields of work: renaming one,
  or filing the item under another, writes a content table other than the item's own row,
  which replaces the listing version too (osce_site/caching.py);
- the page's language (names are translated, dates formatted per language) and time zone.

So a card is kept under its item's pk, `updated_at`, `publish_at`, language and time zone,
and served only while the listing version it was rendered under is the current one:
whoever sees a card (staff included) sees what a fresh render would show. Search results
are never kept: their titles and leads mark the searched terms. Nothing is kept when
remembered computations are off (settings.CACHE_COUNT_SECONDS = 0); a card lives at most
that long, so a deploy's new card markup shows within it.
"""

from django.conf import settings
from django.core.cache import DEFAULT_CACHE_ALIAS, caches
from django.db.models import QuerySet, prefetch_related_objects
from django.template.loader import get_template
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

from newsroom.models import listed_relations
from osce_site.caching import LISTING_KEY, content_state, remembering

TEMPLATE = "includes/newsitem_summary.html"


def render_summaries(items):
    """The cards of `items`, in order, as one string: kept ones from the "cards" cache (one
    round trip; its own alias, so that cards never push pages or counts out of the
    default cache), the others rendered and kept.

    `items` may be an unevaluated, unsliced queryset of rows that are not search results
    (a list page's rows; the home page's latest few are a slice, read whole): then only
    their keys and stamps are read (one query), and only the rows whose card is not kept
    are loaded (a list's page with every card kept builds no model instance).
    """
    if not remembering():
        return mark_safe("".join(render_cards(list(items)).values()))
    order, keys, load = stamped(items)
    if not order:
        return ""
    version = content_state(LISTING_KEY).version
    found = cards_cache().get_many(list(keys.values()))
    cards = {}
    for pk, key in keys.items():
        kept = found.get(key)
        if kept is not None and kept[0] == version:
            cards[pk] = kept[1]
    missing = [pk for pk in order if pk not in cards]
    rendered = render_cards(load(missing)) if missing else {}
    if fresh := {keys[pk]: (version, card) for pk, card in rendered.items() if pk in keys}:
        cards_cache().set_many(fresh, settings.CACHE_COUNT_SECONDS)
    cards.update(rendered)
    return mark_safe("".join(cards[pk] for pk in order))


def stamped(items):
    """(the items' pks in order, {pk: card key} of those whose card may be kept, a function
    giving the rows of some pks, in order)."""
    if isinstance(items, QuerySet) and not items.query.is_sliced:
        stamps = list(items.values_list("pk", "updated_at", "publish_at"))
        keys = {pk: stamped_key(pk, updated, published) for pk, updated, published in stamps}
        return list(keys), keys, lambda pks: unmarked(items.filter(pk__in=pks))
    items = list(items)
    by_pk = {item.pk: item for item in items}
    keys = {item.pk: card_key(item) for item in items if keepable(item)}
    return list(by_pk), keys, lambda pks: [by_pk[pk] for pk in pks]


def unmarked(rows):
    """Rows that are not search results, with nothing marked (what the card template reads
    of a search result: set, so that the template engine finds it at once)."""
    rows = list(rows)
    for row in rows:
        row.title_html = row.lead_html = None
    return rows


def render_cards(items):
    """{pk: card}; loads the items' structures and fields of work (two queries) unless the
    queryset did (for_listing(), not for_cards())."""
    if items and not hasattr(items[0], "listed_structures"):
        prefetch_related_objects(items, *listed_relations())
    template = get_template(TEMPLATE)
    return {item.pk: template.render({"item": item}) for item in items}


def cards_cache():
    """The `cards` alias (settings.CACHES), or the default cache where none is set up."""
    return caches["cards" if "cards" in settings.CACHES else DEFAULT_CACHE_ALIAS]


def keepable(item):
    """Search results mark the searched terms in their title and lead: never kept."""
    return not getattr(item, "title_html", None) and not getattr(item, "lead_html", None)


def card_key(item):
    return stamped_key(item.pk, item.updated_at, item.publish_at)


def stamped_key(pk, updated_at, publish_at):
    return (
        f"card:{get_language()}:{timezone.get_current_timezone_name()}:{pk}:"
        f"{updated_at.timestamp()}:{publish_at.timestamp()}"
    )
