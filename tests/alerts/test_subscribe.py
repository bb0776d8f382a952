"""Visitors: subscribe to a filter, confirm (double opt-in), manage, unsubscribe."""

import datetime
import re

import pytest
from django.core import signing
from django.urls import reverse
from django.utils import timezone

from alerts import tokens
from alerts.models import NewsFilter, Subscriber, Subscription
from alerts.tasks import forget_unconfirmed
from tests.factories import (
    make_country,
    make_field_of_work,
    make_news_item,
    make_news_type,
    make_structure,
    make_subscription,
)

SUBSCRIBE = reverse("alerts:subscribe")


@pytest.fixture
def press(db):
    return make_news_type("Press release", plural="Press releases")


@pytest.fixture
def elections(db):
    return make_field_of_work("Elections")


def ask(client, email="reader@example.org", query="type=press-release&field=elections", **data):
    return client.post(
        SUBSCRIBE,
        {"email": email, "frequency": "immediately", "filter": query, **data},
    )


def ask_and_send(client, django_capture_on_commit_callbacks, **kwargs):
    with django_capture_on_commit_callbacks(execute=True):
        return ask(client, **kwargs)


def confirm_link(message):
    return re.search(
        r"https://www\.osce\.example(/alerts/confirm/[^/\s]+/)",
        message.get_body(("plain",)).get_content(),
    ).group(1)


def test_subscribe_page_describes_the_filter_in_words(client, press, elections):
    response = client.get(SUBSCRIBE, {"type": "press-release", "field": "elections", "x": "junk"})

    assert response.status_code == 200
    assert "Press releases about Elections in English" in response.content.decode()
    assert (
        'value="field=elections&amp;language=en&amp;type=press-release"'
        in response.content.decode()
    )
    assert "noindex" in response.content.decode()


def test_subscribe_page_without_filter_is_the_newsroom_of_its_language(client, db):
    # The English newsroom lists English items: its alerts are for those.
    assert "News in English" in client.get(SUBSCRIBE).content.decode()
    assert 'value="language=ru"' in client.get("/ru" + SUBSCRIBE).content.decode()


@pytest.mark.parametrize(
    ("url", "query"),
    [
        ("/newsroom/?type=press-release&field=elections", "type=press-release&amp;field=elections"),
        ("/fields-of-work/elections/", "field=elections"),
        ("/structures/mission-to-skopje/", "structure=mission-to-skopje"),
        ("/countries/north-macedonia/", "country=north-macedonia"),
        ("/newsroom/tags/observation/", "tag=observation"),
    ],
)
def test_subscribe_offered_on_every_newsroom_view_and_subject_page(client, db, url, query):
    make_news_type("Press release", plural="Press releases")
    elections = make_field_of_work("Elections")
    mission = make_structure("Mission to Skopje")
    country = make_country("North Macedonia")
    make_news_item(
        fields_of_work=[elections], structures=[mission], countries=[country], tags=["observation"]
    )

    html = client.get(url).content.decode()

    assert f'href="{SUBSCRIBE}?{query}" rel="nofollow">Get emails about this</a>' in html


def test_subscribe_sends_only_a_confirmation_until_the_link_is_followed(
    client, smtp, press, elections, django_capture_on_commit_callbacks
):
    response = ask_and_send(client, django_capture_on_commit_callbacks)

    assert response.status_code == 302
    assert response["Location"] == reverse("alerts:requested")
    subscription = Subscription.objects.get()
    assert not subscription.is_confirmed
    [message] = smtp.messages
    assert message["To"] == "reader@example.org"
    assert "Press releases about Elections" in message.get_body(("plain",)).get_content()
    assert "Press releases about Elections" in message.get_body(("html",)).get_content()

    link = confirm_link(message)
    page = client.get(link)  # a mail scanner following the link confirms nothing
    assert page.status_code == 200
    assert not Subscription.objects.get().is_confirmed
    assert client.post(link).status_code == 200
    assert Subscription.objects.get().is_confirmed


