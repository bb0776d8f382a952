"""The public page cache: pages change at once after every kind of content change."""

import time
from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.utils import timezone

from newsroom.models import NewsItem
from osce_site import caching as page_cache
from tests.factories import make_field_of_work, make_news_item

NEWSROOM = "/newsroom/"


@pytest.fixture(autouse=True)
def _page_cache_on(settings):
    settings.CACHE_PAGE_SECONDS = 300


def get(client, url=NEWSROOM, **headers):
    response = client.get(url, headers=headers)
    assert response.status_code in (200, 304, 404)
    return response


@pytest.mark.django_db
def test_cache_serves_second_anonymous_request_from_cache(client):
    make_news_item("Border police trained in Skopje")

    first = get(client)
    second = get(client)

    assert first["X-Cache"] == "miss"
    assert second["X-Cache"] == "hit"
    assert second.content == first.content
    assert "Border police trained in Skopje" in second.content.decode()


@pytest.mark.django_db
def test_cache_shows_newly_published_item_at_once(client):
    item = make_news_item("Election observers deployed", published=False)
    assert "Election observers deployed" not in get(client).content.decode()
    get(client)  # now cached

    item.status = NewsItem.Status.PUBLISHED
    item.save()

    response = get(client)
    assert response["X-Cache"] == "miss"
    assert "Election observers deployed" in response.content.decode()


@pytest.mark.django_db
def test_cache_shows_edit_at_once_on_list_and_item_page(client):
    item = make_news_item("Old headline")
    get(client)
    get(client, item.get_absolute_url())

    item.title = "New headline"
    item.save()

    assert "New headline" in get(client).content.decode()
    assert "New headline" in get(client, item.get_absolute_url()).content.decode()


@pytest.mark.django_db
def test_cache_drops_unpublished_item_at_once(client):
    item = make_news_item("Withdrawn statement")
    assert "Withdrawn statement" in get(client).content.decode()
    assert get(client, item.get_absolute_url()).status_code == 200

    item.status = NewsItem.Status.DRAFT
    item.save()

    assert "Withdrawn statement" not in get(client).content.decode()
    assert get(client, item.get_absolute_url()).status_code == 404


@pytest.mark.django_db
def test_cache_drops_deleted_item_at_once(client):
    item = make_news_item("Deleted press release")
    url = item.get_absolute_url()
    assert get(client, url).status_code == 200
    get(client)

    item.delete()

    assert "Deleted press release" not in get(client).content.decode()
    assert get(client, url).status_code == 404


@pytest.mark.django_db
def test_cache_sees_bulk_update_and_bulk_import(client):
    make_news_item("Before the bulk update")
    get(client)

    NewsItem.objects.update(title="After the bulk update")
    assert "After the bulk update" in get(client).content.decode()

    call_command("generate_content", items=3, seed=5)
    newest = NewsItem.objects.published().first()
    assert newest.title in get(client).content.decode()


@pytest.mark.django_db
def test_cache_sees_taxonomy_and_tag_changes(client):
    item = make_news_item("Tagged item")
    field = make_field_of_work("Border management")
    item.fields_of_work.add(field)
    page = item.get_absolute_url()
    version = page_cache.content_state().version

    item.tags.add("water")
    assert page_cache.content_state().version != version
    version = page_cache.content_state().version

    field.name = "Border security and management"
    field.save()
    assert page_cache.content_state().version != version
    assert get(client, page).status_code == 200


@pytest.mark.django_db
def test_cache_shows_scheduled_item_when_it_goes_live(client):
    make_news_item("Already public")
    # Margin enough for two requests on a loaded machine; then wait until it has passed.
    goes_live = timezone.now() + timedelta(seconds=4)
    make_news_item("Embargoed release", publish_at=goes_live)

    first = get(client)
    assert "Embargoed release" not in first.content.decode()
    assert first["X-Cache"] == "miss"
    assert get(client)["X-Cache"] == "hit"

    time.sleep((goes_live - timezone.now()).total_seconds() + 0.1)

    response = get(client)
    assert "Embargoed release" in response.content.decode()


@pytest.mark.django_db
def test_cache_lifetime_is_bounded_by_setting_and_next_scheduled_item(settings):
    state = page_cache.content_state()
    assert page_cache.lifetime(state, 300) == 300

    make_news_item("Later", publish_at=timezone.now() + timedelta(seconds=100))
    state = page_cache.content_state()

    assert 98 <= page_cache.lifetime(state, 300) <= 100
    assert page_cache.lifetime(state, 20) == 20


@pytest.mark.django_db
@pytest.mark.parametrize(("seconds", "computed"), [(0, 2), (300, 1)])
def test_cache_remember_reads_its_lifetime_from_the_count_setting(settings, seconds, computed):
    settings.CACHE_COUNT_SECONDS = seconds
    calls = []

    def compute():
        calls.append(1)
        return len(calls)

    assert page_cache.remembering() is (seconds > 0)
    first = page_cache.remember(("answer",), compute)
    again = page_cache.remember(("answer",), compute)

    assert len(calls) == computed
    assert again == (first if seconds else first + 1)


