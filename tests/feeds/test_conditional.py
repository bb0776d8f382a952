from datetime import timedelta
from unittest import mock

import pytest
from django.utils import timezone
from taggit.models import Tag

from newsroom.feeds import FeedQuery
from tests.factories import make_news_item, make_news_items

FEEDS = ["/newsroom/rss/", "/newsroom/atom/"]


@pytest.mark.django_db
@pytest.mark.parametrize("feed", FEEDS)
def test_feed_conditional_get_cycle(client, newsroom, feed):
    first = client.get(feed)
    assert first.status_code == 200
    etag = first.headers["ETag"]
    last_modified = first.headers["Last-Modified"]
    assert etag.startswith('"')
    assert etag.endswith('"')
    assert first.headers["Cache-Control"] == "public, max-age=300"

    by_etag = client.get(feed, headers={"if-none-match": etag})
    assert by_etag.status_code == 304
    assert by_etag.content == b""
    assert by_etag.headers["ETag"] == etag
    assert "max-age=300" in by_etag.headers["Cache-Control"]

    by_date = client.get(feed, headers={"if-modified-since": last_modified})
    assert by_date.status_code == 304

    # Last-Modified has one-second resolution: publish clearly later than the first response.
    now = timezone.now()
    with mock.patch("django.utils.timezone.now", return_value=now + timedelta(seconds=2)):
        make_news_item("Breaking: a new item", publish_at=now)
    after = client.get(feed, headers={"if-none-match": etag})
    assert after.status_code == 200
    assert after.headers["ETag"] != etag
    assert b"Breaking: a new item" in after.content
    assert client.get(feed, headers={"if-modified-since": last_modified}).status_code == 200


@pytest.mark.django_db
def test_feed_etag_differs_per_filter_and_feed_type(client, newsroom):
    etags = {
        client.get(url).headers["ETag"]
        for url in [
            "/newsroom/rss/",
            "/newsroom/atom/",
            "/newsroom/rss/?field=elections",
            "/newsroom/rss/?field=elections&limit=5",
        ]
    }
    assert len(etags) == 4


@pytest.mark.django_db
def test_feed_etag_changes_when_scheduled_item_goes_live(client, newsroom):
    feed = "/newsroom/rss/?field=elections"
    first = client.get(feed)
    etag, last_modified = first.headers["ETag"], first.headers["Last-Modified"]
    # Time passes: the scheduled item becomes public without any row being written.
    later = timezone.now() + timedelta(days=3)
    with mock.patch("django.utils.timezone.now", return_value=later):
        response = client.get(feed, headers={"if-none-match": etag})
        assert response.status_code == 200
        assert newsroom.future.title.encode() in response.content
        by_date = client.get(feed, headers={"if-modified-since": last_modified})
        assert by_date.status_code == 200


@pytest.mark.django_db
def test_feed_etag_changes_when_an_item_is_edited(client, newsroom):
    first = client.get("/newsroom/atom/")
    item = newsroom.items[3]
    item.lead = "A corrected lead."
    item.save()
    assert (
        client.get("/newsroom/atom/", headers={"if-none-match": first.headers["ETag"]}).status_code
        == 200
    )


def revalidated(client, feed, etag):
    response = client.get(feed, headers={"if-none-match": etag})
    assert response.status_code == 200
    return response.content.decode()


def assert_rename_revalidates(client, feed, record, new_name, shown):
    """Renaming `record` changes the feed's ETag; `shown` formats a name as the feed shows it."""
    first = client.get(feed)
    assert shown.format(record.name) in first.content.decode()
    record.name = new_name
    record.save()
    assert shown.format(new_name) in revalidated(client, feed, first.headers["ETag"])


@pytest.mark.django_db
def test_feed_etag_changes_when_a_field_of_work_is_renamed(client, newsroom):
    assert_rename_revalidates(
        client,
        "/newsroom/rss/?field=elections",
        newsroom.elections,
        "Elections and referendums",
        "<category>{}</category>",
    )


@pytest.mark.django_db
def test_feed_etag_changes_when_a_tag_is_renamed(client, newsroom):
    tag = Tag.objects.get(slug="youth")
    assert_rename_revalidates(
        client, "/newsroom/rss/?tag=youth", tag, "Youth and security", "<category>{}</category>"
    )


