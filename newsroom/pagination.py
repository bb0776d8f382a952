"""Newsroom pagination that stays fast deep into a 100,000-item archive.

Two costs grow with the archive: COUNT(*) over every matching item on every request, and
OFFSET, which makes the database build and throw away every row before the page. The
count is cached per filter until the content changes (newsroom/cache.py). A deep page
first selects only the primary keys of its rows, which PostgreSQL answers from the
ordering index alone, then loads those rows with their relations. URLs stay `?page=N`.
"""

from django.conf import settings
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.utils.functional import cached_property

from newsroom.cache import remember

DEEP_OFFSET = 1000  # from here on, keys first


class ArchivePaginator(Paginator):
    def __init__(self, object_list, per_page, *args, count_key=None, **kwargs):
        super().__init__(object_list, per_page, *args, **kwargs)
        self.count_key = count_key

    @cached_property
    def count(self):
        if self.count_key is None:
            return super().count
        return remember(
            ("count", self.count_key), lambda: Paginator.count.func(self), count_seconds()
        )

    def page(self, number):
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        top = bottom + self.per_page
        if top + self.orphans >= self.count:
            top = self.count
        if bottom >= DEEP_OFFSET and isinstance(self.object_list, QuerySet):
            keys = self.object_list.prefetch_related(None).values_list("pk", flat=True)
            rows = self.object_list.filter(pk__in=list(keys[bottom:top]))
        else:
            rows = self.object_list[bottom:top]
        return self._get_page(rows, number, self)


class ArchivePaginationMixin:
    """For list views: an ArchivePaginator whose cached count is keyed by path and filters."""

    paginator_class = ArchivePaginator

    def get_paginator(self, queryset, per_page, **kwargs):
        return super().get_paginator(
            queryset, per_page, count_key=filter_key(self.request), **kwargs
        )


def filter_key(request, ignore=("page",)):
    """The request's path and parameters in a canonical order, without `ignore`."""
    pairs = sorted(
        (name, value)
        for name, values in request.GET.lists()
        if name not in ignore
        for value in values
    )
    return (request.path, tuple(pairs))


def count_seconds():
    return settings.CACHE_COUNT_SECONDS
