import pytest
from reversion.models import Version

from structures.models import FieldOfWork, Structure
from tests.editorial.conftest import change_form_data, change_url, make_user
from tests.factories import make_field_of_work, make_news_item, make_structure

pytestmark = pytest.mark.django_db


def test_history_admin_save_keeps_version_with_user(publisher_client, publisher):
    item = make_news_item(published=False, title="First title", body="<p>First body</p>")
    publisher_client.post(change_url(item), change_form_data(item, title="Second title"))
    versions = Version.objects.get_for_object(item)
    assert versions.count() == 1
    assert versions[0].revision.user == publisher
    assert versions[0].revision.date_created is not None
    assert versions[0].field_dict["title"] == "Second title"


def test_history_restore_brings_back_old_title_and_body(publisher_client):
    item = make_news_item(published=False, title="Original title", body="<p>Original body</p>")
    publisher_client.post(change_url(item), change_form_data(item))
    original = Version.objects.get_for_object(item).get()
    publisher_client.post(
        change_url(item), change_form_data(item, title="Rewritten", body="<p>New body</p>")
    )
    item.refresh_from_db()
    assert item.title == "Rewritten"
    history = publisher_client.get(f"/admin/newsroom/newsitem/{item.pk}/history/")
    revision_url = f"/admin/newsroom/newsitem/{item.pk}/history/{original.pk}/"
    assert revision_url in history.content.decode()
    form = publisher_client.get(revision_url)
    assert form.status_code == 200
    assert 'value="Original title"' in form.content.decode()  # the form shows the old version
    item.refresh_from_db()
    assert item.title == "Rewritten"  # looking is not restoring
    old = original.field_dict
    response = publisher_client.post(
        revision_url, change_form_data(item, title=old["title"], body=old["body"])
    )
    assert response.status_code == 302
    item.refresh_from_db()
    assert (item.title, item.body) == ("Original title", "<p>Original body</p>")
    assert Version.objects.get_for_object(item).count() == 3


def test_history_editor_cannot_restore_a_publication_state(client):
    editor = make_user("ed", "Editor")
    publisher = make_user("pub", "Publisher")
    item = make_news_item(published=True, title="Live")
    client.force_login(publisher)
    client.post(change_url(item), change_form_data(item))
    live = Version.objects.get_for_object(item).get()
    client.post("/admin/newsroom/newsitem/", {"action": "unpublish", "_selected_action": [item.pk]})
    client.force_login(editor)
    response = client.post(
        f"/admin/newsroom/newsitem/{item.pk}/history/{live.pk}/", change_form_data(item)
    )
    assert response.status_code == 403
    item.refresh_from_db()
    assert item.status == "draft"


def test_history_structure_and_field_of_work_versions(client):
    client.force_login(make_user("admin", superuser=True))
    structure = make_structure("Mission to Skopje")
    response = client.post(
        f"/admin/structures/structure/{structure.pk}/change/",
        {
            "name": "Mission to Skopje",
            "slug": structure.slug,
            "kind": structure.kind,
            "position": 0,
            "summary": "Changed summary",
            "aliases-TOTAL_FORMS": 1,
            "aliases-INITIAL_FORMS": 0,
            "aliases-0-name": "OSCE Mission to Skopje",
            "positions-TOTAL_FORMS": 0,
            "positions-INITIAL_FORMS": 0,
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    version = Version.objects.get_for_object(Structure.objects.get(pk=structure.pk)).get()
    assert version.field_dict["summary"] == "Changed summary"
    assert any(v.object_repr.startswith("OSCE Mission") for v in version.revision.version_set.all())
    topic = make_field_of_work("Elections")
    client.post(
        f"/admin/structures/fieldofwork/{topic.pk}/change/",
        {"name": "Elections", "slug": topic.slug, "position": 3, "listed": "on"},
    )
    assert Version.objects.get_for_object(FieldOfWork.objects.get(pk=topic.pk)).count() == 1
