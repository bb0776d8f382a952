"""Stale-while-revalidate and single-flight (osce_site/caching.py), removal at once
(osce_site/surrogate.py): after a change, one request recomputes a page or count while
the others get the previous one for at most the bound; staff never get it; an item that
leaves the public leaves its page and feeds at once."""

import threading
import time
from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.test import RequestFactory
from django.urls import reverse

from newsroom.editorial import workflow
from newsroom.models import NewsItem, NewsType
from osce_site import caching
from osce_site.middleware.page_cache import page_key
from tests.factories import make_field_of_work, make_news_item

NEWSROOM = "/newsroom/"


@pytest.fixture(autouse=True)
def _caches_on(settings):
    settings.CACHE_PAGE_SECONDS = 300
    settings.CACHE_COUNT_SECONDS = 300
    settings.CACHE_STALE_SECONDS = 10
    cache.clear()


@pytest.fixture
def _no_schedule(monkeypatch):
    """Lifetimes without the database (no scheduled item): for threads and plain tests."""
    monkeypatch.setattr(caching, "lifetime", lambda state, seconds: seconds)


def lock_of(path):
    """The lock a worker holds while it renders `path` for anonymous visitors."""
    return "lock:" + page_key(RequestFactory().get(path))


def held_by_another_worker(path, release_after=None):
    """Take the page's lock as another worker rendering it would; release it later."""
    assert cache.add(lock_of(path), 1, 30)
    if release_after is not None:
        timer = threading.Timer(release_after, cache.delete, [lock_of(path)])
        timer.start()
        return timer
    return None


def text(response):
    return response.content.decode()


# Stale-while-revalidate -------------------------------------------------------------------


@pytest.mark.django_db
def test_stale_page_served_while_another_worker_renders_it(client):
    item = make_news_item("Old headline")
    assert client.get(NEWSROOM)["X-Cache"] == "miss"
    item.title = "New headline"
    item.save()

    held_by_another_worker(NEWSROOM)
    stale = client.get(NEWSROOM)

    assert stale["X-Cache"] == "stale"
    assert "Old headline" in text(stale)
    cache.delete(lock_of(NEWSROOM))
    fresh = client.get(NEWSROOM)
    assert fresh["X-Cache"] == "miss"
    assert "New headline" in text(fresh)


@pytest.mark.django_db
def test_stale_page_never_older_than_the_bound(client, settings):
    settings.CACHE_STALE_SECONDS = 1
    item = make_news_item("Old headline")
    client.get(NEWSROOM)
    item.title = "New headline"
    item.save()
    time.sleep(1.1)

    held_by_another_worker(NEWSROOM, release_after=0.3)
    started = time.monotonic()
    response = client.get(NEWSROOM)

    # Past the bound the request waits for the other worker instead of serving stale.
    assert time.monotonic() - started >= 0.25
    assert "New headline" in text(response)
    assert "Old headline" not in text(response)


@pytest.mark.django_db
def test_staff_never_get_a_stale_page_or_count(client):
    item = make_news_item("Old headline")
    client.get(NEWSROOM)
    staff = get_user_model().objects.create_user("editor", is_staff=True)
    item.title = "New headline"
    item.save()
    held_by_another_worker(NEWSROOM)

    client.force_login(staff)
    response = client.get(NEWSROOM)

    assert "New headline" in text(response)
    assert "Old headline" not in text(response)


@pytest.mark.usefixtures("_no_schedule")
def test_remembered_count_stale_only_where_allowed_and_within_the_bound(settings):
    caching.remember(("count", "x"), lambda: 1)
    key = "remember:" + caching.hashlib.sha256(repr((("count", "x"), False)).encode()).hexdigest()
    caching.content_changed()
    assert cache.add("lock:" + key, 1, 30)  # another worker recounts

    with caching.stale_allowed():
        assert caching.remember(("count", "x"), lambda: 2) == 1  # anonymous: the previous
    threading.Timer(0.2, cache.delete, ["lock:" + key]).start()
    assert caching.remember(("count", "x"), lambda: 2) == 2  # staff: waits, then current

    caching.content_changed()
    settings.CACHE_STALE_SECONDS = 0
    time.sleep(0.01)
    assert cache.add("lock:" + key, 1, 30)
    threading.Timer(0.2, cache.delete, ["lock:" + key]).start()
    with caching.stale_allowed():
        assert caching.remember(("count", "x"), lambda: 3) == 3  # past the bound: current


# Single-flight ---------------------------------------------------------------------------


