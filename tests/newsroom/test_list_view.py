import re

import pytest
from django.test.utils import override_script_prefix
from django.utils import timezone

from tests.factories import make_field_of_work, make_news_item, make_news_type
from tests.newsroom.conftest import news

pytestmark = pytest.mark.django_db


def text_of(response, tag):
    html = response.content.decode()
    match = re.search(rf"<{tag}[^>]*>(.*?)</{tag}>", html, re.DOTALL)
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", match.group(1))).strip()


def test_newsroom_lists_items_with_their_details(client, newsroom):
    response = client.get("/newsroom/")
    assert response.status_code == 200
    html = response.content.decode()
    assert text_of(response, "h1") == "Newsroom"
    assert text_of(response, "title") == "Newsroom | OSCE"
    assert html.index("Spot report on a checkpoint") < html.index("Border officers trained")
    assert 'href="/newsroom/observers-deployed-for-kosovo-elections-' in html
    assert "PRISTINA" in html
    assert 'href="/structures/mission-in-kosovo/"' in html
    assert 'href="/fields-of-work/elections/"' in html
    assert "Election observers arrive in Pristina." in html
    assert "Draft about elections" not in html
    assert "Scheduled about elections" not in html


def test_newsroom_heading_counts_one_type_in_plural(client, newsroom):
    response = client.get("/newsroom/?type=press-release&field=elections")
    assert text_of(response, "h1") == "1 press release about Elections"
    response = client.get("/newsroom/?type=press-release")
    assert text_of(response, "h1") == "2 press releases"
    assert text_of(response, "title") == "2 press releases | OSCE"


def test_newsroom_heading_uses_plural_name_and_joins_values(client, newsroom):
    response = client.get("/newsroom/?type=news&type=spot-report")
    assert text_of(response, "h1") == "2 news items and spot reports"
    response = client.get("/newsroom/?field=elections&country=kosovo&country=serbia")
    assert text_of(response, "h1") == "News about Elections in Kosovo or Serbia"


def test_newsroom_heading_describes_tags_search_and_dates(client, newsroom):
    response = client.get("/newsroom/?tag=water&q=observers&from=2024-03-01&to=2024-03-31")
    assert text_of(response, "h1") == (
        "News tagged “water” matching “observers” from 1 March 2024 to 31 March 2024"
    )


def test_newsroom_chips_remove_one_value_each(client, newsroom):
    response = client.get("/newsroom/?field=elections&field=gender-equality&country=kosovo")
    html = response.content.decode()
    assert 'href="/newsroom/?field=gender-equality&amp;country=kosovo"' in html
    assert 'href="/newsroom/?field=elections&amp;country=kosovo"' in html
    assert 'href="/newsroom/?field=elections&amp;field=gender-equality"' in html
    assert "Clear all filters" in html
    assert "Country: Kosovo" in html


def test_newsroom_chips_and_crumbs_follow_the_url_configuration(client, newsroom):
    with override_script_prefix("/osce/"):
        html = client.get("/newsroom/?field=elections&country=kosovo").content.decode()
        tag_page = client.get("/newsroom/tags/water/").content.decode()

    assert 'href="/osce/newsroom/?country=kosovo"' in html
    assert 'href="/osce/newsroom/?field=elections"' in html
    assert '"name":"Newsroom","item":"http://testserver/osce/newsroom/"' in tag_page


def test_newsroom_without_filters_has_no_chips(client, newsroom):
    assert "Clear all filters" not in client.get("/newsroom/").content.decode()


def test_newsroom_facet_checkboxes_with_counts_and_labels(client, newsroom):
    html = client.get("/newsroom/?country=kosovo").content.decode()
    assert "<legend>What we do</legend>" in html
    assert (
        '<input type="checkbox" id="country-kosovo" name="country" value="kosovo" checked>' in html
    )
    assert '<label for="field-elections">Elections <span class="count">(1)</span>' in html
    assert 'id="field-gender-equality"' not in html  # zero in Kosovo: hidden


def test_newsroom_notes_report_ignored_values(client, newsroom):
    response = client.get("/newsroom/?country=xyz&field=elections")
    assert response.status_code == 200
    html = response.content.decode()
    assert "ignored: unknown country &#x27;xyz&#x27;" in html
    assert text_of(response, "h1") == "News about Elections"


