from django.core.paginator import EmptyPage
from django.db.models import Q
from django.http import Http404, HttpResponsePermanentRedirect
from django.shortcuts import render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.generic import DetailView
from django_filters.views import FilterView

from newsroom.listing import search
from newsroom.listing.facets import facet_counts, query_without
from newsroom.listing.filters import NewsItemFilter, shown
from newsroom.listing.pagination import ArchivePaginationMixin, filter_key
from newsroom.models import NewsItem, RemovedItem
from newsroom.redirects import SlugRedirectMixin
from newsroom.translations import public_translations
from osce_site import surrogate
from osce_site.caching import remember, remembering

RELATED_ITEMS = 4


class NewsItemListView(ArchivePaginationMixin, FilterView):
    filterset_class = NewsItemFilter
    paginate_by = 20
    strict = False  # bad parameters are ignored and shown, never a 500
    template_name = "newsroom/newsitem_list.html"

    def get(self, request, *args, **kwargs):
        return surrogate.tag(super().get(request, *args, **kwargs), self.surrogate_keys())

    def surrogate_keys(self):
        return [surrogate.LIST]

    def get_queryset(self):
        """The page's language's items: /ru/newsroom/ lists the Russian ones (and counts
        them in its facets, which start from this queryset)."""
        return NewsItem.objects.published().in_language(get_language()).for_listing()

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
        items = search.highlight(page.object_list, filterset.search_text)
        page.object_list = items
        pairs = filterset.query_pairs()
        feed_pairs = filterset.query_pairs(with_sort=False)
        heading = filterset.describe(count=page.paginator.count) or _("Newsroom")
        context.update(
            object_list=items,
            heading=heading,
            # Facet counts scan the archive and their ~200 options dominate rendering:
            # both are kept, as HTML, until the content changes.
            facets_html=remember(
                ("facets-html", get_language(), filter_key(self.request)),
                lambda: render_to_string(
                    "newsroom/facet_list.html", {"facets": facet_counts(filterset)}
                ),
            ),
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
            crumbs=[(None, _("Newsroom"))],
        )
        return context

    def list_url(self, query):
        url = reverse("newsroom:newsitem-list")
        return f"{url}?{query}" if query else url


class TagNewsView(NewsItemListView):
    """A tag's items at a stable URL: the newsroom filtered by `tag=<slug>`."""

    def get_filterset_kwargs(self, filterset_class):
        kwargs = super().get_filterset_kwargs(filterset_class)
        data = self.request.GET.copy()
        data.setlist("tag", [self.kwargs["slug"]])
        kwargs["data"] = data
        return kwargs

    def surrogate_keys(self):
        return [surrogate.LIST, *map(surrogate.key, self.filterset.cleaned.get("tag") or [])]

    def get_context_data(self, **kwargs):
        tags = self.filterset.cleaned.get("tag")
        if not tags:
            raise Http404("No such tag")
        context = super().get_context_data(**kwargs)
        context["tag"] = tags[0]
        context["crumbs"] = [
            (reverse("newsroom:newsitem-list"), _("Newsroom")),
            (None, _("Tag “%(name)s”") % {"name": tags[0].name}),
        ]
        context["canonical_url"] = self.request.build_absolute_uri(self.request.path)
        return context


class GoneMixin:
    """A detail view whose slug belonged to a deleted published item answers 410 Gone."""

    def get(self, request, *args, **kwargs):
        try:
            return super().get(request, *args, **kwargs)
        except Http404:
            removed = RemovedItem.objects.filter(slug=kwargs.get(self.slug_url_kwarg)).first()
            if removed is None:
                raise
            return render(request, "newsroom/newsitem_gone.html", {"removed": removed}, status=410)


class OwnLanguageMixin:
    """An item lives under its own language's prefix: elsewhere it answers 301 there."""

    def get(self, request, *args, **kwargs):
        self.object = self.get_object()
        if self.object.page_language != get_language():
            return HttpResponsePermanentRedirect(self.object.get_absolute_url())
        return self.render_to_response(self.get_context_data(object=self.object))


class NewsItemDetailView(GoneMixin, SlugRedirectMixin, OwnLanguageMixin, DetailView):
    def get(self, request, *args, **kwargs):
        response = super().get(request, *args, **kwargs)
        if getattr(self, "object", None) is not None and response.status_code == 200:
            surrogate.tag(response, self.object.surrogate_keys())
        return response

    def get_queryset(self):
        # Withdrawn items keep their page, marked (templates/newsroom/newsitem_detail.html).
        return NewsItem.objects.on_record().for_detail()

    def get_context_data(self, **kwargs):
        item = self.object
        public = NewsItem.objects.published().in_language(item.language).for_links()
        # A range on sort_date, not "earlier OR same time and lower id": the range is an
        # index condition, so finding the neighbour of a 1998 item does not walk the whole
        # archive.
        same_moment = Q(sort_date=item.sort_date)
        older = Q(sort_date__lte=item.sort_date) & ~(same_moment & Q(pk__gte=item.pk))
        newer = Q(sort_date__gte=item.sort_date) & ~(same_moment & Q(pk__lte=item.pk))
        translations = public_translations(item)
        return super().get_context_data(
            translations=translations,
            # The switcher and hreflang links go to these (osce_site/templatetags/languages.py).
            page_translations={other.page_language: other for other in [item, *translations]},
            related=related_items(item),
            previous_item=public.filter(older).newest_first().first(),
            next_item=public.filter(newer).oldest_first().first(),
            crumbs=[(reverse("newsroom:newsitem-list"), _("Newsroom")), (None, item.title)],
            **kwargs,
        )


def related_items(item, limit=RELATED_ITEMS):
    """Newest published items sharing a field of work or a structure with `item`.

    Finding them hashes every item filed under the same fields and structures, so, like the
    newsroom's counts, their keys are kept until the content changes; loading them by key is
    then one cheap query.
    """
    field_ids = [f.pk for f in item.fields_of_work.all()]
    structure_ids = [s.pk for s in item.structures.all()]
    if not field_ids and not structure_ids:
        return []
    fields = NewsItem.fields_of_work.through.objects.filter(fieldofwork_id__in=field_ids)
    structures = NewsItem.structures.through.objects.filter(structure_id__in=structure_ids)
    shared = Q(pk__in=fields.values("newsitem_id")) | Q(pk__in=structures.values("newsitem_id"))
    public = NewsItem.objects.published().in_language(item.language).for_links().newest_first()
    newest = public.filter(shared).exclude(pk=item.pk)
    if not remembering():  # nothing kept: one query for the rows, not keys then rows
        return list(newest[:limit])
    keys = remember(
        ("related", item.pk, limit), lambda: list(newest.values_list("pk", flat=True)[:limit])
    )
    return list(public.filter(pk__in=keys))
