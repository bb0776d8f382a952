from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views.generic import DetailView

from newsroom.listing.pages import FilteredListView
from newsroom.models import NewsItem
from newsroom.preview import PreviewMixin
from newsroom.views import GoneMixin
from publications import matches
from publications.filters import PublicationFilter
from publications.models import Publication, RemovedPublication

RELATED = 4


class PublicationListView(FilteredListView):
    filterset_class = PublicationFilter
    template_name = "publications/publication_list.html"
    list_url_name = "publications:publication-list"
    title = _("Publications")

    def candidates(self):
        return Publication.objects.for_listing()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        # Where in their PDFs the search text is: one query for the page's publications.
        matches.attach(context["object_list"], self.filterset.search_text)
        context.update(feed_app="publications", feed_label=_("OSCE publications"))
        return context


class PublicationDetailView(GoneMixin, DetailView):
    removed_model = RemovedPublication
    gone_template = "publications/publication_gone.html"

    def get_queryset(self):
        # Withdrawn publications keep their page, marked (publications/publication_detail.html).
        return Publication.objects.on_record().for_detail()

    def get_context_data(self, **kwargs):
        publication = self.object
        field_ids = [f.pk for f in publication.fields_of_work.all()]
        structure_ids = [s.pk for s in publication.structures.all()]
        files = list(publication.files.all())
        related_news, related_publications = [], []
        if field_ids or structure_ids:
            shared = Q(fields_of_work__in=field_ids) | Q(structures__in=structure_ids)
            related_news = list(
                NewsItem.objects.published()
                .for_links()
                .filter(pk__in=NewsItem.objects.filter(shared).values("pk"))
                .newest_first()[:RELATED]
            )
            related_publications = list(
                Publication.objects.published()
                .for_links()
                .filter(pk__in=Publication.objects.filter(shared).values("pk"))
                .exclude(pk=publication.pk)
                .newest_first()[:RELATED]
            )
        cover = publication.cover
        thumbnail = next((f.document.thumbnail for f in files if f.document.thumbnail), None)
        return super().get_context_data(
            files=files,
            cover=cover,
            thumbnail=None if cover else thumbnail,
            related_news=related_news,
            related_publications=related_publications,
            crumbs=[
                (reverse("publications:publication-list"), _("Publications")),
                (None, publication.title),
            ],
            **kwargs,
        )


class PublicationPreviewView(PreviewMixin, PublicationDetailView):
    model = Publication