def test_newsroom_feed_links_follow_the_filter(client, newsroom):
    html = client.get("/newsroom/?field=elections&sort=oldest&page=1&bad=1").content.decode()
    assert 'type="application/rss+xml"' in html
    assert 'href="/newsroom/rss/?field=elections"' in html
    assert 'href="/newsroom/atom/?field=elections"' in html


def test_newsroom_paginates_20_and_keeps_filters(client, db):
    field = make_field_of_work("Elections")
    for n in range(45):
        news(f"Item {n}", fields=[field], publish_at=timezone.now() - timezone.timedelta(hours=n))
    first = client.get("/newsroom/?field=elections")
    assert first.content.decode().count('class="news-summary"') == 20
    assert 'href="?field=elections&amp;page=2"' in first.content.decode()
    third = client.get("/newsroom/?field=elections&page=3")
    assert third.content.decode().count('class="news-summary"') == 5
    assert text_of(third, "title") == "News about Elections – page 3 | OSCE"
    assert 'rel="prev" href="?field=elections&amp;page=2"' in third.content.decode()


def test_newsroom_page_numbers_are_compact(client, db):
    for n in range(20 * 12):
        make_news_item(f"Item {n}")
    html = client.get("/newsroom/?page=6").content.decode()
    pages = re.findall(r'href="\?page=(\d+)"', html)
    assert set(pages) == {"1", "4", "5", "7", "8", "12"}
    assert '<span aria-current="page"><span class="visually-hidden">Page </span>6' in html
    assert html.count('class="ellipsis"') == 2


def test_newsroom_non_numeric_page_is_page_one_with_note(client, newsroom):
    response = client.get("/newsroom/?page=abc")
    assert response.status_code == 200
    assert "is not a page number; showing page 1" in response.content.decode()


@pytest.mark.parametrize("page", ["999999", "2", "99999999999999999999999"])
def test_newsroom_page_past_the_end_is_404(client, newsroom, page):
    assert client.get(f"/newsroom/?page={page}").status_code == 404


def test_newsroom_empty_result_is_200(client, newsroom):
    response = client.get("/newsroom/?field=elections&tag=youth")
    assert response.status_code == 200
    assert "No news matches these filters." in response.content.decode()


def test_newsroom_links_stylesheet_and_deferred_script(client, newsroom):
    html = client.get("/newsroom/").content.decode()
    assert '<link rel="stylesheet" href="/static/css/newsroom.css">' in html
    assert '<script src="/static/js/newsroom.js" defer></script>' in html
    assert "<script>" not in html
    assert "style=" not in html
    assert " onchange" not in html


def make_rich_items(count):
    kinds = [make_news_type("News"), make_news_type("Press release")]
    fields = [make_field_of_work("Elections"), make_field_of_work("Gender equality")]
    for n in range(count):
        item = news(
            f"Election observers number {n}",
            news_type=kinds[n % 2],
            fields=fields,
            tags=["water", f"tag-{n % 7}"],
        )
        item.structures.set([])
    return item


@pytest.mark.parametrize("count", [5, 60])
@pytest.mark.parametrize(
    "query",
    [
        "",
        "field=elections&type=news&type=press-release&tag=water&country=nope&from=2000-01-01",
        "q=observers&field=elections&structure=nope",
    ],
)
def test_newsroom_query_count_constant(client, django_assert_max_num_queries, count, query):
    make_rich_items(count)
    with django_assert_max_num_queries(15):
        response = client.get(f"/newsroom/?{query}")
    assert response.status_code == 200
    assert response.content.decode().count('class="news-summary"') == min(count, 20)


def test_newsroom_skip_link_jumps_past_the_filters(client, newsroom):
    html = client.get("/newsroom/?type=press-release").content.decode()
    assert '<a href="#results-heading">Skip the filters: go to the 2 results</a>' in html
    assert 'id="results-heading"' in html


@pytest.mark.django_db
def test_list_says_when_the_source_gave_no_date(client):
    make_news_item("Dated report", publish_at=timezone.now() - timezone.timedelta(days=1))
    make_news_item("Background article", undated=True, publish_at=timezone.now())

    html = client.get("/newsroom/").content.decode()
    background = html[html.index("Background article") :]
    dated = html[html.index("Dated report") :]

    assert "Date not given by the source" in background[: background.index("</article>")]
    assert "Date not given by the source" not in dated[: dated.index("</article>")]
