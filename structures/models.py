from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from osce_site.reversing import detail_path


class DatePrecision(models.TextChoices):
    """How much of a date a source gave; the date stored is the first day of it."""

    DAY = "day", "Day"
    MONTH = "month", "Month"
    YEAR = "year", "Year"


# Names of the active language's formats (osce_site/formats for English).
DATE_FORMATS = {
    DatePrecision.DAY: "DATE_FORMAT",
    DatePrecision.MONTH: "YEAR_MONTH_FORMAT",
    DatePrecision.YEAR: "Y",
}


def closed_name(name):
    """structure_label()'s 'Mission to Georgia (closed)' in the active language, for pages."""
    return gettext("%(name)s (closed)") % {"name": name}


def date_as_written(value, precision):
    """'8 December 1995', 'March 2000' or '1994', as precise as the source was."""
    return date_format(value, DATE_FORMATS.get(precision, DATE_FORMATS[DatePrecision.DAY]))


class FieldOfWorkQuerySet(models.QuerySet):
    def listed(self):
        return self.filter(listed=True)


class FieldOfWork(models.Model):
    name = models.CharField(max_length=200, unique=True)
    slug = models.SlugField(max_length=200, unique=True)
    introduction = models.TextField(blank=True)
    challenge = models.TextField("our challenge", blank=True)
    action = models.TextField("our action", blank=True)
    listed = models.BooleanField(
        default=False, help_text="Shown in the navigation; unlisted topics only appear on news."
    )
    position = models.PositiveIntegerField(default=0, help_text="Order in the navigation.")
    updated_at = models.DateTimeField(auto_now=True)

    objects = FieldOfWorkQuerySet.as_manager()

    class Meta:
        ordering = ["position", "name"]
        verbose_name = "field of work"
        verbose_name_plural = "fields of work"

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return detail_path("structures:fieldofwork-detail", self.slug)


class CountryQuerySet(models.QuerySet):
    def participating_states(self):
        return self.filter(kind=Country.Kind.PARTICIPATING_STATE)


class Country(models.Model):
    class Kind(models.TextChoices):
        PARTICIPATING_STATE = "participating_state", _("Participating State")
        ASIAN_PARTNER = "asian_partner", _("Asian Partner for Co-operation")
        MEDITERRANEAN_PARTNER = "mediterranean_partner", _("Mediterranean Partner for Co-operation")

    name = models.CharField(max_length=200, unique=True)
    slug = models.SlugField(max_length=200, unique=True)
    kind = models.CharField(max_length=32, choices=Kind, default=Kind.PARTICIPATING_STATE)
    updated_at = models.DateTimeField(auto_now=True)

    objects = CountryQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "countries"

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return detail_path("structures:country-detail", self.slug)


class CountryAlias(models.Model):
    country = models.ForeignKey(Country, on_delete=models.CASCADE, related_name="aliases")
    name = models.CharField(max_length=200)

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "country aliases"
        constraints = [
            models.UniqueConstraint(Lower("name"), name="countryalias_name_ci_unique"),
        ]

    def __str__(self):
        return f"{self.name} → {self.country}"


class Chairpersonship(models.Model):
    country = models.ForeignKey(Country, on_delete=models.CASCADE, related_name="chairpersonships")
    year = models.PositiveSmallIntegerField(unique=True)

    class Meta:
        ordering = ["-year"]

    def __str__(self):
        return f"{self.country} – OSCE Chairpersonship {self.year}"


class StructureQuerySet(models.QuerySet):
    def field_operations(self):
        return self.filter(kind=Structure.Kind.FIELD_OPERATION)

    def active(self):
        return self.filter(closed=False)


