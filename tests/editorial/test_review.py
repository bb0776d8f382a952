"""Review: submit, send back with a comment, resubmit, approve; an Editor's edit of a live item
waits as a proposal while the public keeps the published version; notifications."""

from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from newsroom.models import EditorScope, NewsItem, Review
from tests.factories import (
    ADD_URL,
    CHANGELIST_URL,
    change_form_data,
    change_url,
    make_news_item,
    make_structure,
    make_user,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def desk(db):
    """The Skopje editor and the Secretariat publisher, each with their own browser."""
    skopje = make_structure("Mission to Skopje")
    editor = make_user("skopje", "Editor")
    EditorScope.objects.create(user=editor).structures.add(skopje)
    publisher = make_user("secretariat", "Publisher")
    clients = {}
    for user in (editor, publisher):
        clients[user.username] = Client()
        clients[user.username].force_login(user)
    return {"mission": skopje, "editor": editor, "publisher": publisher, **clients}


def review_url(item):
    return reverse("admin:newsroom_newsitem_review", args=[item.pk])


def write_and_submit(desk, title="Skopje hosts a youth forum"):
    data = change_form_data(NewsItem(title=title, slug="youth-forum", publish_at=timezone.now()))
    data.update(structures=[desk["mission"].pk], lead="Young people met in Skopje.")
    response = desk["skopje"].post(ADD_URL, {**data, "_submit_review": "1"})
    assert response.status_code == 302
    return NewsItem.objects.get(slug="youth-forum")


def test_review_write_submit_send_back_resubmit_approve(
    desk, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        item = write_and_submit(desk)
    assert item.status == NewsItem.Status.DRAFT
    assert item.created_by == desk["editor"]
    assert Review.objects.get(item=item).state == Review.State.PENDING
    assert mailoutbox[-1].subject == "Waiting for review: Skopje hosts a youth forum"
    assert sorted(mailoutbox[-1].to) == ["secretariat@osce.test", "skopje@osce.test"]
    assert review_url(item) in mailoutbox[-1].body

    queue = desk["secretariat"].get(f"{CHANGELIST_URL}?review=pending").content.decode()
    assert "Skopje hosts a youth forum" in queue
    page = desk["secretariat"].get(review_url(item)).content.decode()
    assert "Young people met in Skopje." in page  # a new item: all of it is shown as new
    assert 'name="_approve"' in page

    with django_capture_on_commit_callbacks(execute=True):
        response = desk["secretariat"].post(
            review_url(item), {"_send_back": "1", "comment": "Name the organisers, please."}
        )
    assert response.status_code == 302
    assert Review.objects.get(item=item).state == Review.State.SENT_BACK
    assert mailoutbox[-1].to == ["skopje@osce.test"]
    assert "Name the organisers, please." in mailoutbox[-1].body
    form = desk["skopje"].get(change_url(item)).content.decode()
    assert "Name the organisers, please." in form
    sent_back = desk["skopje"].get(f"{CHANGELIST_URL}?review=sent_back").content.decode()
    assert "Skopje hosts a youth forum" in sent_back

    item.refresh_from_db()
    data = change_form_data(item, lead="Young people met in Skopje, invited by the Mission.")
    with django_capture_on_commit_callbacks(execute=True):
        desk["skopje"].post(change_url(item), {**data, "_submit_review": "1"})
    assert item.reviews.filter(state=Review.State.PENDING).count() == 1

    with django_capture_on_commit_callbacks(execute=True):
        desk["secretariat"].post(review_url(item), {"_approve": "1"})
    item.refresh_from_db()
    assert item.is_public
    assert timezone.now() - item.publish_at < timedelta(minutes=1)
    assert mailoutbox[-1].subject == "Approved: Skopje hosts a youth forum"
    assert mailoutbox[-1].to == ["skopje@osce.test"]


def test_review_approve_with_a_schedule(desk):
    item = write_and_submit(desk)
    when = timezone.localtime(timezone.now() + timedelta(days=1))
    desk["secretariat"].post(
        review_url(item),
        {
            "_approve": "1",
            "publish_at_0": when.strftime("%Y-%m-%d"),
            "publish_at_1": when.strftime("%H:%M:%S"),
        },
    )
    item.refresh_from_db()
    assert item.is_scheduled


def test_review_editor_cannot_decide(desk):
    item = write_and_submit(desk)
    assert desk["skopje"].get(review_url(item)).status_code == 200  # may look
    response = desk["skopje"].post(review_url(item), {"_approve": "1"})
    assert response.status_code == 403
    item.refresh_from_db()
    assert item.status == NewsItem.Status.DRAFT


def test_review_send_back_needs_a_comment(desk):
    item = write_and_submit(desk)
    response = desk["secretariat"].post(review_url(item), {"_send_back": "1", "comment": ""})
    assert response.status_code == 200
    assert Review.objects.get(item=item).state == Review.State.PENDING


def test_review_editor_edit_of_live_item_waits_and_public_is_unchanged(
    desk, client, mailoutbox, django_capture_on_commit_callbacks
):
    live = make_news_item(
        "Mission supports police reform", structures=[desk["mission"]], lead="Original lead."
    )
    data = change_form_data(live, lead="A rewritten lead that needs approval.")
    with django_capture_on_commit_callbacks(execute=True):
        response = desk["skopje"].post(change_url(live), data, follow=True)
    assert "is waiting for a Publisher" in response.content.decode()
    live.refresh_from_db()
    assert live.lead == "Original lead."
    assert "Original lead." in client.get(live.get_absolute_url()).content.decode()
    assert mailoutbox[-1].subject == "Waiting for review: Mission supports police reform"

    form = desk["skopje"].get(change_url(live)).content.decode()
    assert "A rewritten lead that needs approval." in form  # the editor goes on from it

    page = desk["secretariat"].get(review_url(live)).content.decode()
    assert "<del>Original</del>" in page or "<del>Original lead.</del>" in page
    assert "<ins>" in page
    assert "Title" not in page.split("What changed")[1].split("</table>")[0]  # unchanged field

    desk["secretariat"].post(review_url(live), {"_approve": "1"})
    live.refresh_from_db()
    assert live.lead == "A rewritten lead that needs approval."
    assert live.is_public
    assert "A rewritten lead" in client.get(live.get_absolute_url()).content.decode()
    history = desk["secretariat"].get(reverse("admin:newsroom_newsitem_history", args=[live.pk]))
    assert "Approved the proposed change (submitted by skopje)." in history.content.decode()


def test_review_publisher_edit_of_live_item_goes_live(publisher_client):
    live = make_news_item("Live", lead="Old.")
    publisher_client.post(change_url(live), change_form_data(live, lead="New."))
    live.refresh_from_db()
    assert live.lead == "New."
    assert not Review.objects.exists()


def test_review_scoped_editor_cannot_review_other_structures(desk):
    kosovo = make_news_item("Kosovo news", structures=[make_structure("Mission in Kosovo")])
    assert desk["skopje"].get(review_url(kosovo)).status_code == 403


def test_review_dashboard_shows_waiting_and_sent_back(desk):
    item = write_and_submit(desk)
    index = reverse("admin:index")
    assert "Skopje hosts a youth forum" in desk["secretariat"].get(index).content.decode()
    desk["secretariat"].post(review_url(item), {"_send_back": "1", "comment": "More detail."})
    dashboard = desk["skopje"].get(index).content.decode()
    assert "Sent back to you" in dashboard
    assert "More detail." in dashboard


def test_review_editor_proposes_a_publish_time_that_applies_on_approval(desk, client):
    """A proposal carries a change of publish time (an archive item's right date): the live
    item keeps its time until a Publisher approves, then takes the proposed one."""
    published = timezone.now() - timedelta(days=3)
    live = make_news_item("Mission marks anniversary", structures=[desk["mission"]])
    NewsItem.objects.filter(pk=live.pk).update(publish_at=published)
    live.refresh_from_db()
    form = desk["skopje"].get(change_url(live)).text
    assert 'name="publish_at_0"' in form  # proposed, not set: the status stays read-only
    assert 'name="status"' not in form
    assert "it applies when a Publisher approves it" in form

    right = timezone.localtime(published - timedelta(days=400)).replace(
        hour=9, minute=30, second=0, microsecond=0
    )
    data = change_form_data(
        live, publish_at_0=right.strftime("%Y-%m-%d"), publish_at_1=right.strftime("%H:%M:%S")
    )
    assert desk["skopje"].post(change_url(live), data).status_code == 302
    live.refresh_from_db()
    assert live.publish_at == published  # the public keeps the approved version
    proposal = Review.objects.get(item=live).proposal
    assert proposal["publish_at"] == right.isoformat()
    page = desk["secretariat"].get(review_url(live)).text
    changed = page.split("What changed")[1].split("</table>")[0]
    assert "Publish at" in changed
    assert right.strftime("%-d %b %Y, 09:30") in changed  # in Vienna time
    assert "Title" not in changed

    desk["secretariat"].post(review_url(live), {"_approve": "1"})
    live.refresh_from_db()
    assert live.publish_at == right
    assert live.is_public


def test_review_proposal_without_a_new_time_keeps_the_live_one(desk):
    live = make_news_item("Mission trains judges", structures=[desk["mission"]])
    published = live.publish_at
    assert published.microsecond  # the form shows seconds: equal to them is "unchanged"
    desk["skopje"].post(change_url(live), change_form_data(live, lead="A better lead."))
    assert Review.objects.get(item=live).proposal["publish_at"] == published.isoformat()
    page = desk["secretariat"].get(review_url(live)).text
    assert "Publish at" not in page.split("What changed")[1].split("</table>")[0]
    desk["secretariat"].post(review_url(live), {"_approve": "1"})
    live.refresh_from_db()
    assert (live.lead, live.publish_at) == ("A better lead.", published)


def test_review_editor_proposing_a_future_time_schedules_on_approval(desk):
    live = make_news_item("Mission opens an office", structures=[desk["mission"]])
    later = timezone.localtime(timezone.now() + timedelta(days=2)).replace(microsecond=0)
    data = change_form_data(
        live, publish_at_0=later.strftime("%Y-%m-%d"), publish_at_1=later.strftime("%H:%M:%S")
    )
    desk["skopje"].post(change_url(live), data)
    live.refresh_from_db()
    assert live.is_public  # until approved
    response = desk["secretariat"].post(review_url(live), {"_approve": "1"}, follow=True)
    live.refresh_from_db()
    assert live.is_scheduled
    assert live.publish_at == later
    assert "is scheduled for" in response.text
