"""Review: an Editor submits, a Publisher approves (now or scheduled) or sends back.

What is reviewed is either a draft itself, or a proposal: an Editor's change to a live item,
kept as data on the Review while the public keeps the approved version (Wagtail's "draft of
a live page"). Approving a proposal applies it as a new live version. The author and the
Publishers hear of each step by email, sent when the transaction commits, and on the
admin's dashboard (newsroom/templatetags/editorial_admin.py).
"""

from datetime import datetime

from django.conf import settings
from django.contrib.admin.templatetags.admin_urls import admin_urlname
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import F, OuterRef, Q, Subquery
from django.urls import reverse
from django.utils import timezone
from reversion import add_to_revision, create_revision, set_comment, set_user

from newsroom.editorial.fields import editorial_fields
from newsroom.models import ReviewRecord

PENDING = ReviewRecord.State.PENDING


def proposal_from(model, cleaned_data):
    """What a valid change form of a `model` item asks for, in diff.fields_of()'s terms
    (submit() stores it)."""
    spec = editorial_fields(model)
    return {
        name: spec.plain(name, cleaned_data[name]) for name in spec.proposed if name in cleaned_data
    }


def as_json(proposal):
    """A proposal as a Review's JSON keeps it: moments as ISO 8601 text."""
    return {
        name: value.isoformat() if isinstance(value, datetime) else value
        for name, value in proposal.items()
    }


def as_state(proposal):
    """A stored proposal in diff.fields_of()'s terms again: its publish time a moment."""
    state = dict(proposal)
    if isinstance(state.get("publish_at"), str):
        state["publish_at"] = datetime.fromisoformat(state["publish_at"])
    return state


def form_initial(proposal):
    """A proposal as the change form's initial data, so the Editor goes on from it."""
    proposal = as_state(proposal)
    if proposal.get("publish_at"):
        proposal["publish_at"] = timezone.localtime(proposal["publish_at"])
    initial = {name: value for name, value in proposal.items() if name != "tags"}
    if "tags" in proposal:
        initial["tags"] = ", ".join(
            f'"{tag}"' if "," in tag or " " in tag else tag for tag in proposal["tags"]
        )
    return initial


def apply(item, proposal):
    """Write a proposal's fields onto the item (saved; relations and tags set)."""
    spec = editorial_fields(type(item))
    proposal = as_state(proposal)
    for name, value in proposal.items():
        if name in spec.foreign_keys:
            setattr(item, f"{name}_id", value)
        elif name not in (*spec.many, "tags"):
            setattr(item, name, value)
    item.save()
    for name in spec.many:
        if name in proposal:
            getattr(item, name).set(proposal[name])
    if "tags" in proposal:
        item.tags.set(proposal["tags"])


def waiting(items):
    """The items of a queryset with a change or draft waiting for review."""
    return items.filter(reviews__state=PENDING)


def review_model(model):
    """The model of the reviews of `model`'s items (its related name `reviews`)."""
    return model._meta.get_field("reviews").related_model


def sent_back(items):
    """The items whose latest review was sent back to the author."""
    reviews = review_model(items.model).objects.filter(item=OuterRef("pk"))
    latest = reviews.order_by("-submitted_at", "-id")
    return items.alias(last_review=Subquery(latest.values("state")[:1])).filter(
        last_review=ReviewRecord.State.SENT_BACK
    )


def pending(item):
    return item.reviews.filter(state=PENDING).select_related("submitted_by").first()


def submit(item, user, proposal=None):
    """Ask for review of a draft (proposal None) or of a change to a live item."""
    with transaction.atomic():
        item.reviews.filter(state=PENDING).update(state=ReviewRecord.State.WITHDRAWN)
        review = item.reviews.create(
            proposal=None if proposal is None else as_json(proposal),
            proposal_version=item.version,
            submitted_by=user,
        )
        transaction.on_commit(lambda: notify(review, "submitted"))
    return review


def approve(review, user, publish_at=None):
    """Publish what was reviewed: a draft now or at publish_at; a proposal now, over the live
    version, keeping the item's publication and (through a redirect) its old URL."""
    item = review.item
    with transaction.atomic(), create_revision(manage_manually=True):
        if review.proposal:
            apply(item, review.proposal)
            comment = "Approved the proposed change"
        else:
            item.status = item.Status.PUBLISHED
            item.publish_at = publish_at or timezone.now()
            comment = "Approved and published" if item.is_public else "Approved and scheduled"
        item.version = F("version") + 1
        item.save()
        item.refresh_from_db()
        if review.submitted_by:
            comment += f" (submitted by {review.submitted_by})"
        set_user(user)
        set_comment(f"{comment}.")
        add_to_revision(item)
        _decide(review, user, ReviewRecord.State.APPROVED)
        transaction.on_commit(lambda: notify(review, "approved"))
    return item


def send_back(review, user, comment):
    with transaction.atomic():
        review.comment = comment
        _decide(review, user, ReviewRecord.State.SENT_BACK)
        transaction.on_commit(lambda: notify(review, "sent back"))


def _decide(review, user, state):
    review.state, review.decided_by, review.decided_at = state, user, timezone.now()
    review.save()


# Who hears of it.


def publishers(model):
    """The users who publish `model`'s items and have an email address."""
    users = get_user_model().objects.filter(is_active=True).exclude(email="")
    permission = Permission.objects.filter(
        codename=f"publish_{model._meta.model_name}",
        content_type__app_label=model._meta.app_label,
    )
    return users.filter(
        Q(is_superuser=True)
        | Q(groups__permissions__in=permission)
        | Q(user_permissions__in=permission)
    ).distinct()


def notify(review, event):
    """Email the people a review step concerns: the Publishers of a submission, the author of a
    decision (and the author of a submission, as a receipt)."""
    item = review.item
    link = admin_link("review", item)
    if event == "submitted":
        recipients = [u.email for u in publishers(type(item))]
        subject = f"Waiting for review: {item.title}"
        body = f"{review.submitted_by} submitted “{item.title}” for review.\n\nReview it: {link}\n"
    else:
        recipients = []
        subject = f"{event.capitalize()}: {item.title}"
        body = f"{review.decided_by} {event} “{item.title}”.\n"
        if review.comment:
            body += f"\nComment: {review.comment}\n"
        body += f"\nOpen it: {admin_link('change', item)}\n"
    for author in {review.submitted_by, item.created_by} - {None}:
        if author.email:
            recipients.append(author.email)
    recipients = sorted(set(recipients))
    if recipients:
        send_mail(subject, body, None, recipients)


def admin_link(view, item):
    """The absolute URL of the admin's `view` ("change", "review", …) of item."""
    return f"{settings.SITE_URL}{reverse(admin_urlname(item._meta, view), args=[item.pk])}"
