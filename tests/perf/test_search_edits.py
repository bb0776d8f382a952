"""Remembered searches and text edits (osce_site/caching.py: `remember(..., texts=check)`,
newsroom/listing/search.py `unaffected()`): an edit of an item's text that cannot change
a search leaves its count, facets and page keys remembered; one that changes whether or
how well an item matches recounts it at once, or within the stale bound for anonymous
visitors while another worker recounts; an unknown edit counts as a change."""

import threading
import time

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from newsroom.listing import search
from newsroom.models import NewsItem
from osce_site import caching
from tests.factories import make_field_of_work, make_news_item

SEARCH = "/newsroom/?q=border+police"


pytestmark = pytest.mark.usefixtures("remembered_counts")


@pytest.fixture
def recomputed(monkeypatch):
    """The keys remember() computed (not found current) since the list was last cleared."""
    calls = []
    original = caching._compute_and_keep

    def counting(key, *args, **kwargs):
        calls.append(key)
        return original(key, *args, **kwargs)

    monkeypatch.setattr(caching, "_compute_and_keep", counting)
    return calls


@pytest.fixture
def archive():
    field = make_field_of_work("Border management")
    matching = make_news_item("Border police training", fields_of_work=[field], lead="A lead.")
    other = make_news_item("Elections observed", fields_of_work=[field], lead="A lead.")
    return matching, other


def found(client, path=SEARCH):
    response = client.get(path)
    assert response.status_code == 200
    return [item.title for item in response.context["object_list"]]


def edit(item, **fields):
    for name, value in fields.items():
        setattr(item, name, value)
    item.save()


@pytest.mark.django_db
def test_an_edit_that_cannot_change_a_search_keeps_its_counts_facets_and_keys(
    client, archive, recomputed
):
    matching, other = archive
    assert found(client) == ["Border police training"]
    recomputed.clear()

    edit(other, title="Elections observed in spring", body="<p>Turnout was high.</p>")
    after_other = found(client)
    recomputed_after_other = list(recomputed)
    edit(matching, body="<p>Twenty officers took part.</p>")  # the body: no search word
    after_body = found(client)

    assert after_other == after_body == ["Border police training"]
    assert recomputed_after_other == []
    assert recomputed == []  # count, facets and page keys all kept


@pytest.mark.django_db
def test_the_kept_search_costs_one_lookup_of_the_edited_item_then_none(client, archive):
    _matching, other = archive
    found(client)
    with CaptureQueriesContext(connection) as warm:
        found(client)

    edit(other, title="Elections observed in spring")
    with CaptureQueriesContext(connection) as checked:
        found(client)
    with CaptureQueriesContext(connection) as again:
        found(client)

    assert len(checked) == len(warm) + 1  # the edited item, by key, once
    assert len(again) == len(warm)  # the entries now count the edit as seen


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("item", "fields", "expected"),
    [
        ("other", {"title": "Border police observe elections"}, 2),  # now matches
        ("other", {"lead": "With the border police."}, 2),  # matches by its lead
        ("matching", {"title": "Training of officers"}, 0),  # no longer matches
    ],
)
def test_an_edit_that_changes_a_search_recounts_it_at_once(
    client, archive, recomputed, item, fields, expected
):
    matching, other = archive
    assert found(client) == ["Border police training"]
    recomputed.clear()

    edit({"matching": matching, "other": other}[item], **fields)
    response = client.get(SEARCH)

    assert response.context["page_obj"].paginator.count == expected
    assert len(response.context["object_list"]) == expected
    assert len(recomputed) >= 3  # count, page keys, facets


@pytest.mark.django_db
def test_a_rank_change_reorders_a_search_at_once(client, archive):
    matching, other = archive
    edit(other, title="Observers", lead="Observers met the border police.")
    assert found(client) == ["Border police training", "Observers"]  # title beats lead

    edit(other, title="Border police observers")
    edit(matching, title="Training", lead="Training for the border police.")

    assert found(client) == ["Border police observers", "Training"]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("before", "after", "text"),
    [
        ("Border police training", "Border police training course", "border police"),
        ("Elections", "Border police at elections", "border police"),
        ("Border police", "Police", "border police"),
        ("ÉLECTIONS à Paris", "élections à Paris", "élections"),  # case beyond ASCII
        ("Border POLICE", "border police", "border police"),
    ],
)
def test_a_search_is_recounted_exactly_when_the_database_says_it_changed(
    client, recomputed, before, after, text
):
    """The check agrees with the search itself, on SQLite and on PostgreSQL."""
    item = make_news_item(before, lead="A lead.")
    make_news_item("Unrelated", lead="A lead.")
    path = "/newsroom/?" + f"q={text}".replace(" ", "+")

    def ranked():
        queryset = NewsItem.objects.published().in_language("en")
        return list(search.by_relevance(search.search(queryset, text), text).values_list("pk"))

    was = ranked()
    client.get(path)
    recomputed.clear()
    edit(item, title=after)
    client.get(path)

    changed = ranked() != was
    assert bool(recomputed) == changed