def test_confirmation_link_works_once(
    client, smtp, press, elections, django_capture_on_commit_callbacks
):
    ask_and_send(client, django_capture_on_commit_callbacks)
    link = confirm_link(smtp.messages[0])
    client.post(link)

    again = client.post(link)

    assert again.status_code == 404
    assert "does not work" in again.content.decode()


def test_confirmation_link_expires(
    client, smtp, press, elections, monkeypatch, django_capture_on_commit_callbacks
):
    ask_and_send(client, django_capture_on_commit_callbacks)
    link = confirm_link(smtp.messages[0])
    later = signing.time.time() + 73 * 3600
    monkeypatch.setattr(signing.time, "time", lambda: later)

    assert client.get(link).status_code == 404
    assert client.post(link).status_code == 404
    assert not Subscription.objects.get().is_confirmed


def test_forged_or_junk_tokens_are_404_never_500(client, db):
    subscription = make_subscription(confirmed=False)
    forged = signing.dumps([subscription.pk, subscription.confirm_key], salt="other")
    for token in (forged, "junk", "a" * 300, tokens.manage_token(subscription.subscriber)):
        assert client.get(reverse("alerts:confirm", args=[token])).status_code == 404
    assert client.get(reverse("alerts:manage", args=["junk"])).status_code == 404
    assert client.post(reverse("alerts:manage", args=["junk"])).status_code == 404
    manage = reverse("alerts:manage", args=[tokens.manage_token(subscription.subscriber)])
    for junk in ("abc", "-1", "9" * 30, ""):
        response = client.post(manage, {"action": "unsubscribe", "subscription": junk})
        assert response.status_code == 200
        assert "Nothing was changed" in response.content.decode()


def test_asking_twice_makes_one_subscription_and_the_same_page(
    client, smtp, press, elections, django_capture_on_commit_callbacks
):
    first = ask_and_send(client, django_capture_on_commit_callbacks)
    client.post(confirm_link(smtp.messages[0]))
    second = ask_and_send(
        client,
        django_capture_on_commit_callbacks,
        email="Reader@Example.org",
        query="field=elections&type=press-release",
    )
    stranger = ask_and_send(client, django_capture_on_commit_callbacks, email="new@example.org")

    assert Subscription.objects.filter(subscriber__email__iexact="reader@example.org").count() == 1
    assert first["Location"] == second["Location"] == stranger["Location"]
    assert client.get(second["Location"]).content == client.get(first["Location"]).content
    # Only the mailbox learns that it was subscribed already.
    confirmation, already = smtp.to("reader@example.org")
    assert "/alerts/confirm/" in confirmation.get_body(("plain",)).get_content()
    assert "already receives them" in already.get_body(("plain",)).get_content()
    assert "/alerts/manage/" in already.get_body(("plain",)).get_content()


def test_invalid_address_is_explained(client, press):
    response = ask(client, email="not an address")

    assert response.status_code == 200
    assert 'aria-invalid="true"' in response.content.decode()
    assert not Subscriber.objects.exists()


def test_unconfirmed_addresses_are_deleted_after_the_link_expires(db, elections, press):
    make_subscription("late@example.org", "field=elections", confirmed=False)
    make_subscription("late@example.org", "type=press-release", confirmed=False)
    kept = make_subscription("kept@example.org", "field=elections")

    forget_unconfirmed(now=timezone.now() + datetime.timedelta(hours=71))
    assert Subscriber.objects.count() == 2
    forget_unconfirmed(now=timezone.now() + datetime.timedelta(hours=73))

    assert list(Subscriber.objects.values_list("email", flat=True)) == ["kept@example.org"]
    assert Subscription.objects.get() == kept
    assert NewsFilter.objects.count() == 1


