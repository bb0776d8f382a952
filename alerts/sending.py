"""Sending, exactly once per (subscription, item), by any number of workers.

A worker claims a few pending deliveries with a lease (an UPDATE that only succeeds on
unclaimed rows, so two workers never hold the same row), renews the lease of each one just
before handing it to the SMTP server, and marks it sent right after. A worker killed
mid-batch leaves its other claims to expire; another worker's sweep then sends them. Only
the message in flight when a worker dies can be sent twice, and it carries the same
Message-ID both times. An SMTP failure is retried with growing pauses and, after the last
try, marked failed and logged as an error, while the other deliveries go on.
"""

import datetime
import logging
import secrets
import time
from zoneinfo import ZoneInfo

from django.conf import settings
from django.core.mail import get_connection
from django.db import transaction
from django.db.models import Exists, F, OuterRef
from django.utils import timezone

from alerts import messages
from alerts.models import Delivery, Subscription
from newsroom.models import NewsItem

logger = logging.getLogger(__name__)

LEASE = datetime.timedelta(seconds=30)
BATCH = 50
DIGEST_MAX_ITEMS = 200
RETRY_BASE_SECONDS = 60  # 1, 4, 16, 64 minutes…
VIENNA = ZoneInfo("Europe/Vienna")


def claim(deliveries, limit):
    """Claim up to `limit` due deliveries of the queryset; returns the claim's token."""
    token = secrets.token_hex(16)
    now = timezone.now()
    with transaction.atomic():
        ids = list(
            deliveries.due(now)
            .select_for_update(skip_locked=True)
            .order_by("pk")
            .values_list("pk", flat=True)[:limit]
        )
        if ids:
            Delivery.objects.filter(pk__in=ids).due(now).update(
                claim=token, claimed_until=now + LEASE
            )
    return token


def claimed(token):
    return (
        Delivery.objects.filter(claim=token, status=Delivery.Status.PENDING)
        .select_related("subscription__subscriber", "subscription__news_filter", "item")
        .order_by("pk")
    )


def renew(deliveries, token):
    """Extend the lease of the deliveries still held by `token` whose items are public; how
    many. The rest are cancelled when their item is no longer public."""
    mine = Delivery.objects.filter(pk__in=[d.pk for d in deliveries], claim=token)
    public = NewsItem.objects.published().filter(pk=OuterRef("item_id"))
    kept = mine.filter(Exists(public)).update(claimed_until=timezone.now() + LEASE)
    if kept < len(deliveries):
        mine.exclude(Exists(public)).update(
            status=Delivery.Status.CANCELLED, claim="", claimed_until=None
        )
    return kept


def mark_sent(deliveries, token):
    Delivery.objects.filter(pk__in=[d.pk for d in deliveries], claim=token).update(
        status=Delivery.Status.SENT,
        sent_at=timezone.now(),
        attempts=F("attempts") + 1,
        claim="",
        claimed_until=None,
    )


def mark_failed(deliveries, token, error):
    """One more failed attempt: retry later, or give up after ALERTS_MAX_ATTEMPTS."""
    now = timezone.now()
    text = f"{type(error).__name__}: {error}"[:1000]
    for delivery in deliveries:
        attempts = delivery.attempts + 1
        if attempts >= settings.ALERTS_MAX_ATTEMPTS:
            status, next_attempt = Delivery.Status.FAILED, now
            logger.error(
                "alert delivery %s (item %s) failed after %s attempts: %s",
                delivery.pk,
                delivery.item_id,
                attempts,
                text,
            )
        else:
            status = Delivery.Status.PENDING
            next_attempt = now + datetime.timedelta(
                seconds=RETRY_BASE_SECONDS * 4 ** (attempts - 1)
            )
            logger.warning("alert delivery %s failed, retrying: %s", delivery.pk, text)
        Delivery.objects.filter(pk=delivery.pk, claim=token).update(
            status=status,
            attempts=attempts,
            next_attempt_at=next_attempt,
            last_error=text,
            claim="",
            claimed_until=None,
        )