@pytest.mark.django_db
def test_an_edit_records_its_text_once_outside_and_twice_inside_a_transaction(
    archive, django_capture_on_commit_callbacks
):
    _matching, other = archive
    start = cache.get(caching.EDITS_KEY, 0)

    edit(other, title="Elections observed in spring")
    outside = cache.get(caching.EDITS_KEY)
    with django_capture_on_commit_callbacks(execute=True):
        edit(other, title="Elections observed in autumn")
    inside = cache.get(caching.EDITS_KEY)
    edit(other, place="Vienna")  # no searched text: nothing to record

    recorded = cache.get(caching.EDIT_KEY.format(outside))
    assert outside == start + 1
    assert inside == outside + 2  # when executed and when committed
    assert cache.get(caching.EDITS_KEY) == inside
    assert (recorded.label, recorded.pk) == ("newsroom.newsitem", other.pk)


@pytest.mark.django_db
def test_a_lost_edit_record_counts_as_a_change(client, archive, recomputed):
    _matching, other = archive
    found(client)
    recomputed.clear()

    edit(other, title="Elections observed in spring")
    cache.delete(caching.EDIT_KEY.format(cache.get(caching.EDITS_KEY)))
    found(client)

    assert len(recomputed) >= 3


# The stale bound, on the remembered value itself -----------------------------------------


def remembered_key(parts):
    return "remember:" + caching.hashlib.sha256(repr((parts, True)).encode()).hexdigest()


def record_edit(label="newsroom.newsitem"):
    caching.content_changed(lists=False, edit=caching.Edit(label, 1, ("before",)))


@pytest.fixture
def _no_schedule(monkeypatch):
    monkeypatch.setattr(caching, "lifetime", lambda state, seconds: seconds)


@pytest.mark.usefixtures("_no_schedule")
def test_a_search_changed_by_an_edit_is_stale_only_for_anonymous_and_within_the_bound(
    settings,
):
    parts = ("count", "search")
    changes = lambda edits: False  # noqa: E731 (every edit changes this search)
    assert caching.remember(parts, lambda: 1, texts=changes) == 1
    record_edit()
    lock = "lock:" + remembered_key(parts)
    assert cache.add(lock, 1, 30)  # another worker recounts

    with caching.stale_allowed():
        assert caching.remember(parts, lambda: 2, texts=changes) == 1  # the previous
    threading.Timer(0.2, cache.delete, [lock]).start()
    assert caching.remember(parts, lambda: 2, texts=changes) == 2  # staff: waits, current

    record_edit()
    settings.CACHE_STALE_SECONDS = 0
    time.sleep(0.01)
    assert cache.add(lock, 1, 30)
    threading.Timer(0.2, cache.delete, [lock]).start()
    with caching.stale_allowed():
        assert caching.remember(parts, lambda: 3, texts=changes) == 3  # past the bound


@pytest.mark.usefixtures("_no_schedule")
def test_a_search_kept_by_its_check_and_recounted_by_a_listed_change():
    parts = ("count", "search")
    seen = []

    def keeps(edits):
        seen.extend(edits)
        return True

    assert caching.remember(parts, lambda: 1, texts=keeps) == 1
    record_edit()
    record_edit("publications.publication")
    assert caching.remember(parts, lambda: 2, texts=keeps) == 1
    assert [edit.label for edit in seen] == ["newsroom.newsitem", "publications.publication"]
    assert caching.remember(parts, lambda: 3, texts=keeps) == 1  # checked once
    assert len(seen) == 2

    caching.content_changed()  # lists changed: no check can keep it
    assert caching.remember(parts, lambda: 4, texts=keeps) == 4


@pytest.mark.usefixtures("_no_schedule")
def test_too_many_edits_since_are_not_checked_but_recounted(monkeypatch):
    monkeypatch.setattr(caching, "MAX_EDITS", 2)
    parts = ("count", "search")
    checked = []
    keeps = lambda edits: checked.append(edits) or True  # noqa: E731
    caching.remember(parts, lambda: 1, texts=keeps)
    for _ in range(3):
        record_edit()

    assert caching.remember(parts, lambda: 2, texts=keeps) == 2
    assert checked == []


@pytest.mark.django_db
def test_a_text_saved_by_update_fields_is_an_unknown_edit_and_recounts(client, archive, recomputed):
    _matching, other = archive
    found(client)
    recomputed.clear()

    other.title = "Elections observed in spring"
    other.save(update_fields=["title"])  # the row is not read first: its text is unknown
    found(client)
    recounted = list(recomputed)
    recomputed.clear()
    other.place = "Vienna"
    other.save(update_fields=["place"])  # no searched field
    found(client)

    assert len(recounted) >= 3
    assert recomputed == []