@pytest.mark.django_db
def test_feed_etag_changes_when_a_tag_is_deleted(client, newsroom):
    first = client.get("/newsroom/atom/")
    Tag.objects.get(slug="training").delete()
    assert "training" not in revalidated(client, "/newsroom/atom/", first.headers["ETag"])


@pytest.mark.django_db
def test_feed_etag_changes_when_a_content_type_is_renamed(client, newsroom):
    assert_rename_revalidates(
        client,
        "/newsroom/atom/?type=press-release",
        newsroom.press,
        "Press statement",
        'term="{}"',
    )


@pytest.mark.django_db
def test_feed_etag_changes_when_an_item_is_unpublished(client, newsroom):
    first = client.get("/newsroom/rss/")
    newsroom.items[4].delete()
    assert (
        client.get("/newsroom/rss/", headers={"if-none-match": first.headers["ETag"]}).status_code
        == 200
    )


@pytest.mark.django_db
@pytest.mark.parametrize("n", [5, 60])
def test_feed_not_modified_queries_constant(client, django_assert_num_queries, n):
    make_news_items(n)
    for feed in FEEDS:
        etag = client.get(feed).headers["ETag"]
        # Two small queries answer the 304 (count and newest publish_at; newest edit);
        # no item is loaded.
        with django_assert_num_queries(2):
            assert client.get(feed, headers={"if-none-match": etag}).status_code == 304
        etag = client.get(f"{feed}?type=news").headers["ETag"]
        # A filter adds the query that resolves its slug.
        with django_assert_num_queries(3):
            response = client.get(f"{feed}?type=news", headers={"if-none-match": etag})
        assert response.status_code == 304


@pytest.mark.django_db
def test_feed_empty_result_has_etag_and_no_last_modified(client):
    response = client.get("/newsroom/rss/")
    assert response.status_code == 200
    assert "ETag" in response.headers
    assert "Last-Modified" not in response.headers
    again = client.get("/newsroom/rss/", headers={"if-none-match": response.headers["ETag"]})
    assert again.status_code == 304


@pytest.mark.django_db
def test_feed_cache_max_age_is_a_setting(client, settings):
    settings.FEED_CACHE_MAX_AGE = 60
    response = client.get("/newsroom/atom/")
    assert response.headers["Cache-Control"] == "public, max-age=60"


@pytest.mark.django_db
def test_feed_behind_page_cache_keeps_max_age_and_sees_new_items(client, settings):
    settings.CACHE_PAGE_SECONDS = 300
    make_news_item("First item")
    first = client.get("/newsroom/atom/")
    assert first.headers["Cache-Control"] == "public, max-age=300"
    cached = client.get("/newsroom/atom/", headers={"if-none-match": first.headers["ETag"]})
    assert cached.status_code == 304
    assert cached.headers["Cache-Control"] == "public, max-age=300"
    make_news_item("Second item")
    fresh = client.get("/newsroom/atom/", headers={"if-none-match": first.headers["ETag"]})
    assert fresh.status_code == 200
    assert b"Second item" in fresh.content


@pytest.mark.django_db
def test_feed_head_request_has_validators_and_no_body(client, newsroom):
    response = client.head("/newsroom/rss/?field=elections")
    assert response.status_code == 200
    assert response.content == b""
    assert response.headers["ETag"] == client.get("/newsroom/rss/?field=elections").headers["ETag"]


@pytest.mark.django_db
@pytest.mark.parametrize("feed", FEEDS)
def test_feed_request_selects_once_and_keeps_nothing_on_the_request(
    client, newsroom, feed, monkeypatch
):
    built = []
    for_request = FeedQuery.for_request.__func__

    def counting(cls, request, feed=None):
        built.append(request)
        return for_request(cls, request, feed)

    monkeypatch.setattr(FeedQuery, "for_request", classmethod(counting))
    first = client.get(f"{feed}?field=elections")
    again = client.get(f"{feed}?field=elections", headers={"if-none-match": first["ETag"]})

    assert (first.status_code, again.status_code) == (200, 304)
    assert len(built) == 2  # one per request: ETag, Last-Modified and items share it
    assert not [name for name in vars(first.wsgi_request) if "feed" in name.lower()]
