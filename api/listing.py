"""The news and publications lists as the API pages them: each list's own FilterSet and
published() queryset (the website's), with the FilterSet's notes turned into a 400 naming
each bad parameter.

The HTML newsroom ignores a bad value and says so; a program asking for `country=kosovoo`
must not get every country's news instead, so here each note is an error.
"""

from dataclasses import dataclass
from functools import cached_property

from django.db.models import Prefetch
from django.http import QueryDict
from django.utils.http import urlencode

from api import cursor
from newsroom.feeds import matching, state_etag, state_last_modified
from newsroom.listing.filters import NewsItemFilter
from newsroom.listing.pagination import filter_key
from newsroom.models import NewsItem
from osce_site.caching import remember
from publications.feeds import PUBLICATION_TAXONOMY
from publications.filters import PublicationFilter
from publications.models import Publication
from structures.models import Country

DEFAULT_PAGE_SIZE = 20
MAX_PAGE_SIZE = 100
PAGING = ("cursor", "page_size")
VERSION = "1"  # bump when the output changes, so cached copies revalidate


class BadParameters(Exception):
    def __init__(self, invalid):
        self.invalid = invalid  # [(name, reason)]
        super().__init__("; ".join(f"{name}: {reason}" for name, reason in invalid))


def with_countries_and_tags(items):
    """What a list item shows: for_listing() plus countries and tags; never bodies."""
    return items.for_listing().prefetch_related(
        Prefetch("countries", Country.objects.only("name", "slug"), to_attr="listed_countries"),
        Prefetch("tags", to_attr="listed_tags"),
    )


@dataclass
class Listing:
    """One page of a list, by the FilterSet `filterset_class` over the `model`'s published()."""

    request: object
    filterset: object
    page_size: int
    position: list | None  # the sort keys of the previous page's last item

    filterset_class = None
    model = None
    taxonomy = None  # the tables whose edits change its items' output (newsroom/feeds.py)

    @classmethod
    def parameters(cls):
        """Every parameter the list takes: the FilterSet's filters, then cursor and page size."""
        return [*cls.filterset_class.base_filters, *PAGING]

    @classmethod
    def queryset(cls):
        return with_countries_and_tags(cls.model.objects.published())

    @classmethod
    def notes_for(cls, name, data):
        """The FilterSet's notes about parameter `name` alone: why its value was ignored."""
        single = QueryDict(mutable=True)
        single.setlist(name, data.getlist(name))
        return cls.filterset_class(single, queryset=cls.model.objects.none()).notes

    @classmethod
    def for_request(cls, request):
        """The listing `request` asks for; BadParameters naming each bad parameter."""
        data = request.GET
        known = cls.parameters()
        invalid = [(name, "unknown parameter") for name in data if name not in known]
        filters = QueryDict(mutable=True)
        for name in cls.filterset_class.base_filters:
            if name in data:
                filters.setlist(name, data.getlist(name))
        filterset = cls.filterset_class(filters or None, queryset=cls.queryset())
        for name in filterset.ignored:
            invalid.extend((name, note) for note in cls.notes_for(name, filters))
        page_size, problem = parse_page_size(data.getlist("page_size"))
        if problem:
            invalid.append(("page_size", problem))
        listing = cls(request=request, filterset=filterset, page_size=page_size, position=None)
        if values := data.getlist("cursor"):
            try:
                if len(values) > 1:
                    raise cursor.BadCursor("give one cursor")
                listing.position = cursor.decode(values[0], listing.sort, listing.keys)
            except cursor.BadCursor as error:
                invalid.append(("cursor", str(error)))
        if invalid:
            raise BadParameters(invalid)
        return listing

    @cached_property
    def ordered(self):
        """The matching items in the requested order (the FilterSet's, also when unfiltered)."""
        return self.filterset.filter_queryset(self.filterset.queryset)

    @property
    def sort(self):
        return self.filterset.sort_order

    @cached_property
    def keys(self):
        return cursor.order_keys(self.ordered)

    @cached_property
    def state(self):
        """Count, newest publish_at and newest edits of the matching items (osce_site/caching)."""
        key = filter_key(self.request, ignore=PAGING)
        name = f"api-{self.model._meta.model_name}-state"
        return remember((name, key), lambda: matching(self.filterset.filtered(), self.taxonomy))

    @property
    def count(self):
        return self.state["count"]

    @property
    def etag(self):
        return state_etag(self.state, VERSION, self.request.get_full_path())

    @property
    def last_modified(self):
        return state_last_modified(self.state)

    @cached_property
    def rows(self):
        """This page's items, and the cursor of the next page (None on the last)."""
        qs = self.ordered
        if self.position is not None:
            qs = qs.filter(cursor.after(self.keys, self.position))
        rows = list(qs[: self.page_size + 1])
        if len(rows) <= self.page_size:
            return rows, None
        rows = rows[: self.page_size]
        return rows, cursor.encode(self.sort, rows[-1], self.keys)

    @property
    def next_url(self):
        _, next_cursor = self.rows
        if next_cursor is None:
            return None
        pairs = [
            (name, value)
            for name, values in self.request.GET.lists()
            if name != "cursor"
            for value in values
        ]
        query = urlencode([*pairs, ("cursor", next_cursor)])
        return self.request.build_absolute_uri(f"{self.request.path}?{query}")


class NewsListing(Listing):
    filterset_class = NewsItemFilter
    model = NewsItem


class PublicationListing(Listing):
    filterset_class = PublicationFilter
    model = Publication
    taxonomy = PUBLICATION_TAXONOMY


def parse_page_size(values):
    """(page size, None) or (default, why the value is refused)."""
    if not values:
        return DEFAULT_PAGE_SIZE, None
    if len(values) > 1:
        return DEFAULT_PAGE_SIZE, "give one page size"
    try:
        size = int(values[0])
    except ValueError:
        size = 0
    if not 1 <= size <= MAX_PAGE_SIZE:
        return DEFAULT_PAGE_SIZE, f"expected a whole number from 1 to {MAX_PAGE_SIZE}"
    return size, None
