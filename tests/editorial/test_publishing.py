"""Publishing means now, scheduling names its zone, backdating is deliberate; withdrawal,
deletion (410 Gone) and corrections as the public sees them."""

import json
import re
from datetime import timedelta

import feedparser
import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from newsroom.models import Correction, NewsItem, RemovedItem
from tests.factories import (
    ADD_URL,
    CHANGELIST_URL,
    change_form_data,
    change_url,
    make_news_item,
    make_news_type,
)

pytestmark = pytest.mark.django_db


def signed_in(user):
    client = Client()
    client.force_login(user)
    return client


def local_fields(moment):
    local = timezone.localtime(moment)
    return {"publish_at_0": local.strftime("%Y-%m-%d"), "publish_at_1": local.strftime("%H:%M:%S")}


def test_publishing_a_draft_written_days_ago_dates_it_now(publisher_client):
    monday = timezone.now() - timedelta(days=3)
    draft = make_news_item("Written on Monday", published=False, publish_at=monday)
    response = publisher_client.post(
        change_url(draft), change_form_data(draft, status="published", **local_fields(monday))
    )
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.is_public
    assert timezone.now() - draft.publish_at < timedelta(minutes=1)
    rss = feedparser.parse(publisher_client.get(reverse("newsroom:feed-rss")).content)
    assert rss.entries[0].title == "Written on Monday"


def test_publishing_publish_now_button(publisher_client):
    draft = make_news_item(
        "Out now", published=False, publish_at=timezone.now() - timedelta(days=5)
    )
    publisher_client.post(change_url(draft), {**change_form_data(draft), "_publish_now": "1"})
    draft.refresh_from_db()
    assert draft.is_public
    assert timezone.now() - draft.publish_at < timedelta(minutes=1)


def test_publishing_new_item_with_empty_time_is_published_now(publisher_client):
    data = change_form_data(NewsItem(title="Fresh", slug="fresh", publish_at=timezone.now()))
    data.update(status="published", publish_at_0="", publish_at_1="")
    assert publisher_client.post(ADD_URL, data).status_code == 302
    item = NewsItem.objects.get(slug="fresh")
    assert item.is_public


def test_publishing_schedule_names_the_zone_in_form_and_message(publisher_client):
    draft = make_news_item("Later", published=False)
    form = publisher_client.get(change_url(draft)).content.decode()
    assert "Europe/Vienna" in form
    assert 'data-time-zone="Europe/Vienna"' in form
    assert 'name="_schedule"' in form
    when = timezone.now() + timedelta(days=2)
    response = publisher_client.post(
        change_url(draft),
        {**change_form_data(draft, **local_fields(when)), "_schedule": "1"},
        follow=True,
    )
    draft.refresh_from_db()
    assert draft.is_scheduled
    local = timezone.localtime(draft.publish_at)
    assert f"scheduled for {local:%-d %b %Y, %H:%M} Vienna time (Europe/Vienna)" in (
        response.content.decode()
    )


def test_publishing_schedule_refuses_a_past_time(publisher_client):
    draft = make_news_item("Not later", published=False)
    past = timezone.now() - timedelta(days=1)
    response = publisher_client.post(
        change_url(draft), {**change_form_data(draft, **local_fields(past)), "_schedule": "1"}
    )
    assert response.status_code == 200
    assert "choose a time in the future" in response.content.decode()
    draft.refresh_from_db()
    assert draft.status == NewsItem.Status.DRAFT


def test_publishing_backdating_needs_the_checkbox(publisher_client):
    draft = make_news_item("Archive item", published=False)
    past = timezone.now().replace(microsecond=0) - timedelta(days=400)
    data = change_form_data(draft, status="published", **local_fields(past))
    refused = publisher_client.post(change_url(draft), data)
    assert refused.status_code == 200
    assert "Backdate" in refused.content.decode()
    draft.refresh_from_db()
    assert draft.status == NewsItem.Status.DRAFT
    assert publisher_client.post(change_url(draft), {**data, "backdate": "on"}).status_code == 302
    draft.refresh_from_db()
    assert draft.is_public
    assert draft.publish_at == past


def test_publishing_content_type_required_for_new_items(publisher_client):
    data = change_form_data(NewsItem(title="Typeless", slug="typeless", publish_at=timezone.now()))
    data["news_type"] = ""
    response = publisher_client.post(ADD_URL, data)
    assert response.status_code == 200
    assert not NewsItem.objects.filter(slug="typeless").exists()
    assert "This field is required" in response.content.decode()


def test_publishing_imported_item_without_type_stays_editable(publisher_client):
    item = make_news_item("Imported, no type")
    response = publisher_client.post(change_url(item), change_form_data(item, title="Edited"))
    assert response.status_code == 302


def test_publishing_new_item_records_its_author(editor_client, editor):
    data = change_form_data(NewsItem(title="Mine", slug="mine", publish_at=timezone.now()))
    editor_client.post(ADD_URL, data)
    assert NewsItem.objects.get(slug="mine").created_by == editor


# Withdrawal


def withdraw(client, item, note="It named the wrong participants."):
    return client.post(reverse("admin:newsroom_newsitem_withdraw", args=[item.pk]), {"note": note})


