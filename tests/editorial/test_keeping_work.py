"""Not losing work (issue 17): sessions end after inactivity, not at a fixed time after signing
in; a chosen lead image survives a validation error."""

from datetime import timedelta

import pytest
from django.contrib.sessions.models import Session
from django.urls import reverse
from django.utils import timezone

from newsroom.models import NewsItem
from tests.factories import change_form_data, change_url, make_image, make_news_item

pytestmark = pytest.mark.django_db


def test_keeping_work_each_admin_request_renews_the_session(publisher_client, settings):
    publisher_client.get(reverse("admin:index"))
    session = Session.objects.get()
    Session.objects.filter(pk=session.pk).update(expire_date=timezone.now() + timedelta(minutes=1))
    publisher_client.get(reverse("admin:newsroom_newsitem_changelist"))  # still at work
    renewed = Session.objects.get(pk=session.pk).expire_date
    expected = timezone.now() + timedelta(seconds=settings.SESSION_COOKIE_AGE)
    assert abs(renewed - expected) < timedelta(minutes=1)


def test_keeping_work_a_chosen_image_survives_a_validation_error(publisher_client, media):
    image = make_image(title="Lead photo")
    item = make_news_item("Observers deployed")
    data = change_form_data(item, title="", lead_image=image.pk)  # the title is required
    response = publisher_client.post(change_url(item), data)
    assert response.status_code == 200
    page = response.text
    assert "This field is required." in page
    assert f'name="lead_image" value="{image.pk}"' in page
    assert f'<img src="/media/{image.renditions[0]["name"]}" alt="" width="160"' in page
    item.refresh_from_db()
    assert item.lead_image is None
    assert NewsItem.objects.get().title == "Observers deployed"
