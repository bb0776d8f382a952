from django.db.models import Q
from django.http import Http404, HttpResponsePermanentRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.functional import SimpleLazyObject
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _
from django.views.generic import DetailView

from newsroom.listing.filters import NewsItemFilter
from newsroom.listing.pages import FilteredListView
from newsroom.models import NewsItem, RemovedItem
from newsroom.redirects import SlugRedirectMixin
from newsroom.translations import group_key, public_translations
from osce_site import surrogate
from osce_site.caching import remember, remembering, stale_allowed

RELATED_ITEMS = 4


class NewsItemListView(FilteredListView):
    filterset_class = NewsItemFilter
    template_name = "newsroom/newsitem_list.html"
    list_url_name = "newsroom:newsitem-list"
    title = gettext_lazy("Newsroom")
    rows_as_cards = True

    def candidates(self):
        """The page's language's items: /ru/newsroom/ lists the Russian ones (and counts
        them in its facets, which start from this queryset)."""
        return NewsItem.objects.in_language(get_language()).for_cards()


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
    """A detail view whose slug belonged to a deleted published item answers 410 Gone: the
    slugs are kept by `removed_model` (newsroom/editorial/workflow.py's remember_removed)."""

    removed_model = RemovedItem
    gone_template = "newsroom/newsitem_gone.html"

    def get(self, request, *args, **kwargs):
        try:
            return super().get(request, *args, **kwargs)
        except Http404:
            slug = kwargs.get(self.slug_url_kwarg)
            removed = self.removed_model.objects.filter(slug=slug).first()
            if removed is None:
                raise
            return render(request, self.gone_template, {"removed": removed}, status=410)


class OwnLanguageMixin:
    """An item lives under its own language's prefix: elsewhere it answers 301 there."""

    def get(self, request, *args, **kwargs):
        self.object = self.get_object()
        if self.object.page_language != get_language():
            return HttpResponsePermanentRedirect(self.object.get_absolute_url())
        return self.render_to_response(self.get_context_data(object=self.object))


class NewsItemDetailView(GoneMixin, SlugRedirectMixin, OwnLanguageMixin, DetailView):
    keeps_object = True  # previews: False (newsroom/preview.py)

    def get_object(self, queryset=None):
        """The item, kept per address and content version (never stale), when remembered
        computations are on: a page the page cache does not answer then runs no query for
        it. Not found is not kept."""
        if queryset is not None or not self.keeps_object or not remembering():
            return super().get_object(queryset)
        with stale_allowed(False):
            return remember(("item", self.kwargs[self.slug_url_kwarg]), super().get_object)

    def get(self, request, *args, **kwargs):
        response = super().get(request, *args, **kwargs)
        if getattr(self, "object", None) is not None and response.status_code == 200:
            # Its translations' pages change with it (newsroom/translations.py).
            group = [group_key(self.object)] if self.object.has_translations else []
            # Kept like the page's fragments, never stale (naming its taxonomy loads the
            # item's relations: newsroom/templatetags/fragments.py).
            with stale_allowed(False):
                keys = remember(
                    ("surrogate-keys", surrogate.key(self.object)), self.object.surrogate_keys
                )
            surrogate.tag(response, [*keys, *group])
        return response

    def get_queryset(self):
        # Withdrawn items keep their page, marked (templates/newsroom/newsitem_detail.html).
        # Its relations are loaded only where they are read (kept fragments, surrogate keys).
        return NewsItem.objects.on_record().for_detail(relations=not remembering())

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
            related=when_rendered(lambda: related_items(item)),
            previous_item=when_rendered(lambda: public.filter(older).newest_first().first()),
            next_item=when_rendered(lambda: public.filter(newer).oldest_first().first()),
            crumbs=[(reverse("newsroom:newsitem-list"), _("Newsroom")), (None, item.title)],
            **kwargs,
        )


def when_rendered(compute):
    """What only the page's kept fragment reads (newsroom/templatetags/fragments.py):
    computed if the fragment is rendered, not when it is kept; at once when nothing is."""
    return SimpleLazyObject(compute) if remembering() else compute()


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
        ("related", item.pk, limit),
        lambda: list(newest.values_list("pk", flat=True)[:limit]),
        lists=True,
    )
    return list(public.filter(pk__in=keys))
