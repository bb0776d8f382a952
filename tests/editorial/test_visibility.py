from datetime import timedelta
from unittest import mock

import pytest
from django.urls import reverse
from django.utils import timezone

from newsroom.models import EditorScope
from tests.factories import make_news_item, make_structure, make_user

pytestmark = pytest.mark.django_db


def preview_url(item):
    return reverse("newsroom:newsitem-preview", args=[item.uuid])


@pytest.fixture
def hidden_items():
    return [
        make_news_item("A quiet draft", published=False, slug="a-quiet-draft"),
        make_news_item(
            "A scheduled item", publish_at=timezone.now() + timedelta(days=1), slug="scheduled"
        ),
    ]


def test_visibility_draft_and_future_404_publicly(client, hidden_items):
    for item in hidden_items:
        assert client.get(item.get_absolute_url()).status_code == 404


def test_visibility_draft_and_future_absent_from_list(client, hidden_items):
    make_news_item("A public item")
    page = client.get("/newsroom/").content.decode()
    assert "A public item" in page
    assert "A quiet draft" not in page
    assert "A scheduled item" not in page


def test_visibility_preview_for_staff(editor_client, hidden_items):
    for item in hidden_items:
        response = editor_client.get(preview_url(item))
        assert response.status_code == 200
        page = response.content.decode()
        assert item.title in page
        assert '<meta name="robots" content="noindex, nofollow">' in page
        assert 'class="preview-banner"' in page
        assert response["X-Robots-Tag"] == "noindex, nofollow"
        assert "no-cache" in response["Cache-Control"]


def test_visibility_preview_404_for_everyone_else(client, hidden_items, db):
    for item in hidden_items:
        assert client.get(preview_url(item)).status_code == 404
    visitor = make_user("visitor")
    visitor.is_staff = False
    visitor.save()
    client.force_login(visitor)
    for item in hidden_items:
        assert client.get(preview_url(item)).status_code == 404
    staff_without_permission = make_user("intern")
    client.force_login(staff_without_permission)
    assert client.get(preview_url(hidden_items[0])).status_code == 404


def test_visibility_preview_respects_editor_scope(client, hidden_items):
    user = make_user("skopje", "Editor")
    EditorScope.objects.create(user=user).structures.add(make_structure("Mission to Skopje"))
    client.force_login(user)
    assert client.get(preview_url(hidden_items[0])).status_code == 404


def test_visibility_future_item_public_once_clock_passes(client):
    publish_at = timezone.now() + timedelta(hours=2)
    item = make_news_item("Scheduled statement", publish_at=publish_at, slug="scheduled-statement")
    assert client.get(item.get_absolute_url()).status_code == 404
    assert "Scheduled statement" not in client.get("/newsroom/").content.decode()
    later = publish_at + timedelta(seconds=1)
    with mock.patch("django.utils.timezone.now", return_value=later):
        assert client.get(item.get_absolute_url()).status_code == 200
        assert "Scheduled statement" in client.get("/newsroom/").content.decode()


@pytest.mark.parametrize("url", ["/newsroom/rss/", "/newsroom/atom/", "/sitemap-news.xml"])
def test_visibility_draft_and_future_absent_from_feeds_and_sitemap(client, hidden_items, url):
    make_news_item("A public item", slug="a-public-item")
    content = client.get(url).content.decode()
    assert "a-public-item" in content
    for item in hidden_items:
        assert item.slug not in content
        assert str(item.uuid) not in content


def test_visibility_future_item_enters_feed_and_sitemap_on_time(client):
    publish_at = timezone.now() + timedelta(hours=1)
    item = make_news_item("Later", publish_at=publish_at, slug="later-statement")
    assert "later-statement" not in client.get("/sitemap-news.xml").content.decode()
    with mock.patch("django.utils.timezone.now", return_value=publish_at + timedelta(minutes=1)):
        assert "later-statement" in client.get("/sitemap-news.xml").content.decode()
        assert str(item.uuid) in client.get("/newsroom/rss/").content.decode()
