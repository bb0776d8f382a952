"""An item page's article, related news and previous/next links, kept rendered per content
version (newsroom/templatetags/fragments.py): any change shows at once, previews never use it.
"""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from newsroom.models import NewsItem
from tests.factories import make_field_of_work, make_news_item, make_structure

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _kept(settings):
    settings.CACHE_COUNT_SECONDS = 300  # remembered computations, and fragments, on


@pytest.fixture
def items():
    """Three items in a row, sharing a structure and a field of work."""
    structure = make_structure("Mission to Skopje")
    field = make_field_of_work("Border management")
    older, item, newer = (
        make_news_item(title, structures=[structure], fields_of_work=[field])
        for title in ("Older patrol report", "Border police trained", "Newer patrol report")
    )
    for days, one in enumerate((newer, item, older)):
        one.publish_at = one.publish_at.replace(year=2024) - timedelta(days=days)
        one.save()
    return older, item, newer


def page(client, item):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(item.get_absolute_url())
    assert response.status_code == 200
    return response.content.decode(), len(queries)


def test_kept_fragment_same_page_without_the_fragments_queries(client, settings, items):
    _older, item, _newer = items
    first, _ = page(client, item)
    second, warm = page(client, item)
    third, again = page(client, item)
    settings.CACHE_COUNT_SECONDS = 0
    unkept, rendered = page(client, item)

    assert second == first == third == unkept
    assert "Previous (older):</span> Older patrol report" in second
    assert "Next (newer):</span> Newer patrol report" in second
    assert "Related news" in second
    # the item; related, previous, next; the structures, fields of work, countries and tags
    assert again == warm == rendered - 8


@pytest.mark.parametrize(
    ("edited", "field", "value", "shown"),
    [
        (1, "lead", "A new standfirst.", '<p class="standfirst">A new standfirst.</p>'),
        (0, "title", "Older patrol report, corrected", "Older patrol report, corrected"),
    ],
    ids=["the item", "its previous item"],
)
def test_kept_fragment_edit_shows_at_once(client, items, edited, field, value, shown):
    item = items[1]
    page(client, item)

    setattr(items[edited], field, value)
    items[edited].save()

    assert shown in page(client, item)[0]


def test_kept_fragment_new_neighbour_shows_at_once(client, items):
    _older, item, _newer = items
    page(client, item)

    between = make_news_item("In between", publish_at=item.publish_at + timedelta(hours=1))

    html = page(client, item)[0]
    assert "Next (newer):</span> In between" in html
    assert between.get_absolute_url() in html
    assert "Next (newer):</span> Newer patrol report" not in html


def test_kept_fragment_rename_of_a_structure_shows_at_once(client, items):
    _older, item, _newer = items
    assert "Mission to Skopje" in page(client, item)[0]

    structure = item.structures.get()
    structure.name = structure.name_en = "Mission to Skopje (renamed)"
    structure.save()

    assert "Mission to Skopje (renamed)" in page(client, item)[0]


def test_kept_fragment_new_tag_shows_in_meta_and_links_at_once(client, items):
    _older, item, _newer = items
    cold = client.get(item.get_absolute_url())
    warm = client.get(item.get_absolute_url())
    assert warm["Surrogate-Key"] == cold["Surrogate-Key"]

    item.tags.add("border police")

    response = client.get(item.get_absolute_url())
    html = response.content.decode()
    assert '<meta property="article:tag" content="border police">' in html
    assert 'rel="tag">border police</a>' in html
    tag = item.tags.get()
    assert f"taggit.tag:{tag.pk}" in response["Surrogate-Key"].split()


def test_kept_fragment_unpublished_item_is_gone_at_once(client, items):
    _older, item, _newer = items
    page(client, item)

    NewsItem.objects.filter(pk=item.pk).update(status=NewsItem.Status.DRAFT)

    assert client.get(item.get_absolute_url()).status_code == 404


def test_kept_fragment_never_used_by_a_preview(publisher_client, items):
    _older, item, _newer = items
    url = f"/newsroom/preview/{item.uuid}/"
    publisher_client.get(item.get_absolute_url())  # the public page's fragment is kept

    with CaptureQueriesContext(connection) as first:
        html = publisher_client.get(url).content.decode()
    with CaptureQueriesContext(connection) as second:
        publisher_client.get(url)

    assert "Preview" in html
    assert "Previous (older):</span> Older patrol report" in html
    assert len(second) == len(first)  # rendered each time: nothing kept


@pytest.mark.parametrize("n", [1, 30])
def test_kept_fragment_item_page_queries_constant(client, django_assert_num_queries, n):
    structure = make_structure("Mission to Skopje")
    news = [make_news_item(structures=[structure]) for _ in range(n + 2)]
    item = news[1]
    page(client, item)

    with django_assert_num_queries(WARM_ITEM_QUERIES):
        client.get(item.get_absolute_url())


# None: the item (with its content type and lead image) is kept per content version like
# the fragments (newsroom/views.py); its relations are read only by the kept fragments and
# surrogate keys.
WARM_ITEM_QUERIES = 0
