"""Old permalinks are kept by the model: any save of a published item, not only the admin's."""

import pytest
from django.core import serializers

from newsroom.models import NewsItem, SlugRedirect
from tests.factories import make_news_item

pytestmark = pytest.mark.django_db


def test_redirects_plain_save_keeps_the_old_url(client):
    item = make_news_item("Border officers trained", slug="border-officers")
    item.slug = "border-officers-trained"
    item.save()

    response = client.get("/newsroom/border-officers/")
    assert response.status_code == 301
    assert response["Location"] == "/newsroom/border-officers-trained/"
    assert client.get("/newsroom/border-officers-trained/").status_code == 200


def test_redirects_item_loaded_elsewhere_and_saved_keeps_the_old_url(client):
    item = make_news_item(slug="first")
    # A script that builds the row from scratch, as an importer or an API would.
    copy = NewsItem(
        **{
            f.attname: getattr(item, f.attname)
            for f in NewsItem._meta.concrete_fields
            if not f.generated
        }
    )
    copy.slug = "second"
    copy.save()
    assert client.get("/newsroom/first/")["Location"] == "/newsroom/second/"


def test_redirects_back_to_an_old_slug_makes_it_live_again(client):
    item = make_news_item(slug="first")
    for slug in ("second", "first"):
        item.slug = slug
        item.save()
    assert list(SlugRedirect.objects.values_list("old_slug", flat=True)) == ["second"]
    assert client.get("/newsroom/first/").status_code == 200
    assert client.get("/newsroom/second/")["Location"] == "/newsroom/first/"


def test_redirects_draft_rename_keeps_no_redirect():
    item = make_news_item(published=False, slug="working-title")
    item.slug = "final-title"
    item.save()
    assert not SlugRedirect.objects.exists()


def test_redirects_raw_save_keeps_the_old_url(client):
    """Deserialised saves (loaddata, django-reversion's restore) bypass NewsItem.save()."""
    item = make_news_item(slug="before-restore")
    data = serializers.serialize("json", [item])
    NewsItem.objects.filter(pk=item.pk).update(slug="current")
    for restored in serializers.deserialize("json", data):
        restored.save()
    assert client.get("/newsroom/current/")["Location"] == "/newsroom/before-restore/"


def test_redirects_save_without_the_slug_looks_nothing_up(django_assert_num_queries):
    item = make_news_item(slug="stays")
    item.title = "A better title"
    with django_assert_num_queries(1):  # the UPDATE alone
        item.save(update_fields=["title"])
    assert not SlugRedirect.objects.exists()


def test_redirects_withdrawn_item_keeps_its_old_urls(client):
    """A withdrawn item keeps its (marked) page, so its old URLs still lead there."""
    item = make_news_item(slug="first")
    item.status = NewsItem.Status.WITHDRAWN
    item.save()
    item.slug = "second"
    item.save()
    assert client.get("/newsroom/first/")["Location"] == "/newsroom/second/"
    assert client.get("/newsroom/second/").status_code == 200
