"""Publications run the news items' editorial workflow (issue 19): review, an Editor's change to
a live publication held for review, edit locking, preview, and the scope of a scoped Editor."""

import pytest
from django.test import Client
from django.urls import reverse
from reversion.models import Version

from newsroom.models import EditorScope
from publications.models import Publication, PublicationReview
from tests.factories import (
    make_publication,
    make_structure,
    make_user,
    publication_form_data,
)

pytestmark = pytest.mark.django_db


def admin_url(view, publication):
    return reverse(f"admin:publications_publication_{view}", args=[publication.pk])


def signed_in(user):
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def desk(db):
    """An Editor scoped to the Skopje mission, an unscoped Editor and a Publisher."""
    skopje = make_structure("Mission to Skopje")
    scoped = make_user("skopje", "Editor")
    EditorScope.objects.create(user=scoped).structures.add(skopje)
    return {
        "mission": skopje,
        "scoped": signed_in(scoped),
        "editor": signed_in(make_user("writer", "Editor")),
        "publisher": signed_in(make_user("secretariat", "Publisher")),
    }


def test_workflow_editors_change_to_a_live_publication_waits_for_review(
    desk, mailoutbox, django_capture_on_commit_callbacks
):
    live = make_publication("Handbook on observing elections", structures=[desk["mission"]])
    data = publication_form_data(live, title="Handbook on observing elections, 2nd edition")
    with django_capture_on_commit_callbacks(execute=True):
        response = desk["editor"].post(admin_url("change", live), data)
    assert response.status_code == 302
    live.refresh_from_db()
    assert live.title == "Handbook on observing elections"  # the public keeps the live one
    public = desk["editor"].get(live.get_absolute_url()).text
    assert "2nd edition" not in public
    review = PublicationReview.objects.get(item=live)
    assert review.state == PublicationReview.State.PENDING
    assert review.proposal["title"] == "Handbook on observing elections, 2nd edition"
    assert mailoutbox[-1].subject == "Waiting for review: Handbook on observing elections"
    assert "secretariat@osce.test" in mailoutbox[-1].to
    # The Editor opens the form again: it goes on from the proposal.
    form = desk["editor"].get(admin_url("change", live)).text
    assert 'value="Handbook on observing elections, 2nd edition"' in form
    assert "is waiting for review" in form
    # The Publisher sees the change in the queue and approves it.
    queue = desk["publisher"].get(
        reverse("admin:publications_publication_changelist"), {"review": "pending"}
    )
    assert list(queue.context["cl"].result_list) == [live]
    page = desk["publisher"].get(admin_url("review", live)).text
    assert "<del>elections</del><ins>elections, 2nd edition</ins>" in page
    approved = desk["publisher"].post(admin_url("review", live), {"_approve": "1"})
    assert approved.status_code == 302
    live.refresh_from_db()
    assert live.title == "Handbook on observing elections, 2nd edition"
    assert live.is_public
    assert "2nd edition" in desk["editor"].get(live.get_absolute_url()).text
    assert PublicationReview.objects.get().state == PublicationReview.State.APPROVED
    latest = Version.objects.get_for_object(live).first()
    assert latest.revision.get_comment().startswith("Approved the proposed change")


def test_workflow_a_submitted_draft_is_sent_back_with_a_comment(desk):
    draft = make_publication("Gender study", published=False, structures=[desk["mission"]])
    data = publication_form_data(draft, _submit_review="1")
    assert desk["editor"].post(admin_url("change", draft), data).status_code == 302
    assert PublicationReview.objects.get(item=draft).state == PublicationReview.State.PENDING
    comment = "Name the year of the survey in the abstract."
    response = desk["publisher"].post(
        admin_url("review", draft), {"_send_back": "1", "comment": comment}
    )
    assert response.status_code == 302
    review = PublicationReview.objects.get(item=draft)
    assert (review.state, review.comment) == (PublicationReview.State.SENT_BACK, comment)
    draft.refresh_from_db()
    assert draft.status == Publication.Status.DRAFT
    assert comment in desk["editor"].get(admin_url("change", draft)).text