def send(connection, message, deliveries, token):
    try:
        connection.open()  # one SMTP session for many messages; reopened after a failure
        connection.send_messages([message])
    except Exception as error:
        connection.close()  # a broken session is reopened for the next message
        mark_failed(deliveries, token, error)
        return False
    mark_sent(deliveries, token)
    return True


def send_immediate():
    """Send due immediate alerts, a batch at a time, until none is left; how many were sent."""
    sent = 0
    connection = get_connection()
    descriptions = {}  # a filter's description, worked out once per run
    try:
        while True:
            token = claim(Delivery.objects.filter(immediate=True), BATCH)
            batch = list(claimed(token))
            if not batch:
                return sent
            sent += send_batch(connection, batch, token, descriptions)
    finally:
        connection.close()


def send_batch(connection, batch, token, descriptions):
    """Send a claimed batch, one message at a time. Before the first message and whenever a
    third of the lease has passed, the rest of the batch's leases are renewed and its items'
    visibility checked again, in one UPDATE."""
    sent = 0
    renewed_at = None
    for n, delivery in enumerate(batch):
        if renewed_at is None or time.monotonic() - renewed_at > LEASE.total_seconds() / 3:
            renew(batch[n:], token)
            renewed_at = time.monotonic()
            public = set(claimed(token).values_list("pk", flat=True))
        if delivery.pk in public:
            message = messages.item_alert(delivery, descriptions)
            sent += send(connection, message, [delivery], token)
    return sent


def digest_period_start(frequency, now=None):
    """The latest digest time (ALERTS_DIGEST_HOUR, Vienna) for a daily or weekly digest."""
    local = timezone.localtime(now or timezone.now(), VIENNA)
    start = local.replace(hour=settings.ALERTS_DIGEST_HOUR, minute=0, second=0, microsecond=0)
    if frequency == Subscription.Frequency.WEEKLY:
        start -= datetime.timedelta(days=(local.weekday() - settings.ALERTS_DIGEST_WEEKDAY) % 7)
    if start > local:
        start -= datetime.timedelta(days=7 if frequency == Subscription.Frequency.WEEKLY else 1)
    return start


def due_digests(now=None):
    """Confirmed digest subscriptions whose digest time has come, with something to send."""
    now = now or timezone.now()
    waiting = Delivery.objects.filter(subscription=OuterRef("pk"), immediate=False).due(now)
    due = Subscription.objects.none()
    for frequency in (Subscription.Frequency.DAILY, Subscription.Frequency.WEEKLY):
        due |= Subscription.objects.confirmed().filter(
            frequency=frequency, last_digest_at__lt=digest_period_start(frequency, now)
        )
    return due.filter(Exists(waiting))


def send_digests():
    """One email per due digest subscription with all its waiting items; how many were sent."""
    sent = 0
    connection = get_connection()
    try:
        for subscription in due_digests().select_related("subscriber", "news_filter"):
            token = claim(
                Delivery.objects.filter(subscription=subscription, immediate=False),
                DIGEST_MAX_ITEMS,
            )
            batch = list(claimed(token))
            if not batch or not renew(batch, token):
                continue
            batch = list(claimed(token).order_by("-item__publish_at"))
            if send(connection, messages.digest(subscription, batch), batch, token):
                sent += 1
                Subscription.objects.filter(pk=subscription.pk).update(
                    last_digest_at=timezone.now()
                )
    finally:
        connection.close()
    return sent


def stuck(now=None):
    """Whether immediate deliveries wait that no worker is sending (a crash, a retry)."""
    now = now or timezone.now()
    return Delivery.objects.filter(immediate=True).due(now).exists()


def retry_failed(deliveries):
    """Resend failed deliveries (the admin's action): pending again, attempts from zero."""
    return deliveries.filter(status=Delivery.Status.FAILED).update(
        status=Delivery.Status.PENDING,
        attempts=0,
        next_attempt_at=timezone.now(),
        last_error="",
    )