class Structure(models.Model):
    class Kind(models.TextChoices):
        CHAIRPERSONSHIP = "chairpersonship", _("Chairpersonship")
        SECRETARIAT = "secretariat", _("Secretariat")
        DEPARTMENT = "department", _("Secretariat department or office")
        INSTITUTION = "institution", _("Institution")
        FIELD_OPERATION = "field_operation", _("Field operation")
        PARLIAMENTARY_ASSEMBLY = "parliamentary_assembly", _("Parliamentary Assembly")
        COURT = "court", _("Court")
        DECISION_MAKING_BODY = "decision_making_body", _("Decision-making body")
        PARTNERSHIP = "partnership", _("Partnership")
        OTHER = "other", _("Other")

    name = models.CharField(max_length=200, unique=True)
    slug = models.SlugField(max_length=200, unique=True)
    kind = models.CharField(max_length=32, choices=Kind, default=Kind.OTHER)
    parent = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="children"
    )
    host_country = models.ForeignKey(
        Country,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="hosted_structures",
    )
    established_on = models.DateField(
        null=True,
        blank=True,
        help_text="The first day of the month or year when only those are known.",
    )
    established_precision = models.CharField(
        max_length=5,
        choices=DatePrecision,
        default=DatePrecision.DAY,
        blank=True,  # read as a day
        help_text="How much of the date is known: '1994', 'March 2000' or '8 December 1995'.",
    )
    # Whether it is closed; `closed_on` only says when, where that is known (news metadata
    # names closed structures without a date).
    closed = models.BooleanField(default=False)
    closed_on = models.DateField(null=True, blank=True)
    closed_source = models.CharField(
        "closed state from",
        max_length=300,
        blank=True,
        help_text="Why the structure is closed or open: the imported document and line "
        "that named it '… (closed)', or the editor who set it.",
    )
    closed_by_editor = models.BooleanField(
        default=False,
        help_text="An editor set the closed state here: imports no longer change it.",
    )
    mandate = models.TextField(blank=True, help_text="One-line mandate.")
    summary = models.TextField(blank=True)
    fields_of_work = models.ManyToManyField(FieldOfWork, blank=True, related_name="structures")
    position = models.PositiveIntegerField(default=0)
    updated_at = models.DateTimeField(auto_now=True)

    objects = StructureQuerySet.as_manager()

    class Meta:
        ordering = ["position", "name"]
        indexes = [models.Index(fields=["kind", "closed"], name="structure_kind_closed_idx")]
        constraints = [
            models.CheckConstraint(
                condition=Q(closed_on__isnull=True) | Q(closed=True),
                name="structure_closed_on_needs_closed",
            ),
        ]

    def __str__(self):
        return closed_name(self.name) if self.closed else self.name

    def get_absolute_url(self):
        return detail_path("structures:structure-detail", self.slug)

    @property
    def is_field_operation(self):
        return self.kind == self.Kind.FIELD_OPERATION

    @property
    def established(self):
        """The establishment date as precise as it is known ('1994'), or ''."""
        if self.established_on is None:
            return ""
        return date_as_written(self.established_on, self.established_precision)


class FieldOperationManager(models.Manager.from_queryset(StructureQuerySet)):
    def get_queryset(self):
        return super().get_queryset().filter(kind=Structure.Kind.FIELD_OPERATION)


class FieldOperation(Structure):
    """Field operations as a first-class admin list, stored in the Structure table."""

    objects = FieldOperationManager()

    class Meta:
        proxy = True
        verbose_name = "field operation"

    def save(self, *args, **kwargs):
        self.kind = Structure.Kind.FIELD_OPERATION
        super().save(*args, **kwargs)


class StructureAlias(models.Model):
    structure = models.ForeignKey(Structure, on_delete=models.CASCADE, related_name="aliases")
    name = models.CharField(max_length=200)

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "structure aliases"
        constraints = [
            models.UniqueConstraint(Lower("name"), name="structurealias_name_ci_unique"),
        ]

    def __str__(self):
        return f"{self.name} → {self.structure.name}"


class Position(models.Model):
    """A leadership position, e.g. 'Head of the OSCE Mission to Skopje'."""

    structure = models.ForeignKey(Structure, on_delete=models.CASCADE, related_name="positions")
    title = models.CharField(max_length=300, unique=True)
    holder = models.CharField(max_length=200, blank=True)
    position = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["position", "title"]

    def __str__(self):
        return self.title


class MeetingSeries(models.Model):
    name = models.CharField(max_length=200, unique=True)
    slug = models.SlugField(max_length=200, unique=True)
    description = models.TextField(blank=True)
    position = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["position", "name"]
        verbose_name = "meeting series"
        verbose_name_plural = "meeting series"

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return f"{reverse('structures:meetingseries-list')}#{self.slug}"


class NameVariant(models.Model):
    """Another name of a country, structure, field of work, meeting series or place: an
    older official name, a long form, a spelling without diacritics. The importer files
    what a document names under the name in use today, and never makes a new record for a
    variant. Editors extend this list; a migration loaded the variants known in 2025."""

    class Of(models.TextChoices):
        COUNTRY = "country", "Country"
        STRUCTURE = "structure", "Structure"
        FIELD_OF_WORK = "field_of_work", "Field of work"
        MEETING_SERIES = "meeting_series", "Meeting series"
        PLACE = "place", "Place (dateline tag)"

    of = models.CharField("name of a", max_length=16, choices=Of)
    name = models.CharField(max_length=200, help_text="As older or other documents write it.")
    current = models.CharField(
        "current name", max_length=200, help_text="The name the organisation uses today."
    )

    class Meta:
        ordering = ["of", "current", "name"]
        constraints = [
            models.UniqueConstraint("of", Lower("name"), name="namevariant_of_name_ci_unique"),
        ]

    def __str__(self):
        return f"{self.name} → {self.current}"
