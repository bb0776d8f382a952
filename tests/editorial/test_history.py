import pytest
from reversion.models import Version

from newsroom.importer.load import import_documents
from newsroom.models import NewsItem
from structures.models import FieldOfWork, Structure
from tests.factories import (
    change_form_data,
    change_url,
    listing,
    listing_item,
    make_field_of_work,
    make_news_item,
    make_structure,
    make_user,
)

pytestmark = pytest.mark.django_db


def test_history_admin_save_keeps_version_with_user(publisher_client, publisher):
    item = make_news_item(published=False, title="First title", body="<p>First body</p>")
    publisher_client.post(change_url(item), change_form_data(item, title="Second title"))
    publisher_client.post(change_url(item), change_form_data(item, title="Third title"))
    versions = Version.objects.get_for_object(item)  # newest first
    assert [v.field_dict["title"] for v in versions] == [
        "Third title",
        "Second title",
        "First title",  # the state before the first admin edit (imported, generated)
    ]
    assert versions[0].revision.user == publisher
    assert versions[0].revision.date_created is not None
    assert versions[2].revision.user is None


def test_history_restore_brings_back_old_title_and_body(publisher_client):
    item = make_news_item(published=False, title="Original title", body="<p>Original body</p>")
    publisher_client.post(
        change_url(item), change_form_data(item, title="Rewritten", body="<p>New body</p>")
    )
    item.refresh_from_db()
    assert item.title == "Rewritten"
    original = Version.objects.get_for_object(item).last()  # kept before the first edit
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
    assert Version.objects.get_for_object(item).count() == 3  # before, rewritten, restored


def test_history_restore_brings_back_tags(publisher_client):
    item = make_news_item(published=False, title="Tagged")
    item.tags.set(["water", "border security"])
    publisher_client.post(change_url(item), change_form_data(item, tags="energy"))
    assert sorted(item.tags.names()) == ["energy"]
    original = Version.objects.get_for_object(item).last()
    revision_url = f"/admin/newsroom/newsitem/{item.pk}/history/{original.pk}/"

    form = publisher_client.get(revision_url).content.decode()
    # the form shows the old version's tags
    assert "water" in form
    assert "border security" in form
    assert sorted(item.tags.names()) == ["energy"]  # looking is not restoring
    response = publisher_client.post(
        revision_url, change_form_data(item, tags="water, border security")
    )

    assert response.status_code == 302
    assert sorted(item.tags.names()) == ["border security", "water"]
    newest = Version.objects.get_for_object(item).first()
    tagged = [v for v in newest.revision.version_set.all() if v.object_repr != str(item)]
    assert len(tagged) == 2  # the restored version holds both tags


def test_history_editor_cannot_restore_a_publication_state(client):
    editor = make_user("ed", "Editor")
    publisher = make_user("pub", "Publisher")
    item = make_news_item(published=True, title="Live")
    client.force_login(publisher)
    client.post(change_url(item), change_form_data(item))
    live = Version.objects.get_for_object(item).first()
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
            "name_en": "Mission to Skopje",
            "slug": structure.slug,
            "kind": structure.kind,
            "position": 0,
            "summary_en": "Changed summary",
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
        {"name_en": "Elections", "slug": topic.slug, "position": 3, "listed": "on"},
    )
    assert Version.objects.get_for_object(FieldOfWork.objects.get(pk=topic.pk)).count() == 1


def test_history_editor_can_restore_an_earlier_text(client):
    client.force_login(make_user("ed", "Editor"))
    item = make_news_item(published=False, title="Careful wording", body="<p>Checked</p>")
    client.post(change_url(item), change_form_data(item, title="Hasty wording"))
    first = Version.objects.get_for_object(item).last()
    response = client.post(
        f"/admin/newsroom/newsitem/{item.pk}/history/{first.pk}/",
        change_form_data(item, title=first.field_dict["title"]),
    )
    assert response.status_code == 302
    item.refresh_from_db()
    assert item.title == "Careful wording"


def test_history_import_update_keeps_a_version(db):
    original = listing(listing_item(title="Second"))
    import_documents([("news.txt", original)])
    item = NewsItem.objects.get(title="Second")
    assert not Version.objects.get_for_object(item).exists()  # bulk-created: none yet
    edited = listing(listing_item(title="Second", lead="BRUSSELS, 15 May 2025 – Corrected."))
    user = make_user("importer", "Publisher")
    import_documents([("news.txt", edited)], user=user)
    version = Version.objects.get_for_object(item).get()
    assert version.field_dict["lead"] == "BRUSSELS, 15 May 2025 – Corrected."
    assert version.revision.comment == "Imported from news.txt"
    assert version.revision.user == user
    import_documents([("news.txt", edited)])  # nothing changes: no new version
    assert Version.objects.get_for_object(item).count() == 1


def deleted_with_a_version(client, **fields):
    """An item saved once in the admin (so it has a version), then deleted."""
    client.force_login(make_user("pub", "Publisher"))
    item = make_news_item(**fields)
    client.post(change_url(item), change_form_data(item))
    version = Version.objects.get_for_object(item).first()
    data = change_form_data(item)
    item.delete()
    return version, data


@pytest.mark.parametrize(("published", "allowed"), [(False, True), (True, False)])
def test_history_editor_recovers_only_a_draft(client, published, allowed):
    version, data = deleted_with_a_version(client, published=published, title="Deleted")
    client.force_login(make_user("ed", "Editor"))
    response = client.post(f"/admin/newsroom/newsitem/recover/{version.pk}/", data)
    assert response.status_code == (302 if allowed else 403)
    assert NewsItem.objects.filter(title="Deleted").exists() is allowed


def test_history_publisher_recovers_a_published_item(client):
    version, data = deleted_with_a_version(client, published=True, title="Deleted")
    response = client.post(f"/admin/newsroom/newsitem/recover/{version.pk}/", data)
    assert response.status_code == 302
    assert NewsItem.objects.get(title="Deleted").is_public


def test_history_deleted_item_comes_back_through_recover_only(client):
    version, data = deleted_with_a_version(client, published=False, title="Deleted")
    url = f"/admin/newsroom/newsitem/{version.object_id}/history/{version.pk}/"
    assert client.post(url, data).status_code == 404
    assert not NewsItem.objects.filter(title="Deleted").exists()
