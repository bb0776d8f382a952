"""Publications: studies and reports, manuals and guides, projects, stories.

Their files are library documents (one file store, one upload path): a PublicationFile
links a publication to a Document, typically the same text in several languages. The text
of the files' PDFs is copied into `document_text` (publications/indexing.py) so that the
newsroom's search engine (newsroom/listing/search.py) finds publications by it.
"""

import datetime
import uuid

from django.contrib.contenttypes.fields import GenericRelation
from django.contrib.postgres.search import SearchVectorField
from django.db import models
from django.db.models import Prefetch
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from taggit.managers import TaggableManager
from taggit.models import TaggedItem

from library.models import Document
from newsroom.editorial.sanitize import clean_html
from newsroom.models import (
    CorrectionRecord,
    EditorialContent,
    EditorialQuerySet,
    RemovedRecord,
    ReviewRecord,
    names_and_links,
)
from osce_site.reversing import detail_path
from structures.models import Country, FieldOfWork, Structure


class PublicationKind(models.Model):
    """Study or report, Manual or guide, Project, Story: an editable list, like news types."""

    name = models.CharField(_("name"), max_length=100, unique=True)
    plural = models.CharField(_("plural"), max_length=100, blank=True)
    slug = models.SlugField(max_length=100, unique=True)
    position = models.PositiveSmallIntegerField(
        _("position"), default=0, help_text=_("Order of the sections on topic pages.")
    )
    description = models.CharField(_("description"), max_length=300, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["position", "name"]
        verbose_name = _("publication kind")

    def __str__(self):
        return self.name

    @property
    def plural_name(self):
        return self.plural or f"{self.name}s"


class PublicationQuerySet(EditorialQuerySet):
    def newest_first(self):
        return self.order_by("-sort_date", "-id")

    def oldest_first(self):
        return self.order_by("sort_date", "id")

    def for_listing(self):
        """Lists show the kind, fields of work and structures; long texts stay behind."""
        return (
            self.select_related("kind", "cover")
            .defer("body", "document_text", "search_vector")
            .prefetch_related(
                Prefetch("structures", names_and_links(Structure), to_attr="listed_structures"),
                Prefetch("fields_of_work", names_and_links(FieldOfWork), to_attr="listed_fields"),
            )
        )

    def for_feed(self):
        return (
            self.for_listing()
            .defer(None)
            .defer("document_text", "search_vector")
            .prefetch_related(
                Prefetch("countries", Country.objects.all(), to_attr="listed_countries"),
                Prefetch("tags", to_attr="listed_tags"),
            )
        )

    def for_detail(self):
        files = PublicationFile.objects.select_related("document")
        return (
            self.flag_corrections()
            .select_related("kind", "cover")
            .defer("document_text", "search_vector")
            .prefetch_related(
                Prefetch("structures", names_and_links(Structure)),
                Prefetch("fields_of_work", names_and_links(FieldOfWork)),
                "countries",
                "tags",
                Prefetch("files", files),
            )
        )

    def for_links(self):
        return self.select_related("kind").only(
            "title", "slug", "issued_on", "date_precision", "publish_at", "kind__name"
        )


class Publication(EditorialContent):
    """A publication runs the news items' editorial workflow (EditorialContent): review,
    proposals on live publications, edit locking, preview, withdrawal and corrections."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        PUBLISHED = "published", _("Published")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    class Precision(models.TextChoices):
        DAY = "day", _("Day")
        MONTH = "month", _("Month")
        YEAR = "year", _("Year")

    # What the newsroom's search engine weighs (newsroom/listing/search.py).
    SEARCH_WEIGHTS = {"title": "A", "abstract": "B", "body": "C", "document_text": "D"}
    SUMMARY_FIELD = "abstract"

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    title = models.CharField(_("title"), max_length=300)
    slug = models.SlugField(max_length=255, unique=True)
    kind = models.ForeignKey(
        PublicationKind,
        on_delete=models.PROTECT,
        related_name="publications",
        verbose_name=_("kind"),
    )
    issued_on = models.DateField(
        _("publication date"), null=True, blank=True, help_text=_("As the source gives it.")
    )
    date_precision = models.CharField(
        _("date precision"),
        max_length=5,
        choices=Precision,
        default=Precision.DAY,
        help_text=_("How much of the publication date the source gives."),
    )
    abstract = models.TextField(_("abstract"), blank=True)
    body = models.TextField(_("body"), blank=True, help_text=_("HTML; cleaned on save."))
    cover = models.ForeignKey(
        "library.Image",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="cover_of",
        verbose_name=_("cover image"),
        help_text=_("Empty: the first page of its first PDF."),
    )
    structures = models.ManyToManyField(
        Structure, blank=True, related_name="publications", verbose_name=_("where we are")
    )
    fields_of_work = models.ManyToManyField(
        FieldOfWork, blank=True, related_name="publications", verbose_name=_("what we do")
    )
    countries = models.ManyToManyField(Country, blank=True, related_name="publications")
    tags = TaggableManager(blank=True)
    tagged_items = GenericRelation(TaggedItem, related_query_name="publication")
    status = models.CharField(_("status"), max_length=16, choices=Status, default=Status.DRAFT)
    publish_at = models.DateTimeField(
        _("publish at"), default=timezone.now, help_text=_("Public from this moment.")
    )
    # Lists' order and date filters: the publication date, else when it was published here.
    sort_date = models.DateTimeField(editable=False, db_index=True)
    document_text = models.TextField(editable=False, blank=True)
    search_vector = SearchVectorField(null=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = PublicationQuerySet.as_manager()
    # What an Editor's change to a live publication may carry (newsroom/editorial/review.py);
    # its files are edited with the publication itself (a Publisher's save, or a draft's).
    PROPOSED_FIELDS = (
        "title",
        "slug",
        "kind",
        "publish_at",
        "issued_on",
        "date_precision",
        "abstract",
        "body",
        "cover",
        "structures",
        "fields_of_work",
        "countries",
        "tags",
    )

    class Meta:
        ordering = ["-sort_date", "-id"]
        verbose_name = _("publication")
        permissions = [("publish_publication", "Can publish, unpublish and schedule publications")]
        indexes = [
            models.Index(fields=["status", "publish_at"], name="publication_status_idx"),
            models.Index(fields=["updated_at"], name="publication_updated_idx"),
        ]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        self.body = clean_html(self.body)
        self.sort_date = sort_date_of(self.issued_on, self.publish_at)
        if kwargs.get("update_fields") is not None:
            kwargs["update_fields"] = {*kwargs["update_fields"], "sort_date"}
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return detail_path("publications:publication-detail", self.slug)

    @property
    def date_format(self):
        """The `date` filter format for `issued_on` at its precision."""
        return {"year": "Y", "month": "F Y"}.get(self.date_precision, "j F Y")


def sort_date_of(issued_on, publish_at):
    if issued_on is None:
        return publish_at
    return datetime.datetime.combine(issued_on, datetime.time(), tzinfo=datetime.UTC)


class PublicationFile(models.Model):
    """One file of a publication (often one per language), in the order its page lists them."""

    publication = models.ForeignKey(Publication, on_delete=models.CASCADE, related_name="files")
    document = models.ForeignKey(
        Document, on_delete=models.PROTECT, related_name="publication_files"
    )
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position", "id"]
        verbose_name = _("file")
        verbose_name_plural = _("files")
        constraints = [
            models.UniqueConstraint(
                fields=["publication", "document"], name="publicationfile_unique"
            ),
        ]

    def __str__(self):
        return f"“{self.document}” of “{self.publication}”"


# The editorial workflow's records of a publication (newsroom/models.py says why one per
# content model).


class PublicationReview(ReviewRecord):
    item = models.ForeignKey(Publication, on_delete=models.CASCADE, related_name="reviews")


class PublicationCorrection(CorrectionRecord):
    item = models.ForeignKey(Publication, on_delete=models.CASCADE, related_name="corrections")


class RemovedPublication(RemovedRecord):
    pass
