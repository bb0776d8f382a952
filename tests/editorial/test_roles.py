from datetime import timedelta

import pytest
from django.contrib.auth.models import Group
from django.utils import timezone

from newsroom.models import EditorScope, NewsItem
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


def perms(group_name):
    group = Group.objects.get(name=group_name)
    return {f"{p.content_type.app_label}.{p.codename}" for p in group.permissions.all()}


def test_roles_groups_created_by_migration():
    editor, publisher = perms("Editor"), perms("Publisher")
    assert {"newsroom.add_newsitem", "newsroom.change_newsitem", "taggit.add_tag"} <= editor
    assert "newsroom.publish_newsitem" not in editor
    assert "newsroom.import_documents" not in editor
    assert {"newsroom.publish_newsitem", "newsroom.import_documents"} <= publisher
    assert editor < publisher


def test_roles_editor_action_publish_refused(editor_client):
    draft = make_news_item(published=False)
    response = editor_client.post(
        CHANGELIST_URL, {"action": "publish_now", "_selected_action": [draft.pk]}
    )
    assert response.status_code in (200, 302)  # the action does not exist for an Editor
    draft.refresh_from_db()
    assert draft.status == NewsItem.Status.DRAFT


def test_roles_editor_does_not_see_publish_actions(editor_client):
    make_news_item(published=False)
    page = editor_client.get(CHANGELIST_URL).content.decode()
    assert "publish_now" not in page
    assert 'value="unpublish"' not in page


def test_roles_editor_direct_post_publish_refused(editor_client):
    draft = make_news_item(published=False)
    response = editor_client.post(
        change_url(draft), change_form_data(draft, status="published", title="Changed")
    )
    assert response.status_code == 200
    assert "cannot publish" in response.content.decode()
    draft.refresh_from_db()
    assert (draft.status, draft.title) == (NewsItem.Status.DRAFT, draft.title)
    assert not NewsItem.objects.published().exists()


def test_roles_editor_direct_post_unpublish_refused(editor_client):
    item = make_news_item(published=True)
    response = editor_client.post(change_url(item), change_form_data(item, status="draft"))
    assert response.status_code == 200
    item.refresh_from_db()
    assert item.is_public


def test_roles_editor_add_is_always_a_draft(editor_client):
    data = change_form_data(
        NewsItem(title="New", slug="new", publish_at=timezone.now()), status="published"
    )
    response = editor_client.post(ADD_URL, data)
    assert response.status_code == 200
    assert not NewsItem.objects.exists()
    del data["status"]
    assert editor_client.post(ADD_URL, data).status_code == 302
    assert NewsItem.objects.get().status == NewsItem.Status.DRAFT


def test_roles_editor_status_and_date_read_only(editor_client):
    draft = make_news_item(published=False)
    page = editor_client.get(change_url(draft)).content.decode()
    assert 'name="status"' not in page
    assert 'name="publish_at_0"' not in page
    assert 'name="title"' in page


def test_roles_editor_can_edit_draft_text(editor_client):
    draft = make_news_item(published=False)
    response = editor_client.post(change_url(draft), change_form_data(draft, title="Better"))
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.title == "Better"


def test_roles_publisher_action_publishes_and_unpublishes(publisher_client):
    draft = make_news_item(published=False)
    future = make_news_item(publish_at=timezone.now() + timedelta(days=2))
    publisher_client.post(
        CHANGELIST_URL, {"action": "publish_now", "_selected_action": [draft.pk, future.pk]}
    )
    draft.refresh_from_db()
    future.refresh_from_db()
    assert draft.is_public
    assert future.is_public
    publisher_client.post(CHANGELIST_URL, {"action": "unpublish", "_selected_action": [draft.pk]})
    draft.refresh_from_db()
    assert draft.status == NewsItem.Status.DRAFT


def test_roles_publisher_schedules_through_form(publisher_client):
    draft = make_news_item(published=False)
    when = timezone.localtime(timezone.now() + timedelta(days=3))
    response = publisher_client.post(
        change_url(draft),
        change_form_data(
            draft,
            status="published",
            publish_at_0=when.strftime("%Y-%m-%d"),
            publish_at_1=when.strftime("%H:%M:%S"),
        ),
    )
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.is_scheduled


@pytest.fixture
def skopje_editor(client):
    skopje = make_structure("Mission to Skopje")
    user = make_user("skopje", "Editor")
    EditorScope.objects.create(user=user).structures.add(skopje)
    client.force_login(user)
    return client, skopje


def test_roles_scoped_editor_changelist_shows_only_own_structure(skopje_editor):
    client, skopje = skopje_editor
    own = make_news_item("Skopje news", published=False)
    own.structures.add(skopje)
    other = make_news_item("Kosovo news", published=False)
    other.structures.add(make_structure("Mission in Kosovo"))
    page = client.get(CHANGELIST_URL).content.decode()
    assert "Skopje news" in page
    assert "Kosovo news" not in page


def test_roles_scoped_editor_cannot_open_or_post_other_item(skopje_editor):
    client, _ = skopje_editor
    other = make_news_item("Kosovo news", published=False)
    other.structures.add(make_structure("Mission in Kosovo"))
    assert client.get(change_url(other)).status_code == 403
    response = client.post(change_url(other), change_form_data(other, title="Hijacked"))
    assert response.status_code == 403
    other.refresh_from_db()
    assert other.title == "Kosovo news"
    assert client.get(f"/admin/newsroom/newsitem/{other.pk}/history/").status_code == 403


def test_roles_scoped_editor_must_keep_own_structure(skopje_editor):
    client, skopje = skopje_editor
    own = make_news_item("Skopje news", published=False)
    own.structures.add(skopje)
    kosovo = make_structure("Mission in Kosovo")
    response = client.post(change_url(own), change_form_data(own, structures=[kosovo.pk]))
    assert response.status_code == 200
    assert "Choose at least one of the structures" in response.content.decode()
    response = client.post(change_url(own), change_form_data(own, title="Edited"))
    assert response.status_code == 302
