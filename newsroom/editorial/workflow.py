"""What happens to an item as it goes out, changes, and comes down: the workflow's writes.

Each function is one editorial act, done in one transaction that also keeps a version of the
item (django-reversion), so that the act is listed in the item's history. Who may do it is
the EditorialPolicy's question, asked by the admin views before they call these.
"""

from django.conf import settings
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.formats import date_format
from reversion import add_to_revision, create_revision, set_comment, set_user

from newsroom.editorial import review


def vienna_time(moment):
    """A moment as the desk reads it: '4 Dec 2026, 09:00 Vienna time'."""
    return f"{date_format(timezone.localtime(moment), 'j M Y, H:i')} Vienna time"


def publication_message(item):
    """What a save did to the item's publication, for the admin's message."""
    if item.is_scheduled:
        return f"“{item}” is scheduled for {vienna_time(item.publish_at)} ({settings.TIME_ZONE})."
    if item.is_public:
        return f"“{item}” is published, dated {vienna_time(item.publish_at)}."
    return None


def _record(item, user, comment, fields):
    """Save `fields` of item (and its version number) as one version in its history."""
    item.version = F("version") + 1
    item.save(update_fields=[*fields, "version", "updated_at"])
    item.refresh_from_db(fields=["version", "updated_at"])
    set_user(user)
    set_comment(comment)
    add_to_revision(item)


def withdraw(item, note, user):
    """Take a published item out of lists, counts and feeds; its page stays, marked."""
    with transaction.atomic(), create_revision(manage_manually=True):
        item.status = item.Status.WITHDRAWN
        item.withdrawn_at = timezone.now()
        item.withdrawal_note = note
        _record(item, user, f"Withdrawn: {note}", ["status", "withdrawn_at", "withdrawal_note"])


def correct(item, note, user):
    """Add a dated correction; the item's modified date (feeds, JSON-LD) moves with it."""
    with transaction.atomic(), create_revision(manage_manually=True):
        correction = item.corrections.create(note=note, created_by=user)
        _record(item, user, f"Correction: {note}", [])
    return correction


def remember_removed(items, removed_model):
    """Deleted items that were public keep their URL, answering 410 Gone: `removed_model`
    (a RemovedRecord: RemovedItem, RemovedPublication) keeps their slugs."""
    removed_model.objects.bulk_create(
        [removed_model(slug=item.slug, title=item.title) for item in items if item.is_live],
        ignore_conflicts=True,
    )


def restore(item, text, user, when):
    """Give the item an earlier version's text (not its publication, not its URL)."""
    with transaction.atomic(), create_revision(manage_manually=True):
        review.apply(item, text)
        _record(item, user, f"Restored the text of the version of {when}", [])
