"""Sitemap sections for /sitemap.xml: public news, publications and their files, topics,
structures, countries, tags and list pages.

Each section pages itself at Sitemap.limit (50,000) URLs and the index links every page, so the
archive can grow past the protocol's limit. `protocol = None`: URLs use the request's scheme.

Every page but a news item exists in each language (settings.LANGUAGES): those sections
list each language's URL with the others as `xhtml:link` alternates, English as x-default.
A news item exists in its own language: it is listed once, and an item with translations
names them as its alternates (one query per sitemap page).
"""

from functools import cached_property

from django.conf import settings
from django.contrib.sitemaps import Sitemap
from django.db.models import Exists, Max, OuterRef, Q
from django.urls import reverse
from django.utils.translation import override

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
        translated = Exists(NewsItem.objects.filter(translation_of=OuterRef("pk")))
        return (
            NewsItem.objects.published()
            .oldest_first()
            .only("slug", "language", "translation_of", "publish_at", "updated_at")
            .annotate(translated=translated)
        )

    def get_urls(self, page=1, site=None, protocol=None):
        urls = super().get_urls(page=page, site=site, protocol=protocol)
        grouped = [url["item"] for url in urls if url["item"].has_translations]
        if not grouped:
            return urls
        sources = {item.translation_of_id or item.pk for item in grouped}
        groups = {}
        members = NewsItem.objects.published().filter(
            Q(pk__in=sources) | Q(translation_of__in=sources)
        )
        for member in members.only("slug", "language", "translation_of"):
            groups.setdefault(member.translation_of_id or member.pk, []).append(member)
        for url in urls:
            item = url["item"]
            group = groups.get(item.translation_of_id or item.pk, [])
            if len(group) > 1:
                site = url["location"].removesuffix(item.get_absolute_url())  # scheme://domain
                url["alternates"] = alternates(group, site)
        return urls

    def lastmod(self, item):
        return item.modified_at

    def get_latest_lastmod(self):
        return NewsItem.objects.published().last_modified()


def alternates(group, site):
    """A translation group's URLs as sitemap alternates; x-default is the English one, else
    the group's source."""
    by_language = {member.page_language: member for member in group}
    source = next((m for m in group if m.translation_of_id is None), group[0])
    default = by_language.get(settings.LANGUAGE_CODE, source)
    return [
        {"location": site + member.get_absolute_url(), "lang_code": code}
        for code, member in by_language.items()
    ] + [{"location": site + default.get_absolute_url(), "lang_code": "x-default"}]


class InEveryLanguage:
    """Each item's URL in every language, each naming the others (and x-default)."""

    i18n = True
    alternates = True
    x_default = True


class PublicationSitemap(InEveryLanguage, Sitemap):
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


class UpdatedAtSitemap(InEveryLanguage, Sitemap):
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
    """Tag pages of the tags on public news, in each language that has such news, dated by
    their newest item."""

    changefreq = "weekly"

    @cached_property
    def rows(self):
        return list(
            NewsItem.objects.published()
            .filter(tags__isnull=False)
            .values("tags__slug", "language")
            .annotate(latest=Max("publish_at"))
            .order_by("tags__slug", "language")
        )

    def items(self):
        return self.rows

    def location(self, item):
        with override(item["language"]):
            return reverse("newsroom:tag-detail", args=[item["tags__slug"]])

    def lastmod(self, item):
        return item["latest"]

    def get_latest_lastmod(self):
        return max((item["latest"] for item in self.rows), default=None)


class ListPageSitemap(InEveryLanguage, Sitemap):
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
