import pytest
from reversion.models import Version

from newsroom.models import SlugRedirect
from tests.factories import change_form_data, change_url, make_news_item

pytestmark = pytest.mark.django_db


def rename(client, item, slug):
    response = client.post(change_url(item), change_form_data(item, slug=slug))
    assert response.status_code == 302
    item.refresh_from_db()


def test_slugs_old_slug_redirects_permanently(publisher_client, client):
    item = make_news_item("Border officers trained", slug="border-officers")
    rename(publisher_client, item, "border-officers-trained")
    response = client.get("/newsroom/border-officers/")
    assert response.status_code == 301
    assert response["Location"] == "/newsroom/border-officers-trained/"
    assert client.get("/newsroom/border-officers-trained/").status_code == 200


def test_slugs_every_old_slug_redirects_to_the_latest(publisher_client, client):
    item = make_news_item(slug="first")
    rename(publisher_client, item, "second")
    rename(publisher_client, item, "third")
    for old in ("first", "second"):
        assert client.get(f"/newsroom/{old}/")["Location"] == "/newsroom/third/"
    rename(publisher_client, item, "first")  # back to the original: it is live again
    assert not SlugRedirect.objects.filter(old_slug="first").exists()
    assert client.get("/newsroom/first/").status_code == 200
    assert client.get("/newsroom/third/")["Location"] == "/newsroom/first/"


def test_slugs_draft_rename_keeps_no_redirect(publisher_client, client):
    item = make_news_item(published=False, slug="working-title")
    rename(publisher_client, item, "final-title")
    assert not SlugRedirect.objects.exists()
    assert client.get("/newsroom/working-title/").status_code == 404


def test_slugs_redirect_not_followed_to_unpublished_item(publisher_client, client):
    item = make_news_item(slug="old")
    rename(publisher_client, item, "new")
    publisher_client.post(
        "/admin/newsroom/newsitem/", {"action": "unpublish", "_selected_action": [item.pk]}
    )
    assert client.get("/newsroom/old/").status_code == 404


def test_slugs_restoring_an_old_slug_keeps_the_current_url_working(publisher_client, client):
    item = make_news_item(slug="first-slug")
    rename(publisher_client, item, "second-slug")
    first = Version.objects.get_for_object(item).last()
    assert first.field_dict["slug"] == "first-slug"
    response = publisher_client.post(
        f"/admin/newsroom/newsitem/{item.pk}/history/{first.pk}/",
        change_form_data(item, slug="first-slug"),
    )
    assert response.status_code == 302
    item.refresh_from_db()
    assert item.slug == "first-slug"
    assert client.get("/newsroom/second-slug/")["Location"] == "/newsroom/first-slug/"
    assert client.get("/newsroom/first-slug/").status_code == 200
