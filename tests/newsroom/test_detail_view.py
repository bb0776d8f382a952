import pytest
from django.urls import resolve

from newsroom.views import related_items
from tests.factories import at, make_field_of_work, make_news_item, make_structure

pytestmark = pytest.mark.django_db


def get(client, item):
    return client.get(item.get_absolute_url())


def test_item_page_shows_its_content_and_links(client, newsroom):
    response = get(client, newsroom.observers)
    assert response.status_code == 200
    html = response.content.decode()
    assert "<h1>Observers deployed for Kosovo elections</h1>" in html
    assert "<title>Observers deployed for Kosovo elections | OSCE</title>" in html
    assert '<time datetime="2024-03-10T12:00:00+01:00">10 March 2024</time>' in html
    assert 'href="/newsroom/?type=press-release">Press release</a>' in html
    assert "PRISTINA" in html
    assert "<p>The observation mission opened its office.</p>" in html
    assert 'href="/structures/mission-in-kosovo/"' in html
    assert 'href="/structures/odihr/"' in html
    assert 'href="/fields-of-work/elections/"' in html
    assert 'href="/countries/kosovo/"' in html
    assert 'href="/newsroom/tags/water/" rel="tag">water</a>' in html
    canonical = '<link rel="canonical" href="http://testserver/newsroom/'
    assert f'{canonical}{newsroom.observers.slug}/">' in html


def test_item_page_shows_lead_when_there_is_no_body(client, newsroom):
    html = get(client, newsroom.spot_report).content.decode()
    assert '<p class="standfirst">Monitors watched the checkpoint.</p>' in html  # issue 16


def test_item_page_says_when_the_source_gave_no_date(client, db):
    item = make_news_item("Undated statement", undated=True, source="Press office")
    html = get(client, item).content.decode()
    assert "Date not given by the source" in html
    assert "Source: Press office" in html


def test_item_page_body_is_cleaned(client, db):
    item = make_news_item("Unsafe", body="<p>ok</p>")
    type(item).objects.filter(pk=item.pk).update(body='<p onclick="x()">ok<script>1</script></p>')
    html = get(client, item).content.decode()
    assert "onclick" not in html
    assert "<script>1" not in html


def test_item_page_404_for_drafts_and_scheduled(client, newsroom):
    assert get(client, newsroom.draft).status_code == 404
    assert get(client, newsroom.scheduled).status_code == 404
    assert client.get("/newsroom/no-such-item/").status_code == 404


def test_item_related_share_field_or_structure_and_are_public(newsroom):
    related = related_items(newsroom.observers)
    # women shares Elections and ODIHR; border shares the Mission; drafts never appear
    assert related == [newsroom.border, newsroom.women]
    assert related_items(newsroom.spot_report) == []


def test_item_related_limited_and_listed_once(client, db):
    field = make_field_of_work("Elections")
    structure = make_structure("ODIHR", kind="institution")
    items = [
        make_news_item(
            f"Item {n}",
            fields_of_work=[field],
            structures=[structure],
            publish_at=at(2024, 1, n + 1),
        )
        for n in range(8)
    ]
    related = related_items(items[0])
    assert related == items[:0:-1][:4]
    html = get(client, items[0]).content.decode()
    assert html.count('href="/newsroom/item-') >= 4
    assert "Related news" in html


def test_item_previous_and_next_in_date_order(client, newsroom):
    html = get(client, newsroom.women).content.decode()
    assert f'rel="prev" href="{newsroom.observers.get_absolute_url()}"' in html
    assert f'rel="next" href="{newsroom.border.get_absolute_url()}"' in html
    newest = get(client, newsroom.spot_report).content.decode()
    assert 'rel="next"' not in newest
    oldest = get(client, newsroom.observers).content.decode()
    assert 'rel="prev"' not in oldest


def test_item_previous_next_break_ties_on_id(client, db):
    first = make_news_item("First", publish_at=at(2024, 5, 1))
    second = make_news_item("Second", publish_at=at(2024, 5, 1))
    html = get(client, second).content.decode()
    assert f'rel="prev" href="{first.get_absolute_url()}"' in html

    before = make_news_item("Before", publish_at=at(2024, 4, 30))
    third = make_news_item("Third", publish_at=at(2024, 5, 1))
    after = make_news_item("After", publish_at=at(2024, 5, 2))
    html = get(client, second).content.decode()
    assert f'rel="prev" href="{first.get_absolute_url()}"' in html
    assert f'rel="next" href="{third.get_absolute_url()}"' in html
    html = get(client, first).content.decode()
    assert f'rel="prev" href="{before.get_absolute_url()}"' in html
    html = get(client, third).content.decode()
    assert f'rel="next" href="{after.get_absolute_url()}"' in html


@pytest.mark.parametrize("count", [5, 60])
def test_item_page_query_count_constant(client, django_assert_max_num_queries, count):
    field = make_field_of_work("Elections")
    structure = make_structure("ODIHR", kind="institution")
    items = [
        make_news_item(f"Item {n}", fields_of_work=[field], structures=[structure])
        for n in range(count)
    ]
    items[count // 2].tags.add("water", "youth")
    with django_assert_max_num_queries(8):
        response = get(client, items[count // 2])
    assert response.status_code == 200


def test_tag_page_lists_the_tags_items(client, newsroom):
    response = client.get("/newsroom/tags/water/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Observers deployed for Kosovo elections" in html
    assert "Border officers trained" not in html
    assert "Draft about elections" not in html
    assert "<h1>News tagged “water”</h1>" in html
    assert '<link rel="canonical" href="http://testserver/newsroom/tags/water/">' in html
    assert 'href="/newsroom/rss/?tag=water"' in html


def test_tag_page_unknown_tag_is_404(client, newsroom):
    assert client.get("/newsroom/tags/nope/").status_code == 404


def test_tag_route_comes_before_item_route():
    assert resolve("/newsroom/tags/water/").url_name == "tag-detail"
    assert resolve("/newsroom/water/").url_name == "newsitem-detail"


def test_item_related_kept_until_content_changes(db, settings, django_assert_num_queries):
    settings.CACHE_COUNT_SECONDS = 300
    field = make_field_of_work("Elections")
    first, second = (
        make_news_item(f"Item {n}", fields_of_work=[field], publish_at=at(2024, 1, n + 1))
        for n in range(2)
    )
    assert related_items(first) == [second]
    page_item = type(first).objects.for_detail().get(pk=first.pk)
    with django_assert_num_queries(1):  # the related rows by key: their keys are kept
        assert related_items(page_item) == [second]

    newest = make_news_item("Newest", fields_of_work=[field], publish_at=at(2024, 2, 1))
    assert related_items(first) == [newest, second]
    second.title = "Second, retitled"
    second.save()
    assert [item.title for item in related_items(first)] == ["Newest", "Second, retitled"]
    newest.delete()
    assert related_items(first) == [second]
