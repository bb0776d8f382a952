"""Editorial test helpers: the two roles, admin clients and the change form's POST data."""

import pytest
from django.contrib.auth.models import Group, User
from django.utils import timezone


def make_user(username, *groups, superuser=False):
    user = User.objects.create(
        username=username, email=f"{username}@osce.test", is_staff=True, is_superuser=superuser
    )
    user.groups.add(*Group.objects.filter(name__in=groups))
    return user


@pytest.fixture
def editor(db):
    return make_user("editor", "Editor")


@pytest.fixture
def publisher(db):
    return make_user("publisher", "Publisher")


@pytest.fixture
def editor_client(client, editor):
    client.force_login(editor)
    return client


@pytest.fixture
def publisher_client(client, publisher):
    client.force_login(publisher)
    return client


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def change_form_data(item, **overrides):
    """What the admin's change form posts for item, with overrides (None drops a field)."""
    local = timezone.localtime(item.publish_at)
    data = {
        "title": item.title,
        "slug": item.slug,
        "news_type": item.news_type_id or "",
        "status": item.status,
        "publish_at_0": local.strftime("%Y-%m-%d"),
        "publish_at_1": local.strftime("%H:%M:%S"),
        "place": item.place,
        "source": item.source,
        "lead": item.lead,
        "body": item.body,
        "image_alt": item.image_alt,
        "image_caption": item.image_caption,
    }
    if item.pk:
        data["structures"] = [s.pk for s in item.structures.all()]
        data["fields_of_work"] = [f.pk for f in item.fields_of_work.all()]
        data["countries"] = [c.pk for c in item.countries.all()]
        data["tags"] = ", ".join(t.name for t in item.tags.all())
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


def change_url(item):
    return f"/admin/newsroom/newsitem/{item.pk}/change/"


ADD_URL = "/admin/newsroom/newsitem/add/"
CHANGELIST_URL = "/admin/newsroom/newsitem/"
