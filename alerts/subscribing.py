"""Requests, confirmations and unsubscriptions: what the public pages do to the records.

A request never says whether the address already follows the filter: the page is the same,
and the mailbox gets either a confirmation link or a note with its manage link.
"""

from django.db import transaction
from django.utils import timezone

from alerts.models import NewsFilter, Subscriber, Subscription, new_key


def request(email, query, frequency):
    """Record a request (one subscription per address and filter); returns the subscription
    to write to, with a fresh confirmation key when it is still pending."""
    with transaction.atomic():
        news_filter, _ = NewsFilter.objects.get_or_create(query=query)
        subscriber, _ = Subscriber.objects.get_or_create(
            email__iexact=email, defaults={"email": email}
        )
        subscription, created = Subscription.objects.get_or_create(
            subscriber=subscriber,
            news_filter=news_filter,
            defaults={"frequency": frequency, "confirm_key": new_key()},
        )
        if not created and not subscription.is_confirmed:
            subscription.frequency = frequency
            subscription.confirm_key = new_key()
            subscription.requested_at = timezone.now()
            subscription.save(update_fields=["frequency", "confirm_key", "requested_at"])
    return subscription


def confirm(subscription):
    now = timezone.now()
    subscription.confirmed_at = now
    subscription.last_digest_at = now  # the first digest comes at the next digest time
    subscription.confirm_key = ""
    subscription.save(update_fields=["confirmed_at", "last_digest_at", "confirm_key"])


def unsubscribe(subscription):
    """Delete the subscription, and the address with its last one."""
    with transaction.atomic():
        subscriber, news_filter = subscription.subscriber, subscription.news_filter
        subscription.delete()
        if not subscriber.subscriptions.exists():
            subscriber.delete()
        if not news_filter.subscriptions.exists():
            news_filter.delete()  # nobody follows it: off the admin's list
