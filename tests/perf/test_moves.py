"""Moves (osce_site/caching.py: Move; newsroom/listing/moves.py): publishing or unpublishing
an item changes no listing version; the lists' remembered counts and facet counts follow it
by key instead of recounting the archive, and show exactly what a recount would."""

import pytest
from django.db import transaction

from newsroom.models import NewsItem
from osce_site import caching
from tests.factories import (
    make_country,
    make_field_of_work,
    make_news_item,
    make_news_type,
    make_structure,
)

pytestmark = pytest.mark.usefixtures("remembered_counts")


@pytest.fixture
def recomputed(monkeypatch):
    """What remember() computed (not found current or followed), by the parts it was given."""
    calls = []
    original = caching.remember

    def counting(parts, compute, *args, **kwargs):
        def wrapped():
            calls.append(parts[0])
            return compute()

        return original(parts, wrapped, *args, **kwargs)

    monkeypatch.setattr("newsroom.listing.pagination.remember", counting)
    monkeypatch.setattr("newsroom.listing.pages.remember", counting)
    return calls


@pytest.fixture
def archive():
    border = make_field_of_work("Border management")
    elections = make_field_of_work("Elections")
    vienna = make_structure("Secretariat")
    press = make_news_type("Press release")
    austria = make_country("Austria")
    items = [
        make_news_item(
            "Border police trained",
            fields_of_work=[border],
            structures=[vienna],
            countries=[austria],
            news_type=press,
        ),
        make_news_item("Elections observed", fields_of_work=[elections], structures=[vienna]),
        make_news_item("Border crossings reopen", fields_of_work=[border, elections]),
        make_news_item("Police reform", published=False, fields_of_work=[border], news_type=press),
    ]
    return items


PATHS = [
    "/newsroom/",
    "/newsroom/?field=border-management",
    "/newsroom/?field=elections&structure=secretariat",
    "/newsroom/?country=austria",
    "/newsroom/?q=border+police",
    "/newsroom/?q=elections&field=elections",
]


def shown(client, path):
    """What a list page shows of the lists: its count, its facets and its items."""
    response = client.get(path)
    assert response.status_code == 200
    context = response.context
    return (
        context["page_obj"].paginator.count,
        str(context["facets_html"]),
        [item.title for item in context["object_list"]],
    )


def recounted(client, path, settings):
    """What the page shows when nothing is remembered: the truth to compare with."""
    seconds = settings.CACHE_COUNT_SECONDS
    settings.CACHE_COUNT_SECONDS = 0
    try:
        return shown(client, path)
    finally:
        settings.CACHE_COUNT_SECONDS = seconds


def publish(item, published=True):
    item.status = NewsItem.Status.PUBLISHED if published else NewsItem.Status.DRAFT
    item.save()


@pytest.mark.django_db
@pytest.mark.parametrize("path", PATHS)
def test_after_publishing_and_unpublishing_lists_show_what_a_recount_shows(
    client, archive, path, settings
):
    trained, _, crossings, reform = archive
    shown(client, path)  # remembered
    listing = caching.content_state(caching.LISTING_KEY).version

    for item, published in [
        (reform, True),
        (trained, False),
        (crossings, False),
        (trained, True),
    ]:
        publish(item, published)
        assert shown(client, path) == recounted(client, path, settings)

    assert caching.content_state(caching.LISTING_KEY).version == listing  # no recount


@pytest.mark.django_db
def test_a_move_recounts_nothing_and_keeps_the_pages_it_cannot_change(client, archive, recomputed):
    reform = archive[3]
    border, elections = "/newsroom/?field=border-management", "/newsroom/?field=elections"
    for path in (border, elections):
        shown(client, path)
    recomputed.clear()

    publish(reform)  # in border management, not in elections
    border_count = shown(client, border)[0]
    on_border = list(recomputed)
    recomputed.clear()
    elections_count = shown(client, elections)[0]

    assert (border_count, elections_count) == (3, 2)
    # The count and facet counts follow; the page keys of the list it joins are recomputed,
    # and its facets rendered again for the new counts.
    assert sorted(on_border) == ["facets-html", "page-keys"]
    # The elections list does not hold it: its keys stay; its field facet counts it.
    assert recomputed == ["facets-html"]


@pytest.mark.django_db
def test_a_move_seen_twice_or_rolled_back_changes_no_count(
    client, archive, django_capture_on_commit_callbacks
):
    trained, observed = archive[:2]
    assert shown(client, "/newsroom/")[0] == 3

    # Recorded when executed and again when committed: counted once.
    with django_capture_on_commit_callbacks(execute=True):
        with transaction.atomic():
            publish(trained, False)
    assert shown(client, "/newsroom/")[0] == 2

    # A move whose transaction was rolled back: recorded, but nothing changed.
    try:
        with transaction.atomic():
            publish(observed, False)
            raise RuntimeError("rolled back")
    except RuntimeError:
        pass
    assert shown(client, "/newsroom/")[0] == 2

    # The same move recorded again later (a late commit hook): nothing to add.
    caching.content_changed(
        edit=caching.Move(NewsItem._meta.label_lower, trained.pk, listed_before=True),
        lists=False,
    )
    assert shown(client, "/newsroom/")[0] == 2


