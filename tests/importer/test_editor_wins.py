"""The editor wins over a re-import (issue 14, variant 9): what an editor deleted or edited in
the admin is not undone by importing the same documents again, by the command that `make
run` calls at every start, or by the admin's upload; a changed document that would
overwrite an edit is a conflict in the report, dry run included."""

import re
from io import StringIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse

from newsroom.importer.load import import_documents
from newsroom.importer.models import Tombstone
from newsroom.models import NewsItem
from structures.models import FieldOfWork, Position, Structure
from tests.factories import change_form_data, change_url, listing, listing_item, make_user
from tests.importer import documents

pytestmark = pytest.mark.django_db

IMPORT_URL = "/admin/newsroom/newsitem/import/"
DELETED = "Montenegrin Police Directorate and Police Academy exchange good practices"
EDITED = "OSCE supports Montenegrin parliamentary staff"
EDITED_LEAD = "PODGORICA, 15 May 2025 – The editor's corrected lead."


def make_run_import():
    """`make run`'s import step: `manage.py import_seeds` with its defaults."""
    out = StringIO()
    call_command("import_seeds", stdout=out)
    return out.getvalue()


@pytest.fixture
def admin_client(client):
    client.force_login(make_user("chief", superuser=True))
    return client


def delete_in_admin(client, record):
    opts = record._meta
    url = reverse(f"admin:{opts.app_label}_{opts.model_name}_delete", args=[record.pk])
    response = client.post(url, {"post": "yes"})
    assert response.status_code == 302, response.content[:500]


def test_deleted_and_edited_records_survive_make_run_twice(admin_client):
    make_run_import()
    deleted_item = NewsItem.objects.get(title__startswith=DELETED)
    delete_in_admin(admin_client, deleted_item)
    delete_in_admin(admin_client, Structure.objects.get(name="Gender Issues Programme"))
    edited = NewsItem.objects.get(title__startswith=EDITED)
    response = admin_client.post(change_url(edited), change_form_data(edited, lead=EDITED_LEAD))
    assert response.status_code == 302
    assert Tombstone.objects.count() == 2

    outputs = [make_run_import(), make_run_import()]

    assert not NewsItem.objects.filter(title__startswith=DELETED).exists()
    assert not Structure.objects.filter(name="Gender Issues Programme").exists()
    assert not Position.objects.filter(title="OSCE Senior Adviser on Gender Issues").exists()
    assert NewsItem.objects.get(pk=edited.pk).lead == EDITED_LEAD
    for output in outputs:
        assert f"skipped: news item “{DELETED}" in output
        assert "skipped: Gender Issues Programme: deleted by an editor" in output
        assert f"news item “{edited.title}”: edited by an editor, kept" in output


def test_bulk_delete_in_the_changelist_is_remembered(admin_client):
    import_documents([("news.txt", listing(listing_item(title="A"), listing_item(title="B")))])
    response = admin_client.post(
        reverse("admin:newsroom_newsitem_changelist"),
        {"action": "delete_selected", "_selected_action": list(
            NewsItem.objects.values_list("pk", flat=True)), "post": "yes"},
    )  # fmt: skip
    assert response.status_code == 302
    report = import_documents(
        [("news.txt", listing(listing_item(title="A"), listing_item(title="B")))]
    )
    assert not NewsItem.objects.exists()
    assert report.totals()["NewsItem"] == {"skipped": 2}


def test_deleted_field_of_work_stays_deleted(admin_client):
    import_documents([("policing.txt", documents.FIELD_OF_WORK_POLICING.encode())])
    delete_in_admin(admin_client, FieldOfWork.objects.get(name="Policing"))
    report = import_documents([("policing.txt", documents.FIELD_OF_WORK_POLICING.encode())])
    assert not FieldOfWork.objects.filter(name="Policing").exists()
    assert report.documents[0].skipped == ["skipped: Policing: deleted by an editor"]


def test_deleting_the_tombstone_lets_the_import_bring_it_back(admin_client):
    import_documents([("news.txt", listing(listing_item(title="Comes back")))])
    delete_in_admin(admin_client, NewsItem.objects.get())
    Tombstone.objects.get().delete()
    import_documents([("news.txt", listing(listing_item(title="Comes back")))])
    assert NewsItem.objects.get().title == "Comes back"


def test_admin_upload_respects_deletions(admin_client):
    data = listing(listing_item(title="Uploaded then deleted"))
    import_documents([("news.txt", data)])
    delete_in_admin(admin_client, NewsItem.objects.get())
    review = admin_client.post(IMPORT_URL, {"files": [SimpleUploadedFile("news.txt", data)]})
    assert "skipped: news item “Uploaded then deleted”: deleted by an editor" in review.text
    token = re.search(r'name="token" value="([^"]+)"', review.text)[1]
    admin_client.post(IMPORT_URL, {"token": token})
    assert not NewsItem.objects.exists()


def test_changed_document_over_an_edit_is_a_conflict_not_applied(admin_client):
    original = listing(listing_item(title="Edited here"))
    import_documents([("news.txt", original)])
    item = NewsItem.objects.get()
    admin_client.post(change_url(item), change_form_data(item, lead="SKOPJE – The editor's."))
    changed = listing(listing_item(title="Edited here", lead="SKOPJE, 15 May 2025 – Revised."))

    dry = import_documents([("news.txt", changed)], dry_run=True)
    assert dry.totals()["NewsItem"] == {"conflict": 1}
    assert (
        dry.documents[0].conflicts[0].startswith("conflict: news item “Edited here” (news.txt:3)")
    )
    report = import_documents([("news.txt", changed)])
    assert report.totals()["NewsItem"] == {"conflict": 1}
    assert NewsItem.objects.get().lead == "SKOPJE – The editor's."


def test_changed_document_without_an_edit_still_updates():
    import_documents([("news.txt", listing(listing_item(title="Not edited")))])
    changed = listing(listing_item(title="Not edited", lead="SKOPJE, 15 May 2025 – Revised."))
    report = import_documents([("news.txt", changed)])
    assert report.totals()["NewsItem"] == {"updated": 1}
    assert NewsItem.objects.get().lead == "SKOPJE, 15 May 2025 – Revised."


def test_editor_who_reopens_a_structure_is_not_overruled(admin_client):
    import_documents([("closed.txt", documents.LISTING_CLOSED.encode())])
    croatia = Structure.objects.get(name="Mission to Croatia")
    url = reverse("admin:structures_structure_change", args=[croatia.pk])
    form = admin_client.get(url).context["adminform"].form
    data = {
        name: value
        for name, value in form.initial.items()
        if value is not None and name not in {"closed", "fields_of_work"}
    }
    data |= {"kind": croatia.kind, "position": 0, "established_precision": "day"}
    for prefix in ("aliases", "positions"):
        data |= {f"{prefix}-TOTAL_FORMS": 0, f"{prefix}-INITIAL_FORMS": 0}
    response = admin_client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    croatia.refresh_from_db()
    assert (croatia.closed, croatia.closed_by_editor) == (False, True)
    assert croatia.closed_source.startswith("set by chief in the admin")

    import_documents([("closed.txt", documents.LISTING_CLOSED.encode())])
    croatia.refresh_from_db()
    assert croatia.closed is False
