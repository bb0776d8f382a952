"""Surrogate keys and purging the shared HTTP cache (osce_site/surrogate.py): what each
page says it shows, and what a change purges, against a recording stand-in for Varnish."""

import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from django.core.cache import cache
from django.urls import reverse

from newsroom.models import NewsItem
from tests.factories import make_field_of_work, make_news_item


class Recorder(BaseHTTPRequestHandler):
    purges = []

    def do_PURGE(self):
        Recorder.purges.append(self.headers["xkey-purge"].split())
        self.send_response(200)
        self.end_headers()

    def log_message(self, *args):
        pass


@pytest.fixture
def shared_cache(settings):
    """A stand-in for Varnish at settings.CACHE_PURGE_URL; yields the purges it received."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), Recorder)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    Recorder.purges = []
    settings.CACHE_PURGE_URL = f"http://127.0.0.1:{server.server_port}/"
    settings.CACHE_PAGE_SECONDS = 300
    cache.clear()
    yield Recorder.purges
    server.shutdown()


@pytest.mark.django_db
def test_pages_name_what_they_show_and_tell_the_shared_cache_how_long(client, shared_cache):
    field = make_field_of_work("Border management")
    item = make_news_item("Border police trained", fields_of_work=[field], tags=["water"])

    page = client.get(item.get_absolute_url())
    keys = page["Surrogate-Key"].split()
    assert page["xkey"] == page["Surrogate-Key"]
    assert f"newsroom.newsitem:{item.pk}" in keys
    assert f"structures.fieldofwork:{field.pk}" in keys
    assert any(key.startswith("taggit.tag:") for key in keys)
    assert "s-maxage=" in page["Cache-Control"]
    assert client.get(reverse("newsroom:newsitem-list"))["Surrogate-Key"] == "list"
    assert client.get(reverse("newsroom:feed-rss"))["Surrogate-Key"] == "feed"
    assert client.get(reverse("about"))["Surrogate-Key"] == "site"


@pytest.mark.django_db
def test_no_shared_cache_lifetime_without_a_purging_cache(client, settings):
    settings.CACHE_PURGE_URL = ""
    settings.CACHE_PAGE_SECONDS = 300
    cache.clear()
    item = make_news_item("Border police trained")

    page = client.get(item.get_absolute_url())

    assert page.status_code == 200
    assert "s-maxage" not in page["Cache-Control"]


@pytest.mark.django_db
def test_an_edit_purges_the_item_lists_feeds_and_other_pages_only(
    shared_cache, django_capture_on_commit_callbacks
):
    item = make_news_item("Old headline")
    other = make_news_item("Another item")
    shared_cache.clear()

    with django_capture_on_commit_callbacks(execute=True):
        item.title = "New headline"
        item.save()

    purged = {key for keys in shared_cache for key in keys}
    assert {f"newsroom.newsitem:{item.pk}", "list", "feed", "site"} <= purged
    assert f"newsroom.newsitem:{other.pk}" not in purged


@pytest.mark.django_db
@pytest.mark.parametrize("status", [NewsItem.Status.DRAFT, NewsItem.Status.PUBLISHED])
def test_publish_and_unpublish_purge_the_item(
    shared_cache, django_capture_on_commit_callbacks, status
):
    item = make_news_item("Statement", published=status == NewsItem.Status.DRAFT)
    shared_cache.clear()

    with django_capture_on_commit_callbacks(execute=True):
        item.status = status
        item.save()

    assert [f"newsroom.newsitem:{item.pk}", "list", "feed", "site"] in shared_cache


@pytest.mark.django_db
def test_a_taxonomy_rename_purges_every_page_naming_it(
    client, shared_cache, django_capture_on_commit_callbacks
):
    field = make_field_of_work("Border management")
    item = make_news_item("Border police trained", fields_of_work=[field])
    field_key = f"structures.fieldofwork:{field.pk}"
    assert field_key in client.get(item.get_absolute_url())["Surrogate-Key"].split()
    shared_cache.clear()

    with django_capture_on_commit_callbacks(execute=True):
        field.name = "Border security and management"
        field.save()

    assert [field_key, "list", "feed", "site"] in shared_cache
    assert "Border security and management" in client.get(item.get_absolute_url()).content.decode()


@pytest.mark.django_db
def test_a_rolled_back_change_purges_nothing(shared_cache, django_capture_on_commit_callbacks):
    item = make_news_item("Old headline")
    shared_cache.clear()

    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        item.title = "New headline"
        item.save()

    assert callbacks  # purges wait for the commit
    assert shared_cache == []


@pytest.mark.django_db
def test_an_unreachable_shared_cache_costs_a_logged_error_not_the_save(
    settings, caplog, django_capture_on_commit_callbacks
):
    settings.CACHE_PURGE_URL = "http://127.0.0.1:9/"  # the discard port: nothing listens
    item = make_news_item("Old headline")

    with django_capture_on_commit_callbacks(execute=True):
        item.title = "New headline"
        item.save()

    assert NewsItem.objects.get(pk=item.pk).title == "New headline"
    assert "Could not purge" in caplog.text


@pytest.mark.django_db
@pytest.mark.parametrize("publish", [True, False], ids=["published", "unpublished"])
def test_a_translations_publish_or_unpublish_purges_every_page_of_its_group(
    client, shared_cache, django_capture_on_commit_callbacks, publish
):
    source = make_news_item("Observers deployed", slug="observers-en")
    french = make_news_item(
        "Observateurs déployés", slug="observateurs-fr", language="fr", translation_of=source
    )
    russian = make_news_item(
        "Наблюдатели",
        slug="nabliudateli-ru",
        language="ru",
        translation_of=source,
        published=not publish,
    )
    group = f"newsroom.newsitem:{source.pk}"
    for page in (source, french):  # the group's public pages, in the shared cache
        assert group in client.get(page.get_absolute_url())["xkey"].split()
    shared_cache.clear()

    with django_capture_on_commit_callbacks(execute=True):
        russian.status = NewsItem.Status.PUBLISHED if publish else NewsItem.Status.DRAFT
        russian.save()

    assert any(group in keys for keys in shared_cache)
    hreflang = f'hreflang="ru" href="http://testserver{russian.get_absolute_url()}"'
    for page in (source, french):  # and the app's page cache renders them anew
        assert (hreflang in client.get(page.get_absolute_url()).content.decode()) is publish