def test_workflow_only_a_publisher_approves(desk):
    draft = make_publication("Gender study", published=False)
    desk["editor"].post(admin_url("change", draft), publication_form_data(draft, _submit_review=1))
    assert desk["editor"].post(admin_url("review", draft), {"_approve": "1"}).status_code == 403
    draft.refresh_from_db()
    assert draft.status == Publication.Status.DRAFT


def test_workflow_second_save_of_a_stale_form_gets_the_conflict_page(desk):
    publication = make_publication("Annual report", body="<p>First text.</p>")
    opened = publication_form_data(publication, opened_version=publication.version)
    first = {**opened, "body": "<p>The first editor's text.</p>"}
    assert desk["publisher"].post(admin_url("change", publication), first).status_code == 302
    second = {**opened, "body": "<p>The second editor's careful text.</p>"}
    response = desk["publisher"].post(admin_url("change", publication), second)
    assert response.status_code == 409
    page = response.text
    assert "was changed by someone else" in page
    assert "The second editor&#x27;s careful text." in page  # given back, not lost
    assert 'name="opened_version" value="2"' in page  # "save mine over theirs" is possible
    crumbs = page.split('<div class="breadcrumbs">')[1].split("</div>")[0]
    assert f'href="{admin_url("change", publication)}">Annual report</a>' in crumbs
    assert crumbs.rstrip().endswith("&rsaquo; Edit conflict")
    publication.refresh_from_db()
    assert publication.body == "<p>The first editor's text.</p>"
    assert publication.version == 2


def test_workflow_preview_of_a_draft_is_for_staff_only_and_not_indexed(desk, client):
    draft = make_publication("Unpublished manual", published=False)
    url = reverse("publications:publication-preview", args=[draft.uuid])
    response = desk["editor"].get(url)
    assert response.status_code == 200
    assert response["X-Robots-Tag"] == "noindex, nofollow"
    assert "no-cache" in response["Cache-Control"]
    page = response.text
    assert '<meta name="robots" content="noindex, nofollow">' in page
    assert "Draft: not public." in page
    assert admin_url("change", draft) in page
    assert client.get(url).status_code == 404
    assert client.get(draft.get_absolute_url()).status_code == 404
    # "Save and preview" leads there.
    saved = desk["editor"].post(
        admin_url("change", draft), publication_form_data(draft, _preview=1)
    )
    assert saved["Location"] == url


def test_workflow_scoped_editor_reaches_only_publications_of_their_structures(desk):
    own = make_publication("Skopje report", published=False, structures=[desk["mission"]])
    other = make_publication("Vienna report", published=False, structures=[make_structure("RFoM")])
    client = desk["scoped"]
    assert client.get(admin_url("change", own)).status_code == 200
    assert client.get(admin_url("change", other)).status_code == 403
    data = publication_form_data(other, title="Taken over")
    assert client.post(admin_url("change", other), data).status_code == 403
    assert client.get(admin_url("history", other)).status_code == 403
    assert (
        client.get(reverse("publications:publication-preview", args=[other.uuid])).status_code
        == 404
    )
    other.refresh_from_db()
    assert other.title == "Vienna report"
    changelist = client.get(reverse("admin:publications_publication_changelist"))
    assert list(changelist.context["cl"].result_list) == [own]


def test_workflow_history_compares_and_restores_a_publications_text(desk):
    publication = make_publication("Toolkit", abstract="The first abstract.")
    data = publication_form_data(publication, abstract="A rewritten abstract.")
    desk["publisher"].post(admin_url("change", publication), data)
    first = Version.objects.get_for_object(publication).last()  # kept before the first edit
    compare = reverse("admin:publications_publication_compare", args=[publication.pk, first.pk])
    page = desk["publisher"].get(compare).text
    assert (
        '<tr><th scope="row">Abstract</th><td class="before">The first abstract.</td>'
        '<td class="after">A rewritten abstract.</td>'
    ) in page
    assert desk["publisher"].post(compare).status_code == 302
    publication.refresh_from_db()
    assert publication.abstract == "The first abstract."
    assert publication.is_public


# Withdrawal, corrections, removal.


PUBLIC_PATHS = [  # where a public publication is listed: its lists, feeds, sitemap, search
    "/publications/",
    "/publications/rss/",
    "/publications/atom/",
    "/publications/feed.json",
    "/sitemap-publications.xml",
    "/search/?q=Handbook",
]


