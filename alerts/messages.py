"""The emails themselves: plain text and HTML from one context, absolute links, the filter in
words, the manage link and RFC 8058 one-click unsubscribe headers on every alert."""

import functools
from urllib.parse import urlsplit

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.http import QueryDict
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext

from alerts import tokens


def domain():
    return urlsplit(settings.SITE_URL).hostname or "localhost"


def filter_language(subscription):
    """The language of an alert's emails: the newsroom page's it was asked from (its filter
    then holds that one `language`), else English."""
    languages = QueryDict(subscription.news_filter.query).getlist("language")
    codes = {code for code, _ in settings.LANGUAGES}
    if len(languages) == 1 and languages[0] in codes:
        return languages[0]
    return settings.LANGUAGE_CODE


def in_filter_language(make_email):
    """Build the email of a subscription (or of a delivery's) in its filter's language:
    subject, text, the filter in words and the links' language prefix."""

    @functools.wraps(make_email)
    def wrapper(subject_of, *args, **kwargs):
        subscription = getattr(subject_of, "subscription", subject_of)
        with translation.override(filter_language(subscription)):
            return make_email(subject_of, *args, **kwargs)

    return wrapper


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


@in_filter_language
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


@in_filter_language
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


@in_filter_language
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


@in_filter_language
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
