"""The background work of alerts, as django-tasks tasks run by `manage.py worker`.

Every task takes no argument and does whatever is due, so a task enqueued twice, or retried
after a crash, finds nothing left to do: the Announcement and Delivery records say what has
been done.
"""

import logging
import math

from django.utils import timezone
from django_tasks import task

from alerts import announcing, messages, sending
from alerts.models import NewsFilter, Subscriber, Subscription
from alerts.tokens import confirm_max_age

logger = logging.getLogger(__name__)

# Immediate deliveries per send task enqueued after an announcement (each task loops until
# nothing is due, so this only spreads the work over the workers that are free).
PER_TASK = 100
MAX_SEND_TASKS = 8


@task()
def announce_new():
    enqueue_sending(announcing.announce_due())


@task()
def send_immediate():
    return sending.send_immediate()


@task()
def send_digests():
    return sending.send_digests()


@task()
def send_request_email(subscription_id):
    """The answer to a visitor's request: a confirmation link, or, when the address already
    follows the filter, a note with its manage link."""
    subscription = (
        Subscription.objects.select_related("subscriber", "news_filter")
        .filter(pk=subscription_id)
        .first()
    )
    if subscription is None:
        return
    if subscription.is_confirmed:
        messages.already_subscribed(subscription).send()
    else:
        messages.confirmation(subscription).send()


def enqueue_sending(waiting):
    for _ in range(min(math.ceil(waiting / PER_TASK), MAX_SEND_TASKS)):
        send_immediate.enqueue()


def enqueue_announce(publish_at):
    """After a save of a public or scheduled item: at once, or at its publish time when the
    backend defers tasks (else the workers' sweep announces it)."""
    if publish_at <= timezone.now():
        announce_new.enqueue()
    elif announce_new.get_backend().supports_defer:
        announce_new.using(run_after=publish_at).enqueue()


def forget_unconfirmed(now=None):
    """Personal data: requests never confirmed are deleted when their link expires, and an
    address with no subscription left goes with them."""
    now = now or timezone.now()
    expired = Subscription.objects.pending().filter(requested_at__lt=now - confirm_max_age())
    rows = list(expired.values_list("pk", "subscriber_id", "news_filter_id"))
    if not rows:
        return
    Subscription.objects.filter(pk__in=[pk for pk, _, _ in rows]).delete()
    Subscriber.objects.filter(
        pk__in={subscriber for _, subscriber, _ in rows}, subscriptions__isnull=True
    ).delete()
    NewsFilter.objects.filter(
        pk__in={news_filter for _, _, news_filter in rows}, subscriptions__isnull=True
    ).delete()


def sweep():
    """What every worker's clock does every ALERTS_SWEEP_SECONDS: announce items that became
    public (scheduled ones included), hand waiting alerts and due digests to the workers
    (after a crash or a failed attempt), forget expired requests."""
    enqueue_sending(announcing.announce_due())
    if sending.stuck():
        send_immediate.enqueue()
    if sending.due_digests().exists():
        send_digests.enqueue()
    forget_unconfirmed()
