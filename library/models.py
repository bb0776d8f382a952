"""Images and documents uploaded once and used anywhere: as a news item's lead image, in a
body, as an item's attached documents (and, later, by publications).

What is used where is kept in rows with PROTECT foreign keys (NewsItem.lead_image,
ItemDocument, BodyReference), so the database refuses to delete something still in use
and the admin can say where it is used without reading any body.
"""

import posixpath

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Func, OuterRef, Q, Subquery
from django.template.defaultfilters import filesizeformat
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from structures.models import Structure


class Language(models.TextChoices):
    ENGLISH = "en", _("English")
    FRENCH = "fr", _("French")
    GERMAN = "de", _("German")
    ITALIAN = "it", _("Italian")
    RUSSIAN = "ru", _("Russian")
    SPANISH = "es", _("Spanish")


def items_using(condition):
    """The number of distinct news items matching `condition` (made with OuterRef)."""
    from newsroom.models import NewsItem

    count = Func(F("pk"), function="COUNT", template="COUNT(DISTINCT %(expressions)s)")
    return Subquery(NewsItem.objects.filter(condition).order_by().annotate(n=count).values("n"))


class LibraryFile(models.Model):
    """What images and documents share: whose they are, who uploaded them, when."""

    structure = models.ForeignKey(
        Structure,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="library_%(class)ss",
        help_text="Whose it is, for finding it.",
    )
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="library_%(class)ss",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        abstract = True
        ordering = ["-created_at", "-id"]


class ImageQuerySet(models.QuerySet):
    def with_usage(self):
        """Each image with `used_in_count`: how many news items show it (lead or body)."""
        return self.annotate(
            used_in_count=items_using(
                Q(lead_image=OuterRef("pk")) | Q(library_references__image=OuterRef("pk"))
            )
        )


class Image(LibraryFile):
    title = models.CharField(max_length=255, help_text="For finding the image in the library.")
    file = models.ImageField(
        upload_to="library/images/%Y/", width_field="width", height_field="height"
    )
    width = models.PositiveIntegerField(editable=False, default=0)
    height = models.PositiveIntegerField(editable=False, default=0)
    file_size = models.PositiveBigIntegerField(editable=False, default=0)
    alt = models.CharField(
        "alt text",
        max_length=300,
        help_text="What the photo shows, for people who cannot see it. Required.",
    )
    caption = models.CharField(max_length=300, blank=True)
    credit = models.CharField(
        max_length=200, blank=True, help_text="e.g. 'OSCE/Evgeniy Maloletka'."
    )
    focal_x = models.FloatField(
        null=True,
        blank=True,
        validators=[MinValueValidator(0), MaxValueValidator(1)],
        help_text="0 (left) to 1 (right): where crops should centre.",
    )
    focal_y = models.FloatField(
        null=True,
        blank=True,
        validators=[MinValueValidator(0), MaxValueValidator(1)],
        help_text="0 (top) to 1 (bottom): where crops should centre.",
    )
    renditions = models.JSONField(
        default=list,
        blank=True,
        editable=False,
        help_text="Width-limited copies: [{name, width, height}], the original last.",
    )
    social_card = models.JSONField(
        default=dict,
        blank=True,
        editable=False,
        help_text="The 1200×630 crop for Open Graph: {name, width, height}.",
    )

    objects = ImageQuerySet.as_manager()

    class Meta(LibraryFile.Meta):
        constraints = [
            models.CheckConstraint(condition=~Q(alt=""), name="image_alt_required"),
            models.CheckConstraint(
                condition=Q(focal_x__isnull=True) | Q(focal_x__gte=0, focal_x__lte=1),
                name="image_focal_x_range",
            ),
            models.CheckConstraint(
                condition=Q(focal_y__isnull=True) | Q(focal_y__gte=0, focal_y__lte=1),
                name="image_focal_y_range",
            ),
        ]

    def __str__(self):
        return self.title

    @property
    def image_format(self):
        return posixpath.splitext(self.file.name)[1].lstrip(".").upper().replace("JPG", "JPEG")

    @property
    def mime_type(self):
        return f"image/{self.image_format.lower()}"

    def file_names(self):
        """Every file of this image in storage: the original, its renditions, its card."""
        names = {self.file.name} if self.file else set()
        names.update(r["name"] for r in self.renditions or [])
        if self.social_card:
            names.add(self.social_card["name"])
        return names


class DocumentQuerySet(models.QuerySet):
    def with_usage(self):
        """Each document with `used_in_count`: how many news items attach or link it."""
        return self.annotate(
            used_in_count=items_using(
                Q(attached_documents__document=OuterRef("pk"))
                | Q(library_references__document=OuterRef("pk"))
            )
        )


