"""Which filters an item matches, through the newsroom's own FilterSet: the list, the feeds
and the alerts select items by one rule (newsroom/listing/filters.py), and describe them
in the same words.

A subscription keeps every list filter but the dates and the order: `from`/`to` bound the
past, which new items never fall into, and `sort` selects nothing. Search (`q`) is kept:
the one item is searched exactly as the newsroom would search it.
"""

from urllib.parse import urlencode

from django.http import QueryDict
from django.utils.translation import gettext

from newsroom.listing.filters import NewsItemFilter, RelationFilter
from newsroom.models import NewsItem

IGNORED = {"from", "to", "sort"}


def filterset(query, queryset=None):
    data = query if isinstance(query, QueryDict) else QueryDict(query)
    if queryset is None:
        queryset = NewsItem.objects.none()
    return NewsItemFilter(data=data, queryset=queryset)


def canonical(data):
    """The canonical query of a visitor's filter: known values only, sorted, so that the
    same filter asked for twice, in any order, is the same NewsFilter."""
    pairs = filterset(data).query_pairs(with_sort=False)
    return urlencode(sorted({(name, value) for name, value in pairs if name not in IGNORED}))


def describe(query):
    """'Press releases about Elections in Ukraine'; 'All news' for no filter."""
    return filterset(query).describe() or gettext("All news")


def matching_filters(item, filters):
    """The ids of the NewsFilters among `filters` that select `item` while it is public.

    The FilterSet decides, on a queryset of the one item; it is asked only about the filters
    that could select it at all (`could_select`), since building a FilterSet and its query
    costs milliseconds and an item is matched against every subscribed filter.
    """
    public = NewsItem.objects.published().filter(pk=item.pk)
    values = related_slugs(item)
    return [
        f.pk
        for f in filters
        if could_select(f.query, values) and selects(filterset(f.query, public))
    ]


def related_slugs(item):
    """{parameter: the slugs of the item's records} for each of the FilterSet's facets."""
    values = {}
    for name, flt in NewsItemFilter.base_filters.items():
        if isinstance(flt, RelationFilter):
            related = getattr(item, flt.field_name)
            if hasattr(related, "values_list"):
                values[name] = set(related.values_list("slug", flat=True))
            else:
                values[name] = {related.slug} if related else set()
    return values


def could_select(query, values):
    """False when one of the query's facets names none of the item's records: an AND of
    ORs cannot then select it. Anything else (search, …) is left to the FilterSet."""
    for name, slugs in QueryDict(query).lists():
        if name in values and values[name].isdisjoint(slugs):
            return False
    return True


def selects(news_filter):
    news_filter.form.is_valid()  # cleans the values; never False (bad ones are left out)
    return news_filter.filtered().exists()
