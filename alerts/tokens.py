"""The signed links in alert emails: no account and no password, only what a link says.

Each link signs a record's id with a random key stored on the record, so a link dies with
its record (an address deleted and subscribed again gets new keys), and a confirmation link
also dies once used (its key is emptied) or when it expires.
"""

import datetime

from django.conf import settings
from django.core import signing
from django.urls import reverse

from alerts.models import Subscriber, Subscription

CONFIRM, MANAGE, UNSUBSCRIBE = "alerts.confirm", "alerts.manage", "alerts.unsubscribe"


def confirm_max_age():
    return datetime.timedelta(hours=settings.ALERTS_CONFIRM_HOURS)


def make(record, salt, key):
    return signing.dumps([record.pk, key], salt=salt, compress=True)


def read(token, salt, max_age=None):
    """[pk, key] from a token, or None when it is forged, malformed or expired."""
    try:
        value = signing.loads(token, salt=salt, max_age=max_age)
    except (signing.BadSignature, ValueError, TypeError):
        return None
    if isinstance(value, list) and len(value) == 2 and isinstance(value[0], int):
        return value
    return None


def confirm_token(subscription):
    return make(subscription, CONFIRM, subscription.confirm_key)


def subscription_to_confirm(token):
    """The pending subscription a confirmation link names, if the link still works."""
    value = read(token, CONFIRM, max_age=confirm_max_age())
    if value is None or not value[1]:
        return None
    return (
        Subscription.objects.pending()
        .select_related("subscriber", "news_filter")
        .filter(pk=value[0], confirm_key=value[1])
        .first()
    )


def manage_token(subscriber):
    return make(subscriber, MANAGE, subscriber.key)


def subscriber_for(token):
    value = read(token, MANAGE)
    if value is None:
        return None
    return Subscriber.objects.filter(pk=value[0], key=value[1]).first()


def unsubscribe_token(subscription):
    return make(subscription, UNSUBSCRIBE, subscription.key)


def subscription_for(token):
    value = read(token, UNSUBSCRIBE)
    if value is None:
        return None
    return (
        Subscription.objects.select_related("subscriber", "news_filter")
        .filter(pk=value[0], key=value[1])
        .first()
    )


def absolute(path):
    """Links in emails are absolute, from DJANGO_SITE_URL (there is no request)."""
    return settings.SITE_URL.rstrip("/") + path


def confirm_url(subscription):
    return absolute(reverse("alerts:confirm", args=[confirm_token(subscription)]))


def manage_url(subscriber):
    return absolute(reverse("alerts:manage", args=[manage_token(subscriber)]))


def unsubscribe_url(subscription):
    return absolute(reverse("alerts:unsubscribe", args=[unsubscribe_token(subscription)]))
