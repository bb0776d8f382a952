"""The alerts pages are valid HTML5 (the Nu HTML Checker) and answer without JavaScript."""

import pytest
from django.urls import reverse

from alerts import tokens
from tests.factories import make_field_of_work, make_subscription
from tests.pages.test_html_valid import html_errors


def alert_pages():
    make_field_of_work("Elections")
    confirmed = make_subscription("reader@example.org", "field=elections")
    pending = make_subscription("new@example.org", "field=elections", confirmed=False)
    return {
        "subscribe": reverse("alerts:subscribe") + "?field=elections",
        "requested": reverse("alerts:requested"),
        "confirm": reverse("alerts:confirm", args=[tokens.confirm_token(pending)]),
        "manage": reverse("alerts:manage", args=[tokens.manage_token(confirmed.subscriber)]),
        "unsubscribe": reverse("alerts:unsubscribe", args=[tokens.unsubscribe_token(confirmed)]),
        "invalid link": reverse("alerts:confirm", args=["junk"]),
    }


@pytest.mark.django_db
def test_alert_pages_are_valid_html5(client, tmp_path):
    documents = {"_folder": tmp_path}
    for name, url in alert_pages().items():
        response = client.get(url)
        assert response.status_code == (404 if name == "invalid link" else 200), name
        documents[name] = response.content
    documents["subscribe with errors"] = client.post(
        reverse("alerts:subscribe"), {"email": "nope", "frequency": "hourly"}
    ).content

    assert html_errors(documents) == {}
