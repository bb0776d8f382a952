"""The engine's list page: a FilterSet's results, paginated, with facets, chips and notes."""

import hashlib

from django.core.paginator import EmptyPage
from django.http import Http404
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django_filters.views import FilterView

from newsroom.listing import search
from newsroom.listing.facets import count_options, facet_counts, query_without
from newsroom.listing.filters import shown
from newsroom.listing.moves import ListMoves
from newsroom.listing.pagination import ArchivePaginationMixin, depends_on, filter_key
from osce_site import surrogate
from osce_site.caching import ignoring_moves, remember


class FilteredListView(ArchivePaginationMixin, FilterView):
    """A list on the engine: its FilterSet, facets, chips, notes, pagination and feeds.

    Subclasses set `filterset_class`, `template_name`, `list_url_name`, `title` (the
    heading when nothing is filtered) and get_queryset().
    """

    paginate_by = 20
    strict = False  # bad parameters are ignored and shown, never a 500
    list_url_name = None
    title = ""
    facets_template = "newsroom/facet_list.html"
    # Whether the page shows its rows only as kept cards (newsroom/summaries.py): then,
    # unless it is a search, they stay a queryset, loaded only for cards to be rendered.
    rows_as_cards = False

    def get(self, request, *args, **kwargs):
        return surrogate.tag(super().get(request, *args, **kwargs), self.surrogate_keys())

    def surrogate_keys(self):
        return [surrogate.LIST]

    def paginate_queryset(self, queryset, page_size):
        """Page numbers past the end are a 404; a page that is not a number is page 1."""
        paginator = self.get_paginator(queryset, page_size)
        number, _note = self.requested_page()
        try:
            page = paginator.page(number)
        except EmptyPage as error:
            raise Http404("No such page") from error
        return paginator, page, page.object_list, page.has_other_pages()

    def requested_page(self):
        """The page number asked for, and a note when it was not one (then page 1)."""
        raw = self.request.GET.get(self.page_kwarg, "1")
        try:
            number = int(raw)
        except (TypeError, ValueError):
            number = 0
        if number < 1:
            return 1, _("ignored: page='%(value)s' is not a page number; showing page 1") % {
                "value": shown(raw)
            }
        return number, None

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        filterset = self.filterset
        page = context["page_obj"]
        items = page.object_list
        if filterset.search_text or not self.rows_as_cards:
            items = page.object_list = search.highlight(items, filterset.search_text)
        pairs = filterset.query_pairs()
        feed_pairs = filterset.query_pairs(with_sort=False)
        heading = filterset.describe(count=page.paginator.count) or self.title
        context.update(
            object_list=items,
            heading=heading,
            # Facet counts scan the archive and their ~200 options dominate rendering:
            # both are kept, as HTML, until the content changes.
            facets_html=self.facets_html(),
            chips=[
                {"label": label, "url": self.list_url(query_without(pairs, name, value))}
                for name, value, label in filterset.active()
            ],
            notes=[*filterset.notes, *filter(None, [self.requested_page()[1]])],
            sort_order=filterset.sort_order,
            sorts=filterset.sorts,
            page_range=page.paginator.get_elided_page_range(page.number, on_each_side=2, on_ends=1),
            feed_query=query_without(feed_pairs, None, None),
            feed_title=filterset.describe(),
            crumbs=[(None, self.title)],
            list_url=reverse(self.list_url_name),
        )
        return context

    def facets_html(self):
        """The facets, rendered. Their counts scan the archive and their ~200 options
        dominate rendering: the counts are kept until the content changes (and follow
        moves), the HTML for as long as the counts are the same."""
        key = filter_key(self.request)
        counted = remember(
            ("facet-counts", get_language(), key),
            lambda: count_options(self.filterset),
            **depends_on(key, self.search_check(), self.list_moves().facet_counts),
        )
        digest = hashlib.sha256(repr(sorted(counted.items())).encode()).hexdigest()
        return remember(
            ("facets-html", get_language(), key, digest),
            lambda: render_to_string(
                self.facets_template, {"facets": facet_counts(self.filterset, counted)}
            ),
            lists=True,
            moves=ignoring_moves,
        )

    def candidates(self):
        """What the list would hold if every item were published (its rows' queryset):
        what it holds is candidates().published()."""
        raise NotImplementedError

    def get_queryset(self):
        return self.candidates().published()

    @cached_property
    def _list_moves(self):
        return ListMoves(self)

    def list_moves(self):
        """How the remembered count, page keys and facet counts follow moves."""
        return self._list_moves

    @cached_property
    def _search_check(self):
        filterset = getattr(self, "filterset", None)  # None: paginated without filters
        text = filterset.search_text if filterset is not None else ""
        if not text:
            return None
        model, db = filterset.queryset.model, filterset.queryset.db
        language = filterset.search_language or get_language()
        answers = {}  # the count, page keys and facets ask about the same edits: one query

        def check(edits):
            edits = tuple(edits)
            if edits not in answers:
                answers[edits] = search.unaffected(model, db, text, language, edits)
            return answers[edits]

        return check

    def search_check(self):
        """For a search: whether text edits (caching.Edit) leave its matches and their ranks
        as they were; its counts, facets and page keys are then kept."""
        return self._search_check

    def list_url(self, query):
        url = reverse(self.list_url_name)
        return f"{url}?{query}" if query else url
