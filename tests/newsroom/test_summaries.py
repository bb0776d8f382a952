"""News cards kept rendered (newsroom/summaries.py): a kept card never outlives what it shows.

Each test renders, changes one thing a card shows, and renders again: the change shows.
"""

import pytest
from django.core.cache import cache, caches
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from newsroom.models import NewsItem
from newsroom.summaries import card_key, render_summaries
from tests.factories import (
    make_field_of_work,
    make_news_item,
    make_news_type,
    make_structure,
)

NEWSROOM = "/newsroom/"
# With counts, facets and page keys remembered and every card kept: the keys and stamps of
# the page's rows.
WARM_NEWSROOM_QUERIES = 1


@pytest.fixture(autouse=True)
def _cards_kept(settings):
    settings.CACHE_COUNT_SECONDS = 300  # remembered computations, and cards, on


@pytest.fixture
def item():
    return make_news_item(
        "Border police trained in Skopje",
        news_type=make_news_type("Press release"),
        structures=[make_structure("Mission to Skopje")],
        fields_of_work=[make_field_of_work("Border management", name_fr="Gestion des frontières")],
    )


def cards(*items):
    """The cards of `items` as the newsroom renders them, and the queries it took."""
    items = list(NewsItem.objects.filter(pk__in=[i.pk for i in items]).for_cards())
    with CaptureQueriesContext(connection) as queries:
        html = render_summaries(items)
    return html, len(queries)


def page(client, url=NEWSROOM):
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


@pytest.mark.django_db
def test_summaries_kept_card_is_the_rendered_one_without_its_queries(item):
    first, first_queries = cards(item)
    second, second_queries = cards(item)

    assert second == first
    assert "Mission to Skopje" in second
    assert "Border management" in second
    assert first_queries == 2  # the item's structures and fields of work
    assert second_queries == 0


@pytest.mark.django_db
def test_summaries_kept_apart_from_pages_and_counts(item):
    html, _ = cards(item)
    key = card_key(NewsItem.objects.get(pk=item.pk))

    assert caches["cards"].get(key)[1] == html
    assert cache.get(key) is None  # the default cache's entries are left to pages, counts


@pytest.mark.django_db
def test_summaries_newsroom_page_same_html_when_kept(client, item):
    make_news_item("Election observers deployed")
    first = page(client)
    with CaptureQueriesContext(connection) as warm:
        second = page(client)

    assert second == first
    assert "Border police trained in Skopje" in second
    assert len(warm) == WARM_NEWSROOM_QUERIES


@pytest.mark.django_db
def test_summaries_edit_renders_that_card_only(client, item):
    make_news_item("Election observers deployed")
    page(client)

    item.title = "Border police graduate in Skopje"
    item.save()
    with CaptureQueriesContext(connection) as queries:
        html = page(client)

    assert "Border police graduate in Skopje" in html
    assert "Election observers deployed" in html
    assert len(queries) == WARM_NEWSROOM_QUERIES + 3  # that card's row, structures and fields


@pytest.mark.django_db
def test_summaries_edit_of_the_item_shows_at_once(client, item):
    assert "Border police trained in Skopje" in page(client)

    item.title = "Border police graduate in Skopje"
    item.place = "SKOPJE"
    item.save()  # an unlisted update: lists' counts and keys stay, the card must not

    html = page(client)
    assert "Border police graduate in Skopje" in html
    assert "Border police trained in Skopje" not in html
    assert "· SKOPJE" in html


@pytest.mark.django_db
def test_summaries_queryset_update_of_the_item_shows_at_once(item):
    cards(item)

    NewsItem.objects.filter(pk=item.pk).update(lead="Updated without save().")

    assert "Updated without save()." in cards(item)[0]


@pytest.mark.django_db
def test_summaries_rename_of_a_structure_shows_at_once(client, item):
    assert "Mission to Skopje" in page(client)

    structure = item.structures.get()
    structure.name = structure.name_en = "OSCE Mission to Skopje (renamed)"
    structure.save()

    assert "OSCE Mission to Skopje (renamed)" in page(client)


@pytest.mark.django_db
def test_summaries_rename_of_a_field_of_work_and_a_content_type_shows_at_once(client, item):
    html = page(client)
    assert "Border management" in html
    assert "Press release" in html

    field = item.fields_of_work.get()
    field.name = field.name_en = "Border security and management"
    field.save()
    news_type = item.news_type
    news_type.name = news_type.name_en = "Press statement"
    news_type.save()

    html = page(client)
    assert "Border security and management" in html
    assert "Press statement" in html
    assert "Press release" not in html


@pytest.mark.django_db
def test_summaries_filing_under_another_structure_shows_at_once(client, item):
    assert "Mission in Kosovo" not in page(client)

    item.structures.add(make_structure("Mission in Kosovo"))

    assert "Mission in Kosovo" in page(client)


@pytest.mark.django_db
def test_summaries_card_in_another_language_has_that_languages_names(item):
    english, _ = cards(item)
    with translation.override("fr"):
        french, _ = cards(item)
        french_again, queries = cards(item)
    english_again, _ = cards(item)

    assert "Border management" in english
    assert "Gestion des frontières" not in english
    assert "Gestion des frontières" in french
    assert french_again == french
    assert queries == 0  # kept per language
    assert english_again == english


@pytest.mark.django_db
def test_summaries_search_results_are_never_kept(client, item):
    first = page(client, f"{NEWSROOM}?q=police")
    item.title = "Border police graduate in Skopje"
    item.save()

    second = page(client, f"{NEWSROOM}?q=police")
    assert "Border police trained" not in second.replace("<mark>", "").replace("</mark>", "")
    assert "graduate" in second
    assert "police" in first


@pytest.mark.django_db
def test_summaries_nothing_kept_when_remembering_is_off(settings, item):
    settings.CACHE_COUNT_SECONDS = 0
    first, first_queries = cards(item)
    second, second_queries = cards(item)

    assert second == first
    assert first_queries == second_queries == 2


@pytest.mark.django_db
@pytest.mark.parametrize("n", [1, 30])
def test_summaries_kept_newsroom_page_queries_constant(client, django_assert_num_queries, n):
    for _ in range(n):
        make_news_item(
            structures=[make_structure("Mission to Skopje")],
            fields_of_work=[make_field_of_work("Border management")],
        )
    page(client)  # cards kept

    with django_assert_num_queries(WARM_NEWSROOM_QUERIES):
        page(client)


@pytest.mark.django_db
def test_summaries_home_and_topic_pages_render_a_changed_card(client, item):
    """Their latest few are a slice of a queryset: read whole, not by key."""
    field = item.fields_of_work.get()
    topic = field.get_absolute_url()
    assert "Border police trained in Skopje" in page(client, "/")
    assert "Border police trained in Skopje" in page(client, topic)

    item.title = "Border police graduate in Skopje"
    item.save()  # its card must be rendered anew, beside kept ones
    make_news_item("Election observers deployed", fields_of_work=[field])

    for url in ("/", topic):
        html = page(client, url)
        assert "Border police graduate in Skopje" in html
        assert "Election observers deployed" in html
