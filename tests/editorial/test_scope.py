"""An Editor's scope beyond news items (issue 17): a scoped Editor changes the structures in
their scope only, and nothing organisation-wide (fields of work, countries, tags: no rename,
no merge); one rule, EditorialPolicy.may(), asked by the structures' and the tags' admin."""

import pytest
from django.contrib.auth.models import Permission
from django.test import Client
from django.urls import reverse
from reversion.models import Version
from taggit.models import Tag, TaggedItem

from newsroom.editorial.policy import EditorialPolicy
from newsroom.models import EditorScope
from newsroom.tag_admin import merge
from structures.models import Country, FieldOfWork, FieldOperation, Structure
from tests.factories import (
    change_form_data,
    change_url,
    make_country,
    make_field_of_work,
    make_news_item,
    make_structure,
    make_user,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    skopje, kosovo = make_structure("Mission to Skopje"), make_structure("Mission in Kosovo")
    scoped = make_user("skopje", "Editor")
    EditorScope.objects.create(user=scoped).structures.add(skopje)
    # The Editor group does not change structures; a scope decides which ones a user who
    # may change them reaches.
    keeper = make_user("skopje-keeper", "Editor")
    EditorScope.objects.create(user=keeper).structures.add(skopje)
    change_structure = Permission.objects.filter(
        codename__in=["change_structure", "add_structure", "delete_structure"]
    )
    keeper.user_permissions.add(*change_structure)
    users = {
        "superuser": make_user("root", superuser=True),
        "publisher": make_user("publisher", "Publisher"),
        "editor": make_user("editor", "Editor"),
        "scoped editor": scoped,
        "scoped keeper": keeper,
        "staff without role": make_user("intern"),
    }
    return {
        "users": users,
        "skopje": skopje,
        "kosovo": kosovo,
        "elections": make_field_of_work("Elections"),
        "youth": Tag.objects.create(name="youth"),
    }


# role: change own structure, change other structure, add structure, delete own structure,
#       change field of work, add field of work, change country, change tag, merge tags
MAY = [
    ("superuser", (True, True, True, True, True, True, True, True, True)),
    ("publisher", (False, False, False, False, True, True, False, True, True)),
    ("editor", (False, False, False, False, True, True, False, True, True)),
    ("scoped editor", (False, False, False, False, False, False, False, False, False)),
    ("scoped keeper", (True, False, False, False, False, False, False, False, False)),
    ("staff without role", (False, False, False, False, False, False, False, False, False)),
]


@pytest.mark.parametrize(("role", "expected"), MAY)
def test_scope_rights_over_shared_records_by_role(world, role, expected):
    policy = EditorialPolicy(world["users"][role])
    answers = (
        policy.may("change", Structure, world["skopje"]),
        policy.may("change", Structure, world["kosovo"]),
        policy.may("add", Structure),
        policy.may("delete", Structure, world["skopje"]),
        policy.may("change", FieldOfWork, world["elections"]),
        policy.may("add", FieldOfWork),
        policy.may("change", Country, make_country()),
        policy.may("change", Tag, world["youth"]),
        policy.can_merge_tags(),
    )
    assert answers == expected


def test_scope_field_operations_follow_the_structures_rule(world):
    keeper = world["users"]["scoped keeper"]
    keeper.user_permissions.add(Permission.objects.get(codename="change_fieldoperation"))
    policy = EditorialPolicy(type(keeper).objects.get(pk=keeper.pk))  # permissions read anew
    skopje = FieldOperation.objects.get(pk=world["skopje"].pk)
    kosovo = FieldOperation.objects.get(pk=world["kosovo"].pk)
    assert policy.may("change", FieldOperation, skopje)
    assert not policy.may("change", FieldOperation, kosovo)


def client_of(user):
    client = Client()
    client.force_login(user)
    return client


def test_scope_structure_admin_edits_own_structure_and_only_shows_others(world):
    client = client_of(world["users"]["scoped keeper"])
    own = reverse("admin:structures_structure_change", args=[world["skopje"].pk])
    other = reverse("admin:structures_structure_change", args=[world["kosovo"].pk])
    assert 'name="name_en"' in client.get(own).text
    page = client.get(other)
    assert page.status_code == 200  # seen, read-only
    assert 'name="name_en"' not in page.text
    response = client.post(other, {"name_en": "Renamed", "slug": "renamed", "kind": "other"})
    assert response.status_code == 403
    assert "Not allowed" in response.text  # the admin's refusal page, not a bare 403
    world["kosovo"].refresh_from_db()
    assert world["kosovo"].name == "Mission in Kosovo"
    assert client.get(reverse("admin:structures_structure_add")).status_code == 403
    delete = reverse("admin:structures_structure_delete", args=[world["skopje"].pk])
    assert client.post(delete, {"post": "yes"}).status_code == 403
    assert Structure.objects.filter(pk=world["skopje"].pk).exists()


def test_scope_field_of_work_is_read_only_for_a_scoped_editor(world):
    url = reverse("admin:structures_fieldofwork_change", args=[world["elections"].pk])
    scoped = client_of(world["users"]["scoped editor"])
    page = scoped.get(url)
    assert page.status_code == 200
    assert 'name="introduction_en"' not in page.text
    response = scoped.post(url, {"name_en": "Rewritten", "slug": "elections", "position": 1})
    assert response.status_code == 403
    world["elections"].refresh_from_db()
    assert world["elections"].name == "Elections"
    changelist = scoped.get(reverse("admin:structures_fieldofwork_changelist"))
    assert 'name="form-0-position"' not in changelist.text  # no list editing either
    assert scoped.get(reverse("admin:structures_fieldofwork_add")).status_code == 403
    # An Editor without a scope writes the organisation's field-of-work pages.
    editor = client_of(world["users"]["editor"])
    assert 'name="introduction_en"' in editor.get(url).text
    changelist = editor.get(reverse("admin:structures_fieldofwork_changelist"))
    assert 'name="form-0-position"' in changelist.text


def tagged(*names):
    item = make_news_item()
    item.tags.add(*names)
    return item


def changelist_post(client, tags, **extra):
    return client.post(
        reverse("admin:taggit_tag_changelist"),
        {"action": "merge_tags", "_selected_action": [t.pk for t in tags], **extra},
    )


def test_scope_scoped_editor_cannot_merge_rename_or_delete_tags(world):
    one, two = tagged("youth"), tagged("young people")
    young = Tag.objects.get(name="young people")
    scoped = client_of(world["users"]["scoped editor"])
    changelist = scoped.get(reverse("admin:taggit_tag_changelist"))
    assert changelist.status_code == 200  # tags are seen
    assert "merge_tags" not in changelist.text
    changelist_post(scoped, [world["youth"], young], apply="1", into="youth")
    assert set(Tag.objects.values_list("name", flat=True)) == {"youth", "young people"}
    assert list(one.tags.names()) == ["youth"]
    assert list(two.tags.names()) == ["young people"]
    url = reverse("admin:taggit_tag_change", args=[young.pk])
    assert scoped.post(url, {"name": "youngsters", "slug": "youngsters"}).status_code == 403
    delete = reverse("admin:taggit_tag_delete", args=[young.pk])
    assert scoped.post(delete, {"post": "yes"}).status_code == 403
    assert Tag.objects.filter(name="young people").exists()


def test_scope_publisher_merges_tags_through_a_confirmation(world):
    both = tagged("youth", "Young people")
    only = tagged("Young people")
    young = Tag.objects.get(name="Young people")
    client = client_of(world["users"]["publisher"])
    assert "merge_tags" in client.get(reverse("admin:taggit_tag_changelist")).text
    confirm = changelist_post(client, [world["youth"], young])
    assert confirm.status_code == 200
    assert "These tags become one" in confirm.text
    assert Tag.objects.count() == 2  # nothing yet
    empty = changelist_post(client, [world["youth"], young], apply="1", into="  ")
    assert "This field is required." in empty.text
    response = changelist_post(client, [world["youth"], young], apply="1", into="Youth")
    assert response.status_code == 302
    assert list(Tag.objects.values_list("name", flat=True)) == ["youth"]  # found, any case
    assert list(both.tags.names()) == list(only.tags.names()) == ["youth"]
    assert TaggedItem.objects.count() == 2


def test_scope_merge_into_a_new_name_keeps_one_tag_an_item():
    item = tagged("Prishtina", "Pristina", "Priština")
    target = merge(list(Tag.objects.all()), "Prishtinë/Priština")
    assert list(item.tags.names()) == [target.name] == ["Prishtinë/Priština"]
    assert Tag.objects.count() == 1


@pytest.mark.parametrize("n", [3, 25])
def test_scope_tag_list_queries_constant(world, n, django_assert_max_num_queries):
    for i in range(n):
        tagged(f"tag {i}", "youth")
    client = client_of(world["users"]["publisher"])
    # 10: the session, the user, their permissions (2), the scope, one COUNT, the page's tags
    # with their uses, the session's renewal (3: savepoint, UPDATE, release).
    with django_assert_max_num_queries(10):
        page = client.get(reverse("admin:taggit_tag_changelist"))
    assert f"tag {n - 1}" in page.text


def test_scope_version_from_before_a_merge_restores_its_text_not_a_500(world):
    item = make_news_item("Youth forum", tags=["youth", "forum"])
    client = client_of(world["users"]["publisher"])
    client.post(change_url(item), change_form_data(item, title="Youth forum in Skopje"))
    before = Version.objects.get_for_object(item).last()
    merge(list(Tag.objects.filter(name__in=["youth", "forum"])), "young people")
    revision = reverse("admin:newsroom_newsitem_revision", args=[item.pk, before.pk])
    response = client.post(revision, change_form_data(item, title="Youth forum"), follow=True)
    assert response.status_code == 200
    assert "tags were merged or deleted since" in response.text
    assert response.redirect_chain[-1][0].endswith(f"/history/{before.pk}/compare/")
    item.refresh_from_db()
    assert item.title == "Youth forum in Skopje"  # nothing half-reverted
    restored = client.post(
        reverse("admin:newsroom_newsitem_compare", args=[item.pk, before.pk]), follow=True
    )
    assert "the item keeps its current tags" in restored.text
    item.refresh_from_db()
    assert item.title == "Youth forum"
    assert list(item.tags.names()) == ["young people"]  # the merge is not undone