@pytest.mark.usefixtures("_no_schedule")
def test_concurrent_misses_compute_once():
    calls = []
    started = threading.Barrier(8)

    def compute():
        calls.append(1)
        time.sleep(0.3)
        return "value", (), True

    results = []

    def request():
        started.wait()
        with caching.stale_allowed():
            results.append(caching.cached("page:shared", compute, 300))

    threads = [threading.Thread(target=request) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert len(calls) == 1
    assert sorted(found.how for found in results) == ["hit"] * 7 + ["miss"]
    assert {found.value for found in results} == {"value"}


@pytest.mark.usefixtures("_no_schedule")
def test_concurrent_misses_after_a_change_compute_once_and_serve_the_previous():
    caching.cached("page:shared", lambda: ("old", (), True), 300)
    caching.content_changed()
    calls = []

    def compute():
        calls.append(1)
        time.sleep(0.3)
        return "new", (), True

    results = []

    def request():
        with caching.stale_allowed():
            results.append(caching.cached("page:shared", compute, 300))

    first = threading.Thread(target=request)
    first.start()
    time.sleep(0.05)  # the first one holds the lock
    others = [threading.Thread(target=request) for _ in range(5)]
    for thread in others:
        thread.start()
    for thread in [first, *others]:
        thread.join()

    assert len(calls) == 1
    assert (
        sorted((found.how, found.value) for found in results)
        == [("miss", "new")] + [("stale", "old")] * 5
    )


@pytest.mark.usefixtures("_no_schedule")
def test_a_failing_computation_releases_its_lock():
    def fail():
        raise RuntimeError("boom")

    with pytest.raises(RuntimeError):
        caching.cached("page:failing", fail, 300)

    assert caching.cached("page:failing", lambda: ("ok", (), True), 300).value == "ok"


# Removal is immediate ----------------------------------------------------------------------


def warm(client, item):
    for path in (NEWSROOM, item.get_absolute_url(), reverse("newsroom:feed-rss")):
        assert client.get(path)["X-Cache"] == "miss"
        assert client.get(path)["X-Cache"] == "hit"


def others_rendering(item):
    """Another worker is re-rendering each page: stale copies would be served, if allowed."""
    for path in (NEWSROOM, item.get_absolute_url(), reverse("newsroom:feed-rss")):
        held_by_another_worker(path, release_after=0.3)


@pytest.mark.django_db
@pytest.mark.parametrize("removal", ["unpublish", "withdraw", "delete"])
def test_removed_item_leaves_its_page_and_feeds_at_once(
    client, removal, django_capture_on_commit_callbacks
):
    item = make_news_item("Statement in question")
    url = item.get_absolute_url()
    warm(client, item)

    with django_capture_on_commit_callbacks(execute=True):  # the editor's save commits
        if removal == "unpublish":
            item.status = NewsItem.Status.DRAFT
            item.save()
        elif removal == "withdraw":
            workflow.withdraw(item, "Issued in error", None)
        else:
            item.delete()
    others_rendering(item)

    page = client.get(url)
    feed = client.get(reverse("newsroom:feed-rss"))
    if removal == "withdraw":
        assert "Issued in error" in text(page)  # its page stays, marked
        assert page.get("X-Cache") != "stale"
    else:
        assert page.status_code in (404, 410)
    assert "Statement in question" not in text(feed)
    assert feed.get("X-Cache") != "stale"


@pytest.mark.django_db
def test_lists_may_lag_a_removal_within_the_bound(client, django_capture_on_commit_callbacks):
    item = make_news_item("Statement in question")
    warm(client, item)
    with django_capture_on_commit_callbacks(execute=True):
        item.status = NewsItem.Status.DRAFT
        item.save()
    held_by_another_worker(NEWSROOM)

    response = client.get(NEWSROOM)

    assert response["X-Cache"] == "stale"
    assert "Statement in question" in text(response)


# The listing version: a text edit does not recount the archive ----------------------------


@pytest.mark.django_db
def test_a_text_edit_keeps_counts_facets_and_page_keys_but_not_the_page(client):
    field = make_field_of_work("Border management")
    item = make_news_item("Old headline", fields_of_work=[field])
    listing = caching.content_state(caching.LISTING_KEY).version
    content = caching.content_state().version

    item.title = "New headline"
    item.lead = "A new lead"
    item.save()

    assert caching.content_state(caching.LISTING_KEY).version == listing
    assert caching.content_state().version != content
    assert "New headline" in text(client.get(NEWSROOM))  # rows are loaded fresh


@pytest.mark.django_db
@pytest.mark.parametrize(
    "change",
    [
        "unpublish and retype",
        "reschedule",
        "retype",
        "refile",
        "rename field",
        "new item",
        "update()",
    ],
)
def test_what_changes_lists_replaces_the_listing_version(change):
    field = make_field_of_work("Border management")
    other = make_field_of_work("Elections")
    item = make_news_item("Headline", fields_of_work=[field])
    listing = caching.content_state(caching.LISTING_KEY).version

    if change == "unpublish":
        item.status = NewsItem.Status.DRAFT
        item.save()
    elif change == "reschedule":
        item.publish_at = item.publish_at - timedelta(days=400)
        item.save()
    elif change == "retype":
        item.news_type = NewsType.objects.create(name="Speech", slug="speech")
        item.save()
    elif change == "refile":
        item.fields_of_work.set([other])
    elif change == "rename field":
        field.name = "Border security"
        field.save()
    elif change == "new item":
        make_news_item("Another")
    else:
        NewsItem.objects.filter(pk=item.pk).update(title="Bulk")

    assert caching.content_state(caching.LISTING_KEY).version != listing


@pytest.mark.django_db
def test_counts_survive_a_text_edit_and_follow_an_unpublish(client):
    make_news_item("First")
    item = make_news_item("Second")
    assert "Second" in text(client.get(NEWSROOM))
    calls = []
    original = caching.cached

    def counting(key, compute, *args, **kwargs):
        def wrapped():
            calls.append(key)
            return compute()

        return original(key, wrapped, *args, **kwargs)

    caching.cached = counting
    try:
        item.title = "Second, edited"
        item.save()
        edited = client.get(NEWSROOM)
        recomputed_after_edit = [k for k in calls if k.startswith("remember:")]
        calls.clear()
        item.status = NewsItem.Status.DRAFT
        item.save()
        unpublished = client.get(NEWSROOM)
        recomputed_after_unpublish = [k for k in calls if k.startswith("remember:")]
    finally:
        caching.cached = original

    assert "Second, edited" in text(edited)
    assert recomputed_after_edit == []  # the page again, not the count, facets or keys
    # An unpublish is a move: the page keys are recomputed, the count and facet counts
    # follow it (tests/perf/test_moves.py); neither item has a facet option here.
    assert len(recomputed_after_unpublish) == 1
    assert "Second, edited" not in text(unpublished)
    assert unpublished.context["page_obj"].paginator.count == 1


# One re-render at a time ----------------------------------------------------------------


@pytest.mark.django_db
def test_pages_are_rerendered_one_at_a_time_while_stale_may_be_served(client, settings):
    make_news_item("Old headline")
    assert client.get(NEWSROOM)["X-Cache"] == "miss"
    client.get("/")
    NewsItem.objects.filter(title="Old headline").update(title="New headline")

    assert cache.add(caching.REVALIDATING, 1, 30)  # another request re-renders a page
    waiting = client.get(NEWSROOM)  # its own lock is free, but the slot is not
    cache.delete(caching.REVALIDATING)
    rendered = client.get(NEWSROOM)
    slot_free_after = cache.add(caching.REVALIDATING, 1, 30)  # released by the renderer

    assert waiting["X-Cache"] == "stale"
    assert "Old headline" in text(waiting)
    assert rendered["X-Cache"] == "miss"
    assert "New headline" in text(rendered)
    assert slot_free_after
    settings.CACHE_STALE_SECONDS = 0  # past the bound: rendered without waiting for the slot
    time.sleep(0.01)
    past_bound = client.get("/")
    assert past_bound["X-Cache"] == "miss"


@pytest.mark.django_db
def test_staff_never_wait_for_the_revalidation_slot(client):
    make_news_item("Old headline")
    client.get(NEWSROOM)
    NewsItem.objects.filter(title="Old headline").update(title="New headline")
    staff = get_user_model().objects.create_user("editor", password="pw", is_staff=True)
    client.force_login(staff)

    assert cache.add(caching.REVALIDATING, 1, 30)
    response = client.get(NEWSROOM)

    assert "New headline" in text(response)


@pytest.mark.usefixtures("_no_schedule")
def test_a_page_rendered_with_a_stale_count_is_served_but_not_kept():
    caching.remember(("count", "x"), lambda: 1)
    caching.cached("page:x", lambda: ("page with 1", (), True), 300)
    caching.content_changed()
    count_key = (
        "remember:" + caching.hashlib.sha256(repr((("count", "x"), False)).encode()).hexdigest()
    )
    assert cache.add("lock:" + count_key, 1, 30)  # another worker recounts

    def render():
        return f"page with {caching.remember(('count', 'x'), lambda: 2)}", (), True

    with caching.stale_allowed():
        first = caching.cached("page:x", render, 300)
    cache.delete("lock:" + count_key)
    with caching.stale_allowed():
        second = caching.cached("page:x", render, 300)
        third = caching.cached("page:x", render, 300)

    assert (first.how, first.value) == ("miss", "page with 1")  # within the bound, not kept
    assert (second.how, second.value) == ("miss", "page with 2")
    assert (third.how, third.value) == ("hit", "page with 2")
