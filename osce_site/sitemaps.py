"""Sitemap sections for /sitemap.xml: public news, publications and their files, topics,
structures, countries, tags and list pages.

Each section pages itself at Sitemap.limit (50,000) URLs and the index links every page, so the
archive can grow past the protocol's limit. `protocol = None`: URLs use the request's scheme.
"""

from functools import cached_property

from django.contrib.sitemaps import Sitemap
from django.db.models import Max
from django.urls import reverse

from library.models import Document
from newsroom.models import NewsItem
from publications.models import Publication
from structures.models import Country, FieldOfWork, Structure


class NewsItemSitemap(Sitemap):
    changefreq = "monthly"
    # Smaller than the protocol's 50,000 so that rendering one page stays quick (Django's
    # sitemap template renders URL by URL); the index lists every page.
    limit = 5000

    def items(self):
        # Oldest first keeps the URLs of a full page stable as news is added.
        return NewsItem.objects.published().oldest_first().only("slug", "publish_at", "updated_at")

    def lastmod(self, item):
        return item.modified_at

    def get_latest_lastmod(self):
        return NewsItem.objects.published().last_modified()


class PublicationSitemap(Sitemap):
    changefreq = "monthly"
    limit = 5000

    def items(self):
        return (
            Publication.objects.published()
            .order_by("publish_at", "pk")
            .only("slug", "publish_at", "updated_at")
        )

    def lastmod(self, publication):
        return publication.modified_at

    def get_latest_lastmod(self):
        latest = Publication.objects.published().aggregate(
            updated=Max("updated_at"), published=Max("publish_at")
        )
        return max((moment for moment in latest.values() if moment), default=None)


class PublicationFileSitemap(Sitemap):
    """The files of public publications: their download URLs."""

    changefreq = "yearly"
    limit = 5000

    def items(self):
        public = Publication.objects.published().values("pk")
        return (
            Document.objects.filter(publication_files__publication__in=public)
            .distinct()
            .order_by("pk")
            .only("file", "updated_at")
        )

    def lastmod(self, document):
        return document.updated_at

    def get_latest_lastmod(self):
        return self.items().aggregate(latest=Max("updated_at"))["latest"]


class UpdatedAtSitemap(Sitemap):
    """A section of records that carry `updated_at`; the index asks for one MAX query."""

    model = None

    def items(self):
        return self.model.objects.order_by("pk").only("slug", "updated_at")

    def lastmod(self, item):
        return item.updated_at

    def get_latest_lastmod(self):
        return self.model.objects.aggregate(latest=Max("updated_at"))["latest"]


class FieldOfWorkSitemap(UpdatedAtSitemap):
    model = FieldOfWork
    changefreq = "weekly"


class StructureSitemap(UpdatedAtSitemap):
    model = Structure
    changefreq = "weekly"


class CountrySitemap(UpdatedAtSitemap):
    model = Country
    changefreq = "weekly"


class TagSitemap(Sitemap):
    """Tag pages of the tags on public news, dated by their newest item."""

    changefreq = "weekly"

    @cached_property
    def rows(self):
        return list(
            NewsItem.objects.published()
            .filter(tags__isnull=False)
            .values("tags__slug")
            .annotate(latest=Max("publish_at"))
            .order_by("tags__slug")
        )

    def items(self):
        return self.rows

    def location(self, item):
        return reverse("newsroom:tag-detail", args=[item["tags__slug"]])

    def lastmod(self, item):
        return item["latest"]

    def get_latest_lastmod(self):
        return max((item["latest"] for item in self.rows), default=None)


class ListPageSitemap(Sitemap):
    """The list pages, each dated by the newest record it shows (about and meetings: no date)."""

    changefreq = "daily"
    pages = {
        "home": NewsItem,
        "newsroom:newsitem-list": NewsItem,
        "publications:publication-list": Publication,
        "structures:fieldofwork-list": FieldOfWork,
        "structures:structure-list": Structure,
        "structures:fieldoperation-list": Structure,
        "structures:country-list": Country,
        "structures:meetingseries-list": None,
        "about": None,
    }

    def items(self):
        return list(self.pages)

    def location(self, item):
        return reverse(item)

    def lastmod(self, item):
        model = self.pages[item]
        if model in (NewsItem, Publication):
            return model.objects.published().aggregate(latest=Max("publish_at"))["latest"]
        if item == "structures:fieldoperation-list":
            return Structure.objects.field_operations().aggregate(latest=Max("updated_at"))[
                "latest"
            ]
        if model is not None:
            return model.objects.aggregate(latest=Max("updated_at"))["latest"]
        return None

    def get_latest_lastmod(self):
        return None


sitemaps = {
    "pages": ListPageSitemap,
    "news": NewsItemSitemap,
    "topics": FieldOfWorkSitemap,
    "structures": StructureSitemap,
    "countries": CountrySitemap,
    "tags": TagSitemap,
    "publications": PublicationSitemap,
    "publication-files": PublicationFileSitemap,
}
