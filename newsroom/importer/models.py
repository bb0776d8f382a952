"""What the importer remembers between imports: the records editors deleted.

An editor who deletes an imported news item, structure, field of work or publication stub in
the admin must not see it come back when the same documents are imported again (`make run`
imports the seeds at every start). The admin leaves a tombstone under the record's import key; the
importer skips what has one and says so ("skipped: deleted by an editor"). Deleting the
tombstone lets the next import bring the record back.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone

from newsroom.models import NewsItem
from structures.models import FieldOfWork, Structure
from structures.naming import fold, structure_key


def publication_key(kind_slug, title):
    """How the importer knows a publication stub: by its kind and title (load.py)."""
    return f"{kind_slug}/{fold(title)}"[:255]


class Tombstone(models.Model):
    class Of(models.TextChoices):
        NEWS_ITEM = "news_item", "News item"
        STRUCTURE = "structure", "Structure"
        FIELD_OF_WORK = "field_of_work", "Field of work"
        PUBLICATION = "publication", "Publication"

    of = models.CharField(max_length=16, choices=Of)
    key = models.CharField(max_length=255, help_text="The import key of what was deleted.")
    name = models.CharField(max_length=300, help_text="Its title or name when deleted.")
    deleted_at = models.DateTimeField(default=timezone.now)
    deleted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True
    )

    class Meta:
        ordering = ["-deleted_at"]
        verbose_name = "deleted import"
        constraints = [models.UniqueConstraint("of", "key", name="tombstone_of_key_unique")]

    def __str__(self):
        return f"{self.get_of_display()} “{self.name}”"

    @classmethod
    def key_of(cls, record):
        """(of, key) of a record the importer makes, or None for records it does not."""
        if isinstance(record, NewsItem):
            return (cls.Of.NEWS_ITEM, record.import_key) if record.import_key else None
        if isinstance(record, Structure):
            return cls.Of.STRUCTURE, structure_key(record.name)
        if isinstance(record, FieldOfWork):
            return cls.Of.FIELD_OF_WORK, fold(record.name)
        if record._meta.label == "publications.Publication":
            return cls.Of.PUBLICATION, publication_key(record.kind.slug, record.title)
        return None

    @classmethod
    def bury(cls, records, user=None):
        """Remember `records`, about to be deleted by `user` in the admin."""
        for record in records:
            if found := cls.key_of(record):
                of, key = found
                cls.objects.update_or_create(
                    of=of, key=key, defaults={"name": str(record)[:300], "deleted_by": user}
                )