class DocumentType(models.TextChoices):
    PDF = "pdf", "PDF"
    DOCX = "docx", "Word"
    XLSX = "xlsx", "Excel"
    PPTX = "pptx", "PowerPoint"
    ODT = "odt", "OpenDocument text"
    ODS = "ods", "OpenDocument spreadsheet"


DOCUMENT_MIME_TYPES = {
    DocumentType.PDF: "application/pdf",
    DocumentType.DOCX: "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    DocumentType.XLSX: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    DocumentType.PPTX: "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    DocumentType.ODT: "application/vnd.oasis.opendocument.text",
    DocumentType.ODS: "application/vnd.oasis.opendocument.spreadsheet",
}


class TextStatus(models.TextChoices):
    PENDING = "pending", "Waiting for extraction"
    EXTRACTED = "extracted", "Text extracted"
    SCANNED = "scanned", "Scanned (no text)"
    FAILED = "failed", "Could not be read"


class Document(LibraryFile):
    FileType = DocumentType
    TextStatus = TextStatus

    title = models.CharField(max_length=300)
    file = models.FileField(upload_to="library/documents/%Y/")
    language = models.CharField(max_length=2, choices=Language, default=Language.ENGLISH)
    description = models.TextField(blank=True)
    file_type = models.CharField(max_length=8, choices=FileType, editable=False)
    file_size = models.PositiveBigIntegerField(editable=False, default=0)
    page_count = models.PositiveIntegerField(null=True, blank=True)
    text_status = models.CharField(
        "text",
        max_length=10,
        choices=TextStatus,
        blank=True,
        editable=False,
        help_text="PDF text extraction, run by the background worker after an upload.",
    )
    thumbnail = models.ImageField(
        upload_to="library/thumbnails/%Y/", blank=True, editable=False, help_text="First page."
    )

    objects = DocumentQuerySet.as_manager()

    class Meta(LibraryFile.Meta):
        pass

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("library:document-file", args=[self.pk, self.download_name])

    @property
    def download_name(self):
        return posixpath.basename(self.file.name)

    @property
    def mime_type(self):
        return DOCUMENT_MIME_TYPES[self.file_type]

    @property
    def summary(self):
        """“PDF, 1.2 MB, English”: what a reader learns before downloading."""
        size = filesizeformat(self.file_size).replace("\xa0", " ")
        return f"{self.get_file_type_display()}, {size}, {self.get_language_display()}"

    @property
    def is_scanned(self):
        return self.text_status == TextStatus.SCANNED

    @property
    def description_line(self):
        """“English — PDF, 2.4 MB, 86 pages”: a download's language, type, size and pages."""
        size = filesizeformat(self.file_size).replace("\xa0", " ")
        parts = [self.get_file_type_display(), size]
        if self.page_count:
            parts.append(
                ngettext("%(n)d page", "%(n)d pages", self.page_count) % {"n": self.page_count}
            )
        return f"{self.get_language_display()} — {', '.join(parts)}"

    def file_names(self):
        names = {self.file.name} if self.file else set()
        if self.thumbnail:
            names.add(self.thumbnail.name)
        return names


class DocumentPage(models.Model):
    """The text of one page of a PDF document, as extracted (library/extraction.py)."""

    document = models.ForeignKey(Document, on_delete=models.CASCADE, related_name="pages")
    number = models.PositiveIntegerField()
    text = models.TextField(blank=True)

    class Meta:
        ordering = ["document", "number"]
        constraints = [
            models.UniqueConstraint(fields=["document", "number"], name="documentpage_unique"),
        ]

    def __str__(self):
        return f"{self.document}, page {self.number}"


class ItemDocument(models.Model):
    """A document attached to a news item, shown under its body in this order."""

    item = models.ForeignKey(
        "newsroom.NewsItem", on_delete=models.CASCADE, related_name="attached_documents"
    )
    document = models.ForeignKey(Document, on_delete=models.PROTECT, related_name="attachments")
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position", "id"]
        verbose_name = "document"
        verbose_name_plural = "documents"
        constraints = [
            models.UniqueConstraint(fields=["item", "document"], name="itemdocument_unique"),
        ]

    def __str__(self):
        return f"“{self.document}” attached to “{self.item}”"


class BodyReference(models.Model):
    """An image shown, or a document linked, in a news item's body (library/usage.py)."""

    item = models.ForeignKey(
        "newsroom.NewsItem", on_delete=models.CASCADE, related_name="library_references"
    )
    image = models.ForeignKey(
        Image, on_delete=models.PROTECT, null=True, related_name="body_references"
    )
    document = models.ForeignKey(
        Document, on_delete=models.PROTECT, null=True, related_name="body_references"
    )

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(image__isnull=False, document__isnull=True)
                | Q(image__isnull=True, document__isnull=False),
                name="bodyreference_one_target",
            ),
        ]

    def __str__(self):
        return f"“{self.image or self.document}” in the body of “{self.item}”"
