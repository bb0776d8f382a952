"""The publications' FilterSet: the newsroom's engine (newsroom/listing/) with a publication's
kinds and the languages of its files as facets."""

from dataclasses import dataclass

import django_filters
from django.db.models import Count
from django.utils.translation import gettext_lazy

from library.models import Language
from newsroom.listing.filters import ForeignKeyFilter, RelationFilter, TaxonomyListingFilter
from publications.models import Publication, PublicationFile, PublicationKind


@dataclass(frozen=True)
class LanguageOption:
    """A language as a facet option: a slug (its code) and a name, like a record."""

    slug: str
    name: str

    @property
    def pk(self):
        return self.slug

    def __str__(self):
        return self.name


LANGUAGES = {code: LanguageOption(code, str(name)) for code, name in Language.choices}


class FileLanguageFilter(RelationFilter):
    """Publications with a file in any of the chosen languages."""

    def records(self, slugs):
        return [LANGUAGES[slug] for slug in slugs if slug in LANGUAGES]

    def having(self, qs, ids):
        files = PublicationFile.objects.filter(document__language__in=ids)
        return qs.filter(pk__in=files.values("publication_id"))

    def option_counts(self, items):
        rows = (
            PublicationFile.objects.filter(publication_id__in=items.values("pk"))
            .values("document__language")
            .annotate(count=Count("publication_id", distinct=True))
            .order_by()
        )
        for row in rows:
            option = LANGUAGES.get(row["document__language"])
            if option is not None:
                yield option.slug, option.name, row["count"]


class PublicationFilter(TaxonomyListingFilter):
    q = django_filters.CharFilter(method="search", label=gettext_lazy("Search the publications"))
    # The relation filters, kind first, are also the list's facets (listing/facets.py).
    kind = ForeignKeyFilter(
        field_name="kind",
        model=PublicationKind,
        noun=gettext_lazy("kind"),
        label=gettext_lazy("Kind"),
    )
    language = FileLanguageFilter(
        field_name="files",
        model=PublicationFile,
        noun=gettext_lazy("language"),
        label=gettext_lazy("Language"),
    )

    kind_param = "kind"
    everything = gettext_lazy("Publications")

    class Meta(TaxonomyListingFilter.Meta):
        model = Publication
