"""History that explains itself: only changed fields logged, compare, restore that says what it
did; optimistic locking with a conflict page."""

from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from reversion.models import Version

from newsroom.models import NewsItem, Review
from tests.factories import change_form_data, change_url, make_news_item, make_user

pytestmark = pytest.mark.django_db


def signed_in(user):
    client = Client()
    client.force_login(user)
    return client


def history(client, item):
    return client.get(reverse("admin:newsroom_newsitem_history", args=[item.pk])).content.decode()


def compare_url(item, version):
    return reverse("admin:newsroom_newsitem_compare", args=[item.pk, version.pk])


def test_versions_log_only_fields_that_changed(publisher_client):
    item = make_news_item(
        published=False, title="First", body="<p>Body with <b>bold</b> text &amp; more</p>"
    )
    publisher_client.post(change_url(item), change_form_data(item, title="Second"))
    item.refresh_from_db()
    publisher_client.post(change_url(item), change_form_data(item))  # nothing changed
    comments = [v.revision.get_comment() for v in Version.objects.get_for_object(item)]
    assert comments[1] == "Changed Title."
    assert comments[0] == "No fields changed."
    assert "Body" not in " ".join(comments)


def test_versions_compare_shows_a_word_diff(publisher_client):
    item = make_news_item(published=False, title="Talks in Vienna", lead="Old lead.")
    publisher_client.post(change_url(item), change_form_data(item, title="Talks in Geneva"))
    newest = Version.objects.get_for_object(item).first()
    assert compare_url(item, newest) in history(publisher_client, item)
    page = publisher_client.get(compare_url(item, newest)).content.decode()
    assert "Talks in <del>Vienna</del><ins>Geneva</ins>" in page
    changed = page.split("What this version changed")[1].split("What has changed since")[0]
    assert "Lead" not in changed
    crumbs = page.split('<div class="breadcrumbs">')[1].split("</div>")[0]
    assert f'href="{change_url(item)}">Talks in Geneva</a>' in crumbs
    history_url = reverse("admin:newsroom_newsitem_history", args=[item.pk])
    assert f'href="{history_url}">History</a>' in crumbs


@pytest.fixture
def rewritten_live(publisher_client):
    item = make_news_item("Original title", body="<p>Original body</p>", slug="original")
    publisher_client.post(change_url(item), change_form_data(item, title="Rewritten title"))
    item.refresh_from_db()
    return item, Version.objects.get_for_object(item).last()  # the state before the edit


def test_versions_publisher_restore_keeps_it_live_at_its_url(publisher_client, rewritten_live):
    item, original = rewritten_live
    response = publisher_client.post(compare_url(item, original), follow=True)
    item.refresh_from_db()
    assert item.title == "Original title"
    assert item.is_public
    assert item.slug == "original"
    assert "it is published now, same URL" in response.content.decode()
    assert "Restored the text of the version of" in history(publisher_client, item)


def test_versions_editor_restore_of_live_item_waits_for_review(rewritten_live):
    item, original = rewritten_live
    editor = signed_in(make_user("ed", "Editor"))
    response = editor.post(compare_url(item, original), follow=True)
    assert "waiting for a Publisher" in response.content.decode()
    item.refresh_from_db()
    assert item.title == "Rewritten title"
    assert Review.objects.get(item=item).proposal["title"] == "Original title"


def test_versions_editor_restore_through_the_revision_form_waits_too(rewritten_live):
    item, original = rewritten_live
    editor = signed_in(make_user("ed", "Editor"))
    url = reverse("admin:newsroom_newsitem_revision", args=[item.pk, original.pk])
    earlier = item.publish_at - timedelta(days=30)  # the form holds the version's time
    data = change_form_data(
        item,
        title="Original title",
        publish_at_0=timezone.localtime(earlier).strftime("%Y-%m-%d"),
        publish_at_1=timezone.localtime(earlier).strftime("%H:%M:%S"),
    )
    editor.post(url, data)
    item.refresh_from_db()
    assert item.title == "Rewritten title"
    review = Review.objects.get(item=item)
    assert review.state == Review.State.PENDING
    assert review.proposal["title"] == "Original title"
    assert "publish_at" not in review.proposal  # a restore brings back text, not the time


def test_versions_restore_of_a_draft_stays_a_draft(editor_client):
    item = make_news_item(published=False, title="Careful")
    editor_client.post(change_url(item), change_form_data(item, title="Hasty"))
    first = Version.objects.get_for_object(item).last()
    response = editor_client.post(compare_url(item, first), follow=True)
    item.refresh_from_db()
    assert (item.title, item.status) == ("Careful", NewsItem.Status.DRAFT)
    assert "still a draft" in response.content.decode()


def test_versions_second_save_of_a_stale_form_is_refused_with_both_versions(publisher):
    item = make_news_item("Shared item", lead="Lead as opened.")
    first, second = signed_in(publisher), signed_in(make_user("pub2", "Publisher"))
    opened_at = item.version
    saved = first.post(
        change_url(item),
        change_form_data(item, lead="First editor's lead.", opened_version=opened_at),
    )
    assert saved.status_code == 302
    late = change_form_data(item, lead="Second editor's lead.", opened_version=opened_at)
    conflict = second.post(change_url(item), late)
    assert conflict.status_code == 409
    page = conflict.content.decode()
    assert "not saved" in page
    assert "publisher saved this item" in page
    assert "<del>First</del><ins>Second</ins>" in page
    assert "Second editor&#x27;s lead." in page  # their own text, to copy
    item.refresh_from_db()
    assert item.lead == "First editor's lead."
    overwrite = {**late, "opened_version": item.version}  # "Save my version over theirs"
    assert second.post(change_url(item), overwrite).status_code == 302
    item.refresh_from_db()
    assert item.lead == "Second editor's lead."


def test_versions_each_save_raises_the_version(publisher_client):
    item = make_news_item("Counted")
    form = publisher_client.get(change_url(item)).content.decode()
    assert f'name="opened_version" value="{item.version}"' in form
    publisher_client.post(change_url(item), change_form_data(item, opened_version=item.version))
    item.refresh_from_db()
    assert item.version == 2
