"""The newsroom's order: the source's date, undated items at the end of the archive unless an
editor places them. An undated item imported today must never lead a list or a feed."""

from datetime import timedelta

import feedparser
import pytest
from django.db import IntegrityError, transaction
from django.utils import timezone

from newsroom.models import ARCHIVE_END, NewsItem
from tests.factories import at, make_field_of_work, make_news_item, make_news_type

pytestmark = pytest.mark.django_db

UNDATED = "Undated background article"


@pytest.fixture
def archive(db):
    """21 dated items from 2010 on (more than a page), and an undated one imported just now."""
    news = make_news_type("News")
    elections = make_field_of_work("Elections")
    dated = [
        make_news_item(
            f"Dated report {n}",
            publish_at=at(2010 + n // 12, n % 12 + 1, 5),
            news_type=news,
            fields_of_work=[elections],
            tags=["youth"],
        )
        for n in range(21)
    ]
    undated = make_news_item(
        UNDATED,
        lead="Background to the report.",
        undated=True,
        publish_at=timezone.now() - timedelta(minutes=1),
        news_type=news,
        fields_of_work=[elections],
        tags=["youth"],
    )
    return dated, undated


def test_sort_date_is_the_date_or_the_end_of_the_archive(archive):
    dated, undated = archive
    assert dated[0].sort_date == dated[0].publish_at
    assert undated.sort_date == ARCHIVE_END
    assert ARCHIVE_END < NewsItem.objects.filter(undated=False).order_by("sort_date")[0].sort_date


def test_sort_date_follows_every_write(archive):
    dated, undated = archive
    moved = at(2001, 2, 3)
    NewsItem.objects.filter(pk=dated[0].pk).update(publish_at=moved)  # no save() involved
    NewsItem.objects.filter(pk=undated.pk).update(placed_at=at(2000, 1, 1))
    assert NewsItem.objects.get(pk=dated[0].pk).sort_date == moved
    assert NewsItem.objects.get(pk=undated.pk).sort_date == at(2000, 1, 1)
    (bulk,) = NewsItem.objects.bulk_create([NewsItem(title="Bulk", slug="bulk", undated=True)])
    assert NewsItem.objects.get(pk=bulk.pk).sort_date == ARCHIVE_END


@pytest.mark.parametrize(
    "url",
    [
        "/newsroom/",
        "/newsroom/?type=news",
        "/newsroom/?field=elections&type=news",
        "/newsroom/tags/youth/",
        "/newsroom/?q=report&sort=newest",
    ],
)
def test_sort_date_undated_item_never_on_page_one(client, archive, url):
    def titles(page):
        response = client.get(f"{url}{'&' if '?' in url else '?'}page={page}")
        return [item.title for item in response.context["page_obj"].object_list]

    page_one = titles(1)
    assert page_one[0] == "Dated report 20"
    assert UNDATED not in page_one
    assert titles(2)[-1] == UNDATED  # after every dated item


@pytest.mark.parametrize("feed", ["/newsroom/rss/", "/newsroom/atom/?field=elections"])
def test_sort_date_undated_item_never_leads_a_feed(client, archive, settings, feed):
    settings.CACHE_PAGE_SECONDS = 0
    entries = feedparser.parse(client.get(feed).content).entries
    assert entries[0].title == "Dated report 20"
    assert UNDATED not in [entry.title for entry in entries]  # 20 newest of 22
    everything = feedparser.parse(
        client.get(f"{feed}{'&' if '?' in feed else '?'}limit=100").content
    )
    assert everything.entries[-1].title == UNDATED


def test_sort_date_home_page_leads_with_dated_news(client, archive):
    html = client.get("/").content.decode()
    assert "Dated report 20" in html
    assert UNDATED not in html


def test_sort_date_editor_places_an_undated_item(client, archive):
    _, undated = archive
    undated.placed_at = at(2011, 6, 1)  # between reports 16 (May 2011) and 17 (June 2011)
    undated.save()
    html = client.get("/newsroom/").content.decode()
    assert html.index("Dated report 18") < html.index(UNDATED) < html.index("Dated report 16")
    detail = client.get(undated.get_absolute_url()).content.decode()
    assert "Date not given by the source" in detail  # placing it does not invent a date


def test_sort_date_undated_item_neighbours_follow_the_newsroom(client, archive):
    dated, undated = archive
    oldest = client.get(dated[0].get_absolute_url()).context
    assert oldest["previous_item"] == undated
    context = client.get(undated.get_absolute_url()).context
    assert context["next_item"] == dated[0]
    assert context["previous_item"] is None


def test_sort_date_date_filters_leave_out_unplaced_undated_items(client, archive):
    today = timezone.localdate().isoformat()
    html = client.get("/newsroom/", {"from": "2010-01-01", "to": today}).content.decode()
    assert "Dated report 20" in html
    assert UNDATED not in html  # imported today, but the source gave no date


def test_sort_date_undated_item_cannot_be_placed_after_it_appeared(archive):
    _, undated = archive
    undated.placed_at = undated.publish_at + timedelta(days=1)
    with pytest.raises(IntegrityError), transaction.atomic():
        undated.save()


def test_sort_date_oldest_first_ends_with_the_dated_archive(client, archive):
    """Oldest first starts at the archive's end, where unplaced undated items sort."""
    html = client.get("/newsroom/", {"sort": "oldest"}).content.decode()
    assert html.index(UNDATED) < html.index("Dated report 0<")


def test_sort_date_related_undated_item_is_not_given_a_date(client, db):
    elections = make_field_of_work("Elections")
    dated = make_news_item("Dated report", fields_of_work=[elections])
    make_news_item(UNDATED, undated=True, fields_of_work=[elections])
    html = client.get(dated.get_absolute_url()).content.decode()
    related = html[html.index(UNDATED) :]
    assert related.index("Date not given by the source") < related.index("</li>")