def test_workflow_withdrawn_publication_leaves_lists_feeds_and_search_at_once(desk, client):
    publication = make_publication("Handbook on observing elections", structures=[desk["mission"]])
    url = publication.get_absolute_url()
    for path in PUBLIC_PATHS:  # cached now, for anonymous visitors
        assert url in client.get(path).text, path
    note = "It named the wrong observation mission."
    response = desk["publisher"].post(admin_url("withdraw", publication), {"note": note})
    assert response.status_code == 302
    publication.refresh_from_db()
    assert publication.is_withdrawn
    assert publication.withdrawal_note == note
    for path in PUBLIC_PATHS:
        assert url not in client.get(path).text, path
    page = client.get(url)
    assert page.status_code == 200  # its page stays, marked, with its original text
    assert "This item was withdrawn on" in page.text
    assert note in page.text
    assert "Handbook on observing elections" in page.text
    history = Version.objects.get_for_object(publication).first().revision.get_comment()
    assert history == f"Withdrawn: {note}"


def test_workflow_only_a_publisher_withdraws_or_corrects(desk):
    publication = make_publication("Annual report")
    for act in ("withdraw", "correct"):
        response = desk["editor"].post(admin_url(act, publication), {"note": "No."})
        assert response.status_code == 403
    publication.refresh_from_db()
    assert publication.is_public
    assert not publication.corrections.exists()
    form = desk["editor"].get(admin_url("change", publication)).text
    assert admin_url("withdraw", publication) not in form
    assert (
        admin_url("withdraw", publication)
        in desk["publisher"].get(admin_url("change", publication)).text
    )


def test_workflow_correction_shows_on_the_publication(desk, client):
    publication = make_publication("Annual report 2024")
    assert "Correction" not in client.get(publication.get_absolute_url()).text
    note = "An earlier version gave the wrong number of field operations."
    response = desk["publisher"].post(admin_url("correct", publication), {"note": note})
    assert response.status_code == 302
    page = client.get(publication.get_absolute_url()).text
    assert "Correction, <time" in page
    assert note in page
    assert publication.corrections.get().created_by.username == "secretariat"


@pytest.mark.parametrize("corrections", [0, 3])
def test_workflow_publication_page_queries_do_not_grow_with_corrections(
    client, db, django_assert_max_num_queries, corrections
):
    publication = make_publication("Annual report 2024")
    for number in range(corrections):
        publication.corrections.create(note=f"Correction number {number}.")
    with django_assert_max_num_queries(13):
        assert client.get(publication.get_absolute_url()).status_code == 200


def test_workflow_deleted_live_publication_answers_410_a_draft_404(desk, client):
    live = make_publication("Obsolete guide", slug="obsolete-guide")
    draft = make_publication("Abandoned draft", slug="abandoned-draft", published=False)
    for publication in (live, draft):
        response = desk["publisher"].post(admin_url("delete", publication), {"post": "yes"})
        assert response.status_code == 302
    gone = client.get("/publications/obsolete-guide/")
    assert gone.status_code == 410
    assert "“Obsolete guide” was removed from the publications" in gone.text
    assert client.get("/publications/abandoned-draft/").status_code == 404


def test_workflow_desk_lists_publications_waiting_for_review(desk):
    draft = make_publication("Gender study", published=False, structures=[desk["mission"]])
    desk["scoped"].post(admin_url("change", draft), publication_form_data(draft, _submit_review=1))
    index = desk["publisher"].get(reverse("admin:index")).text
    assert f'<a href="{admin_url("review", draft)}">Gender study</a>' in index
    comment = "Add the survey's sources."
    desk["publisher"].post(admin_url("review", draft), {"_send_back": "1", "comment": comment})
    index = desk["scoped"].get(reverse("admin:index")).text
    assert f'<a href="{admin_url("change", draft)}">Gender study</a>' in index


@pytest.mark.parametrize("n", [1, 20])
def test_workflow_publications_changelist_queries_constant(desk, django_assert_max_num_queries, n):
    for number in range(n):
        make_publication(f"Study {number}", structures=[desk["mission"]], published=number % 2)
    with django_assert_max_num_queries(20):
        response = desk["publisher"].get(reverse("admin:publications_publication_changelist"))
    assert response.status_code == 200
    assert len(response.context["cl"].result_list) == n