def test_withdrawal_keeps_the_page_marked_and_leaves_lists_and_feeds(client, publisher_client):
    item = make_news_item("Retracted statement", body="<p>Original text.</p>")
    assert withdraw(publisher_client, item).status_code == 302
    item.refresh_from_db()
    assert item.is_withdrawn
    client.logout()
    page = client.get(item.get_absolute_url())
    assert page.status_code == 200
    text = page.content.decode()
    assert "This item was withdrawn on" in text
    assert "because: It named the wrong participants." in text
    assert "Original text." in text
    assert (
        "Retracted statement" not in client.get(reverse("newsroom:newsitem-list")).content.decode()
    )
    for feed in ("newsroom:feed-rss", "newsroom:feed-atom"):
        entries = feedparser.parse(client.get(reverse(feed)).content).entries
        assert "Retracted statement" not in [entry.title for entry in entries]


def test_withdrawal_needs_a_note_and_a_publisher(editor, publisher_client):
    item = make_news_item("Standing")
    assert withdraw(signed_in(editor), item).status_code == 403
    assert withdraw(publisher_client, item, note="").status_code == 200
    item.refresh_from_db()
    assert item.status == NewsItem.Status.PUBLISHED


def test_withdrawal_is_in_the_history(publisher_client):
    item = make_news_item("Retracted")
    withdraw(publisher_client, item)
    history = publisher_client.get(reverse("admin:newsroom_newsitem_history", args=[item.pk]))
    assert "Withdrawn: It named the wrong participants." in history.content.decode()


def test_withdrawal_not_offered_in_the_status_menu(publisher_client):
    item = make_news_item("Standing")
    form = publisher_client.get(change_url(item)).content.decode()
    assert 'value="withdrawn"' not in form
    assert reverse("admin:newsroom_newsitem_withdraw", args=[item.pk]) in form


# Deletion


def test_deleted_published_item_answers_410(client, publisher_client):
    item = make_news_item("Gone for good", slug="gone-for-good")
    url = item.get_absolute_url()
    response = publisher_client.post(
        reverse("admin:newsroom_newsitem_delete", args=[item.pk]), {"post": "yes"}
    )
    assert response.status_code == 302
    assert RemovedItem.objects.filter(slug="gone-for-good").exists()
    client.logout()
    gone = client.get(url)
    assert gone.status_code == 410
    assert "Gone for good" in gone.content.decode()
    assert client.get("/newsroom/never-was/").status_code == 404


def test_deleted_draft_leaves_no_410(publisher_client):
    draft = make_news_item("Never out", published=False, slug="never-out")
    publisher_client.post(
        reverse("admin:newsroom_newsitem_delete", args=[draft.pk]), {"post": "yes"}
    )
    assert not NewsItem.objects.filter(pk=draft.pk).exists()
    assert not RemovedItem.objects.exists()


def test_bulk_delete_remembers_published_urls(publisher_client):
    items = [make_news_item(f"Bulk {n}", slug=f"bulk-{n}") for n in range(2)]
    publisher_client.post(
        CHANGELIST_URL,
        {"action": "delete_selected", "_selected_action": [i.pk for i in items], "post": "yes"},
    )
    assert set(RemovedItem.objects.values_list("slug", flat=True)) == {"bulk-0", "bulk-1"}


# Corrections


def correct(client, item, note="An earlier version gave the wrong date."):
    return client.post(reverse("admin:newsroom_newsitem_correct", args=[item.pk]), {"note": note})


def jsonld(html):
    block = re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S).group(1)
    return json.loads(block)


def test_correction_shows_on_item_and_moves_modified_dates(client, publisher_client):
    long_ago = timezone.now() - timedelta(days=30)
    item = make_news_item("Corrected", publish_at=long_ago, news_type=make_news_type())
    NewsItem.objects.filter(pk=item.pk).update(updated_at=long_ago)
    assert correct(publisher_client, item).status_code == 302
    correction = Correction.objects.get(item=item)
    client.logout()
    html = client.get(item.get_absolute_url()).content.decode()
    noted = timezone.localtime(correction.noted_at).replace(microsecond=0)  # valid HTML
    assert f'Correction, <time datetime="{noted.isoformat()}">{noted:%-d %B %Y}</time>:' in html
    assert "An earlier version gave the wrong date." in html
    modified = jsonld(html)["dateModified"]
    assert modified.startswith(timezone.localtime(correction.noted_at).strftime("%Y-%m-%d"))
    atom = feedparser.parse(client.get(reverse("newsroom:feed-atom")).content)
    entry = next(e for e in atom.entries if e.title == "Corrected")
    assert entry.updated_parsed[:3] == timezone.now().utctimetuple()[:3]
    assert entry.published_parsed[:3] == long_ago.utctimetuple()[:3]


def test_correction_listed_in_history(publisher_client):
    item = make_news_item("Corrected")
    correct(publisher_client, item)
    history = publisher_client.get(reverse("admin:newsroom_newsitem_history", args=[item.pk]))
    assert "Correction: An earlier version gave the wrong date." in history.content.decode()


def test_correction_refused_for_editors_and_drafts(editor, publisher_client):
    live, draft = make_news_item("Live"), make_news_item("Draft", published=False)
    assert correct(signed_in(editor), live).status_code == 403
    assert correct(publisher_client, draft).status_code == 403
    assert not Correction.objects.exists()