def test_one_click_unsubscribe_post_without_a_page_deletes_the_address(client, db, elections):
    subscription = make_subscription("reader@example.org", "field=elections")
    url = reverse("alerts:unsubscribe", args=[tokens.unsubscribe_token(subscription)])
    client.handler.enforce_csrf_checks = True  # the mail client has no CSRF token

    response = client.post(url, {"List-Unsubscribe": "One-Click"})

    assert response.status_code == 200
    assert not Subscription.objects.exists()
    assert not Subscriber.objects.exists()
    assert client.post(url, {"List-Unsubscribe": "One-Click"}).status_code == 200


def test_unsubscribe_link_get_only_asks(client, db, elections):
    subscription = make_subscription("reader@example.org", "field=elections")
    url = reverse("alerts:unsubscribe", args=[tokens.unsubscribe_token(subscription)])

    response = client.get(url)

    assert response.status_code == 200
    assert "Elections" in response.content.decode()
    assert Subscription.objects.exists()


def test_unsubscribing_one_of_two_keeps_the_address(client, db, elections, press):
    one = make_subscription("reader@example.org", "field=elections")
    make_subscription("reader@example.org", "type=press-release")

    client.post(reverse("alerts:unsubscribe", args=[tokens.unsubscribe_token(one)]))

    assert Subscriber.objects.filter(email="reader@example.org").exists()
    assert Subscription.objects.count() == 1


def test_manage_page_lists_changes_and_ends_subscriptions(client, db, elections, press):
    one = make_subscription("reader@example.org", "field=elections")
    two = make_subscription("reader@example.org", "type=press-release", frequency="daily")
    make_subscription("other@example.org", "field=elections")
    url = reverse("alerts:manage", args=[tokens.manage_token(one.subscriber)])

    page = client.get(url).content.decode()
    assert "News about Elections" in page
    assert "Press releases" in page
    assert "other@example.org" not in page

    client.post(
        url, {"action": "frequency", "subscription": one.pk, f"s{one.pk}-frequency": "weekly"}
    )
    assert Subscription.objects.get(pk=one.pk).frequency == "weekly"
    client.post(url, {"action": "unsubscribe", "subscription": two.pk})
    assert not Subscription.objects.filter(pk=two.pk).exists()
    # Another address's subscription cannot be reached from this link.
    other = Subscription.objects.get(subscriber__email="other@example.org")
    client.post(url, {"action": "unsubscribe", "subscription": other.pk})
    assert Subscription.objects.filter(pk=other.pk).exists()

    response = client.post(url, {"action": "unsubscribe-all"})
    assert "deleted your address" in response.content.decode()
    assert not Subscriber.objects.filter(email="reader@example.org").exists()
    assert client.get(url).status_code == 404


def test_same_filter_in_any_order_is_one_news_filter(db, elections, press):
    make_subscription("a@example.org", "field=elections&type=press-release")
    make_subscription("b@example.org", "type=press-release&field=elections&sort=oldest")

    assert NewsFilter.objects.get().query == "field=elections&type=press-release"


def test_rate_limit_per_client(client, settings, press, django_capture_on_commit_callbacks):
    settings.RATELIMIT_ENABLED = True
    settings.RATELIMIT_ALERTS_CLIENT = "3/3600"
    for n in range(3):
        assert ask(client, email=f"r{n}@example.org").status_code == 302

    response = ask(client, email="r9@example.org")

    assert response.status_code == 429
    assert response["Retry-After"]
    assert not Subscriber.objects.filter(email="r9@example.org").exists()


def test_rate_limit_per_address_sends_nothing_more_and_says_the_same(
    client, smtp, settings, press, elections, django_capture_on_commit_callbacks
):
    settings.RATELIMIT_ENABLED = True
    settings.RATELIMIT_ALERTS_ADDRESS = "2/3600"
    responses = [
        ask_and_send(client, django_capture_on_commit_callbacks, REMOTE_ADDR=f"10.0.0.{n}")
        for n in range(5)
    ]

    assert {r.status_code for r in responses} == {302}
    assert len(smtp.to("reader@example.org")) == 2
