"""Email alerts: who follows which newsroom filter, and what was sent to whom.

Addresses live in Subscriber only while one of its subscriptions is pending or confirmed.
A Delivery is the record that makes sending exactly-once: one row per (subscription, item),
claimed with a lease by the worker that sends it, marked sent right after the SMTP server
took the message.
"""

import secrets

from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from newsroom.models import NewsItem


def new_key():
    return secrets.token_urlsafe(16)


class NewsFilter(models.Model):
    """A newsroom filter as a canonical query string ("field=elections&type=press-release"):
    the one thing subscriptions share, matched once for all of its subscribers."""

    query = models.CharField(max_length=2000, unique=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["query"]
        verbose_name = "subscribed filter"

    def __str__(self):
        return self.description

    @property
    def description(self):
        from alerts.matching import describe

        return describe(self.query)


class Subscriber(models.Model):
    email = models.EmailField(max_length=254)
    # In the signed manage link: a new subscriber for the same address gets a new key.
    key = models.CharField(max_length=32, default=new_key, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["email"]
        constraints = [models.UniqueConstraint(Lower("email"), name="subscriber_email_ci_unique")]

    def __str__(self):
        return self.email


class SubscriptionQuerySet(models.QuerySet):
    def confirmed(self):
        return self.filter(confirmed_at__isnull=False)

    def pending(self):
        return self.filter(confirmed_at__isnull=True)


class Subscription(models.Model):
    class Frequency(models.TextChoices):
        IMMEDIATELY = "immediately", _("Immediately")
        DAILY = "daily", _("Daily digest")
        WEEKLY = "weekly", _("Weekly digest")

    subscriber = models.ForeignKey(
        Subscriber, on_delete=models.CASCADE, related_name="subscriptions"
    )
    news_filter = models.ForeignKey(
        NewsFilter, on_delete=models.PROTECT, related_name="subscriptions", verbose_name="filter"
    )
    frequency = models.CharField(max_length=16, choices=Frequency, default=Frequency.IMMEDIATELY)
    # The signed confirmation link carries this; emptied when used, so a link works once.
    confirm_key = models.CharField(max_length=32, blank=True, editable=False)
    requested_at = models.DateTimeField(default=timezone.now)
    confirmed_at = models.DateTimeField(null=True, blank=True)
    # In the signed unsubscribe link.
    key = models.CharField(max_length=32, default=new_key, editable=False)
    last_digest_at = models.DateTimeField(null=True, blank=True)

    objects = SubscriptionQuerySet.as_manager()

    class Meta:
        ordering = ["-requested_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["subscriber", "news_filter"], name="subscription_one_per_filter"
            )
        ]
        indexes = [
            models.Index(
                fields=["news_filter", "frequency"],
                name="subscription_confirmed_idx",
                condition=Q(confirmed_at__isnull=False),
            )
        ]

    def __str__(self):
        return f"{self.news_filter} ({self.get_frequency_display().lower()})"

    @property
    def is_confirmed(self):
        return self.confirmed_at is not None


class Announcement(models.Model):
    """An item that became public and was matched against every filter: once per item, so an
    edit, a re-save or a second worker never alerts again."""

    item = models.OneToOneField(NewsItem, on_delete=models.CASCADE, related_name="announcement")
    created_at = models.DateTimeField(auto_now_add=True)
    matched = models.PositiveIntegerField(default=0, help_text="Subscriptions it matched.")

    class Meta:
        ordering = ["-created_at"]
        verbose_name = "delivery log"
        verbose_name_plural = "delivery logs (per item)"

    def __str__(self):
        return str(self.item)


class DeliveryQuerySet(models.QuerySet):
    def due(self, now=None):
        """Pending, not claimed by a live worker, and not waiting for a retry."""
        now = now or timezone.now()
        return self.filter(
            Q(claimed_until__isnull=True) | Q(claimed_until__lt=now),
            status=Delivery.Status.PENDING,
            next_attempt_at__lte=now,
        )


class Delivery(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", "Pending"
        SENT = "sent", "Sent"
        FAILED = "failed", "Failed"
        CANCELLED = "cancelled", "Not sent: the item is no longer public"

    subscription = models.ForeignKey(
        Subscription, on_delete=models.CASCADE, related_name="deliveries"
    )
    item = models.ForeignKey(NewsItem, on_delete=models.CASCADE, related_name="alert_deliveries")
    immediate = models.BooleanField(default=True, help_text="False: waits for a digest.")
    status = models.CharField(max_length=16, choices=Status, default=Status.PENDING)
    attempts = models.PositiveSmallIntegerField(default=0)
    next_attempt_at = models.DateTimeField(default=timezone.now)
    claim = models.CharField(max_length=32, blank=True, editable=False)
    claimed_until = models.DateTimeField(null=True, blank=True)
    last_error = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField(null=True, blank=True)

    objects = DeliveryQuerySet.as_manager()

    class Meta:
        ordering = ["id"]
        verbose_name_plural = "deliveries"
        constraints = [
            models.UniqueConstraint(fields=["subscription", "item"], name="delivery_once")
        ]
        indexes = [
            models.Index(
                fields=["immediate", "next_attempt_at"],
                name="delivery_pending_idx",
                condition=Q(status="pending"),
            )
        ]

    def __str__(self):
        return f"{self.item} → #{self.subscription_id}"