@pytest.mark.django_db
def test_what_is_computed_while_a_record_is_made_is_served_not_kept():
    calls = []

    def compute():
        calls.append(1)
        # Another worker's move is recorded meanwhile: whether this count saw it is unknown.
        caching.content_changed(
            edit=caching.Move("newsroom.newsitem", 1, listed_before=False), lists=False
        )
        return len(calls)

    assert caching.remember(("count", "x"), compute, lists=True) == 1
    assert caching.remember(("count", "x"), lambda: 2, lists=True) == 2
    assert caching.remember(("count", "x"), lambda: 3, lists=True) == 2  # kept now


@pytest.mark.django_db
def test_a_change_beyond_a_move_still_recounts(client, archive, recomputed):
    trained, *_ = archive
    shown(client, "/newsroom/")
    recomputed.clear()

    trained.status = NewsItem.Status.DRAFT
    trained.title = "Border police trained again"  # out of the lists with a new text
    trained.save()

    assert shown(client, "/newsroom/")[0] == 2
    assert {"count", "facet-counts", "page-keys"} <= set(recomputed)


@pytest.mark.django_db
def test_following_a_move_costs_the_same_queries_whatever_the_archive(
    client, archive, django_assert_max_num_queries
):
    trained, *_ = archive
    path = "/newsroom/?field=border-management"
    shown(client, path)
    publish(trained, False)
    with django_assert_max_num_queries(16) as small:
        shown(client, path)
    small = len(small)  # now: the next request empties the connection's query log
    other = make_field_of_work("Gender equality")
    for n in range(30):  # counted in the field facet, not on the page
        make_news_item(f"More news {n}", fields_of_work=[other], countries=[make_country(f"C{n}")])
    publish(trained, True)
    shown(client, path)
    publish(trained, False)
    with django_assert_max_num_queries(16) as large:
        shown(client, path)
    assert len(large) == small > 0


@pytest.mark.django_db
def test_publishing_and_unpublishing_in_the_admin_are_moves(publisher_client, client):
    from tests.factories import change_form_data, change_url

    draft = make_news_item("Out now", published=False, fields_of_work=[make_field_of_work()])
    make_news_item("Already out")
    assert shown(client, "/newsroom/")[0] == 1
    listing = caching.content_state(caching.LISTING_KEY).version

    publisher_client.post(change_url(draft), {**change_form_data(draft), "_publish_now": "1"})
    draft.refresh_from_db()
    assert draft.is_public
    assert caching.content_state(caching.LISTING_KEY).version == listing
    assert shown(client, "/newsroom/")[0] == 2

    publisher_client.post(change_url(draft), change_form_data(draft, status="draft"))
    draft.refresh_from_db()
    assert not draft.is_public
    assert caching.content_state(caching.LISTING_KEY).version == listing
    assert shown(client, "/newsroom/")[0] == 1


@pytest.mark.django_db
def test_approving_a_reviewed_draft_is_a_move(client, publisher, editor):
    from newsroom.editorial import review

    draft = make_news_item("Reviewed", published=False, fields_of_work=[make_field_of_work()])
    make_news_item("Already out")
    assert shown(client, "/newsroom/?field=elections")[0] == 0
    submitted = review.submit(draft, editor)
    listing = caching.content_state(caching.LISTING_KEY).version

    review.approve(submitted, publisher)

    assert caching.content_state(caching.LISTING_KEY).version == listing
    assert shown(client, "/newsroom/?field=elections")[0] == 1


@pytest.mark.django_db
def test_an_admin_edit_of_a_title_keeps_the_listing_version(publisher_client, client):
    """The edit lock's version number is read by no list (newsroom/editorial/locking.py)."""
    from tests.factories import change_form_data, change_url

    item = make_news_item("Old headline")
    assert shown(client, "/newsroom/")[0] == 1
    listing = caching.content_state(caching.LISTING_KEY).version

    publisher_client.post(change_url(item), change_form_data(item, title="New headline"))

    item.refresh_from_db()
    assert item.title == "New headline"
    assert caching.content_state(caching.LISTING_KEY).version == listing
    assert shown(client, "/newsroom/")[2] == ["New headline"]


@pytest.mark.django_db
def test_several_moves_are_followed_at_once_with_the_queries_of_one(
    client, archive, settings, django_assert_max_num_queries
):
    trained, observed, crossings, _ = archive
    path = "/newsroom/?field=border-management"
    shown(client, path)
    publish(trained, False)
    with django_assert_max_num_queries(16) as one:
        shown(client, path)
    one = len(one)  # now: the next request empties the connection's query log

    publish(crossings, False)  # two more out, before anyone asks: one grouped query a facet
    publish(observed, False)
    with django_assert_max_num_queries(16) as two:
        after = shown(client, path)
    two = len(two)

    assert 0 < two <= one
    assert after == recounted(client, path, settings)
