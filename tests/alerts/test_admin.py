"""Alerts in the admin: counts by filter without addresses, the delivery log, resending."""

import pytest
from django.urls import reverse
from django.utils import timezone

from alerts.models import Announcement, Delivery
from alerts.tasks import sweep
from tests.factories import make_field_of_work, make_news_item, make_subscription


@pytest.fixture
def subscriptions(db):
    make_field_of_work("Elections")
    make_subscription("secret-reader@example.org", "field=elections")
    make_subscription("second@example.org", "field=elections", frequency="daily")
    make_subscription("pending@example.org", "field=elections", confirmed=False)


def test_admin_filters_with_counts_and_no_addresses_for_editors(client, editor, subscriptions):
    client.force_login(editor)

    page = client.get(reverse("admin:alerts_newsfilter_changelist")).content.decode()

    assert "News about Elections" in page
    assert '<td class="field-immediately">1</td>' in page
    assert '<td class="field-daily">1</td>' in page
    assert '<td class="field-unconfirmed">1</td>' in page
    assert "example.org" not in page
    assert client.get(reverse("admin:alerts_subscriber_changelist")).status_code == 403


def test_admin_publishers_find_an_address_only_by_searching(client, publisher, subscriptions):
    client.force_login(publisher)
    url = reverse("admin:alerts_subscriber_changelist")

    assert "example.org" not in client.get(url).content.decode()
    found = client.get(url, {"q": "secret-reader"}).content.decode()

    assert "secret-reader@example.org" in found
    assert "second@example.org" not in found


def test_admin_delivery_log_per_item_and_resend_failed(
    client, smtp, publisher, editor, subscriptions
):
    item = make_news_item(
        "Election observers",
        fields_of_work=[make_field_of_work("Elections")],
        publish_at=timezone.now(),
    )
    smtp.refuse_to = {"secret-reader@example.org"}
    sweep()
    Delivery.objects.filter(immediate=True).update(status=Delivery.Status.FAILED, attempts=5)
    announcement = Announcement.objects.get(item=item)

    client.force_login(editor)
    log = client.get(reverse("admin:alerts_announcement_changelist")).content.decode()
    assert "Election observers" in log
    assert '<td class="field-failed">1</td>' in log
    assert '<td class="field-pending">1</td>' in log  # the daily digest's
    assert "resend_failed" not in log  # editors cannot resend

    client.force_login(publisher)
    smtp.refuse_to = set()
    response = client.post(
        reverse("admin:alerts_announcement_changelist"),
        {"action": "resend_failed", "_selected_action": [announcement.pk]},
    )
    assert response.status_code == 302
    sweep()
    assert [m["To"] for m in smtp.messages] == ["secret-reader@example.org"]
    assert Delivery.objects.get(immediate=True).status == Delivery.Status.SENT
