"""The emails themselves: plain text and HTML from one context, absolute links, the filter in
words, the manage link and RFC 8058 one-click unsubscribe headers on every alert."""

from urllib.parse import urlsplit

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.utils.translation import gettext

from alerts import tokens


def domain():
    return urlsplit(settings.SITE_URL).hostname or "localhost"


def build(template, to, subject, context, *, message_id=None, unsubscribe=None):
    """An email from templates/alerts/email/<template>.txt and .html."""
    context = {"site_url": settings.SITE_URL, "site_name": settings.SITE_NAME, **context}
    headers = {}
    if message_id:
        # The same id when a delivery is retried, so a copy sent twice is recognisably one.
        headers["Message-ID"] = f"<{message_id}@{domain()}>"
    if unsubscribe:
        headers["List-Unsubscribe"] = f"<{unsubscribe}>"
        headers["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click"
    message = EmailMultiAlternatives(
        subject=" ".join(subject.split()),  # a search text may hold line breaks
        body=render_to_string(f"alerts/email/{template}.txt", context),
        to=[to],
        headers=headers,
    )
    message.attach_alternative(
        render_to_string(f"alerts/email/{template}.html", context), "text/html"
    )
    return message


def item_link(item):
    return tokens.absolute(item.get_absolute_url())


def confirmation(subscription):
    return build(
        "confirm",
        subscription.subscriber.email,
        gettext("Confirm your OSCE news alert"),
        {
            "description": subscription.news_filter.description,
            "frequency": subscription.get_frequency_display().lower(),
            "confirm_url": tokens.confirm_url(subscription),
            "hours": settings.ALERTS_CONFIRM_HOURS,
        },
    )


def already_subscribed(subscription):
    """Sent instead of a confirmation when the address already follows the filter: the page
    said the same in both cases, only the mailbox's owner learns which."""
    return build(
        "already",
        subscription.subscriber.email,
        gettext("Your OSCE news alert"),
        {
            "description": subscription.news_filter.description,
            "manage_url": tokens.manage_url(subscription.subscriber),
        },
    )


def alert_context(subscription, descriptions=None):
    news_filter = subscription.news_filter
    if descriptions is None:
        description = news_filter.description
    elif (description := descriptions.get(news_filter.pk)) is None:
        description = descriptions[news_filter.pk] = news_filter.description
    return {
        "description": description,
        "manage_url": tokens.manage_url(subscription.subscriber),
        "unsubscribe_url": tokens.unsubscribe_url(subscription),
    }


def item_alert(delivery, descriptions=None):
    subscription, item = delivery.subscription, delivery.item
    context = alert_context(subscription, descriptions)
    return build(
        "item",
        subscription.subscriber.email,
        item.title,
        {**context, "items": [(item, item_link(item))]},
        message_id=f"alert-{delivery.pk}-{subscription.key[:8]}",
        unsubscribe=context["unsubscribe_url"],
    )


def digest(subscription, deliveries):
    context = alert_context(subscription)
    items = [(d.item, item_link(d.item)) for d in deliveries]
    label = subscription.get_frequency_display()
    return build(
        "digest",
        subscription.subscriber.email,
        f"{label}: {context['description']} ({len(items)})",
        {**context, "items": items, "label": label},
        message_id=f"digest-{deliveries[0].pk}-{subscription.key[:8]}",
        unsubscribe=context["unsubscribe_url"],
    )