@pytest.mark.django_db
def test_cache_remember_lifetime_stops_at_the_next_scheduled_item(settings, monkeypatch):
    settings.CACHE_COUNT_SECONDS = 300
    make_news_item("Later", publish_at=timezone.now() + timedelta(seconds=100))
    kept = {}
    monkeypatch.setattr(page_cache.cache, "set", lambda key, value, ttl: kept.update({key: ttl}))

    page_cache.remember(("answer",), lambda: 42)

    (ttl,) = [ttl for key, ttl in kept.items() if key.startswith("remember:")]
    assert 98 <= ttl <= 100


@pytest.mark.django_db
def test_cache_bypassed_by_logged_in_staff(client):
    make_news_item("Visible item")
    staff = get_user_model().objects.create_user("editor", is_staff=True)
    client.force_login(staff)

    first = get(client)
    second = get(client)

    assert "X-Cache" not in first
    assert "X-Cache" not in second
    client.logout()
    client.cookies.clear()
    assert get(client)["X-Cache"] == "miss"  # staff responses were never stored


@pytest.mark.django_db
def test_cache_never_stores_admin_or_health(client):
    assert "X-Cache" not in client.get("/admin/login/")
    assert "X-Cache" not in client.get("/healthz")


@pytest.mark.django_db
def test_cache_not_used_when_disabled(client, settings):
    settings.CACHE_PAGE_SECONDS = 0
    make_news_item()

    assert "X-Cache" not in get(client)
    assert "X-Cache" not in get(client)


@pytest.mark.django_db
@pytest.mark.parametrize("cache_seconds", [0, 300])
def test_cache_pages_answer_304_to_matching_etag(client, settings, cache_seconds):
    settings.CACHE_PAGE_SECONDS = cache_seconds
    item = make_news_item("Conditional item")
    for url in (NEWSROOM, item.get_absolute_url()):
        first = get(client, url)
        assert first.has_header("ETag")

        again = get(client, url, if_none_match=first["ETag"])

        assert again.status_code == 304
        assert again.content == b""


@pytest.mark.django_db
def test_cache_304_stops_after_content_changes(client):
    item = make_news_item("Before")
    etag = get(client)["ETag"]
    assert get(client, if_none_match=etag).status_code == 304

    item.title = "After"
    item.save()

    response = get(client, if_none_match=etag)
    assert response.status_code == 200
    assert "After" in response.content.decode()


@pytest.mark.django_db
def test_cache_pages_send_last_modified_and_revalidate(client):
    make_news_item()
    response = get(client)

    assert response.has_header("Last-Modified")
    assert "must-revalidate" in response["Cache-Control"]
    assert get(client, if_modified_since=response["Last-Modified"]).status_code == 304


@pytest.mark.django_db
def test_cache_head_requests_served(client):
    make_news_item()
    get(client)

    response = client.head(NEWSROOM)

    assert response.status_code == 200
    assert response["X-Cache"] == "hit"


@pytest.mark.django_db
def test_cache_down_pages_still_render_and_writes_still_work(client, settings):
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": "redis://127.0.0.1:1/0",
        }
    }
    item = make_news_item("Still served")
    item.title = "Still served after an edit"
    item.save()

    response = client.get(NEWSROOM)

    assert response.status_code == 200
    assert "Still served after an edit" in response.content.decode()
    assert "X-Cache" not in response


def test_cache_detects_content_writes_only():
    writes = [
        'INSERT INTO "newsroom_newsitem" ("title") VALUES (%s)',
        'UPDATE "structures_fieldofwork" SET "name" = %s',
        'DELETE FROM "taggit_taggeditem" WHERE "id" = %s',
        'INSERT INTO "newsroom_newsitem_structures" ("newsitem_id") VALUES (%s)',
    ]
    others = [
        'SELECT "newsroom_newsitem"."id" FROM "newsroom_newsitem"',
        'UPDATE "django_session" SET "expire_date" = %s',
        'INSERT INTO "auth_user" ("username") VALUES (%s)',
        'UPDATE "newsroom_review" SET "state" = %s WHERE "id" = %s',
        'INSERT INTO "publications_publicationreview" ("item_id") VALUES (%s)',
    ]
    assert all(page_cache.CONTENT_WRITE.match(sql) for sql in writes)
    assert not any(page_cache.CONTENT_WRITE.match(sql) for sql in others)


def test_cache_private_tables_are_the_review_queues():
    from newsroom.models import Review
    from publications.models import PublicationReview

    assert set(page_cache.PRIVATE_TABLES) == {
        Review._meta.db_table,
        PublicationReview._meta.db_table,
    }
