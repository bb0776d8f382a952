"""Newsroom pagination that stays fast deep into an archive of decades of news.

Two costs grow with the archive: COUNT(*) over every matching item on every request, and
OFFSET, which makes the database build and throw away every row before the page. The
count, and the primary keys of each page's rows, are cached per filter until the content
changes (osce_site/caching.py), so a page costs one primary-key lookup of its 20 rows however
deep, filtered or ranked it is. Without that cache, a deep page first selects only the
keys of its rows, which PostgreSQL answers from the ordering index alone, then loads those
rows with their relations. URLs stay `?page=N`.
"""

from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.utils.functional import cached_property

from osce_site.caching import remember, remembering

DEEP_OFFSET = 1000  # from here on, keys first


class ArchivePaginator(Paginator):
    def __init__(
        self, object_list, per_page, *args, cache_key=None, texts=None, moves=None, **kwargs
    ):
        super().__init__(object_list, per_page, *args, **kwargs)
        self.cache_key = cache_key
        self.texts = texts  # a search's check of text edits (remember(texts=…))
        self.moves = moves  # how the count and page keys follow moves (moves.ListMoves)

    @cached_property
    def count(self):
        if self.cache_key is None:
            return super().count
        return remember(
            ("count", self.cache_key), lambda: Paginator.count.func(self), **self.depends("count")
        )

    def page(self, number):
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        top = bottom + self.per_page
        if top + self.orphans >= self.count:
            top = self.count
        if not isinstance(self.object_list, QuerySet):
            return self._get_page(self.object_list[bottom:top], number, self)
        keys = self.object_list.prefetch_related(None).values_list("pk", flat=True)
        if self.cache_key is not None and remembering():
            page_keys = remember(
                ("page-keys", self.cache_key, bottom, top),
                lambda: list(keys[bottom:top]),
                **self.depends("page_keys"),
            )
            rows = self.object_list.filter(pk__in=page_keys)
        elif bottom >= DEEP_OFFSET:
            rows = self.object_list.filter(pk__in=list(keys[bottom:top]))
        else:
            rows = self.object_list[bottom:top]
        return self._get_page(rows, number, self)

    def depends(self, value):
        """remember()'s arguments for the count or the page keys (`value`)."""
        moves = getattr(self.moves, value) if self.moves is not None else None
        return depends_on(self.cache_key, self.texts, moves)


def depends_on(key, texts=None, moves=None):
    """remember()'s arguments for what is remembered under the filter_key() `key`: the
    listing version for a list; for a search, that and `texts` (its check of text edits),
    or, without one, every content change. `moves`: how it follows moves, if it can."""
    if not is_search(key):
        return {"lists": True, "moves": moves}
    return {"texts": texts, "moves": moves} if texts is not None else {}


class ArchivePaginationMixin:
    """For list views: an ArchivePaginator whose cached count is keyed by path and filters,
    and, for a search, told how text edits may change it (`search_check()`)."""

    paginator_class = ArchivePaginator

    def get_paginator(self, queryset, per_page, **kwargs):
        return super().get_paginator(
            queryset,
            per_page,
            cache_key=filter_key(self.request),
            texts=self.search_check(),
            moves=self.list_moves(),
            **kwargs,
        )

    def search_check(self):
        return None

    def list_moves(self):
        return None


def is_search(key):
    """Whether `key` may depend on texts, not only on lists: a filter_key() with a search
    (its matches change with texts), or any other key (nothing known about it)."""
    is_filter_key = isinstance(key, tuple) and len(key) == 2 and isinstance(key[1], tuple)
    return not is_filter_key or any(pair[0] == "q" for pair in key[1])


def filter_key(request, ignore=("page",)):
    """The request's path and parameters in a canonical order, without `ignore`."""
    pairs = sorted(
        (name, value)
        for name, values in request.GET.lists()
        if name not in ignore
        for value in values
    )
    return (request.path, tuple(pairs))
