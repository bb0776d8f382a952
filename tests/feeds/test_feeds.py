import re
import xml.etree.ElementTree as ET
from datetime import datetime, timedelta
from html.parser import HTMLParser

import feedparser
import pytest
from django.utils import timezone

from newsroom.models import NewsItem
from tests.factories import make_news_item, make_news_items
from tests.feeds.fetch import NS, fetch_feed

FEEDS = ["/newsroom/rss/", "/newsroom/atom/"]

VARIANTS = {
    "unfiltered": "",
    "type": "type=press-release",
    "field": "field=elections",
    "field-or": "field=elections&field=border-management",
    "structure": "structure=odihr",
    "country": "country=czechia",
    "tag": "tag=youth",
    "q": "q=water",
    "dates": "from={from_}&to={to}",
    "combined": "type=press-release&field=elections&country=ukraine",
    "empty": "type=news&structure=odihr",
}

RFC822 = re.compile(
    r"^(Mon|Tue|Wed|Thu|Fri|Sat|Sun), \d{2} "
    r"(Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) \d{4} \d{2}:\d{2}:\d{2} [+-]\d{4}$"
)
RFC3339 = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$")


def parse_rfc822(value):
    assert RFC822.match(value), value
    return datetime.strptime(value, "%a, %d %b %Y %H:%M:%S %z")


def parse_rfc3339(value):
    assert RFC3339.match(value), value
    return datetime.fromisoformat(value.replace("Z", "+00:00"))


def variant_query(name):
    today = timezone.localdate()
    return VARIANTS[name].format(
        from_=(today - timedelta(days=3)).isoformat(), to=(today - timedelta(days=2)).isoformat()
    )


class SummaryParser(HTMLParser):
    """(href, title) of each item on a list page: the link in each news summary's heading."""

    def __init__(self):
        super().__init__()
        self.items = []
        self._in_summary = self._in_heading = False
        self._link = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "article" and "news-summary" in (attrs.get("class") or "").split():
            self._in_summary = True
        elif tag == "h3" and self._in_summary:
            self._in_heading = True
        elif tag == "a" and self._in_heading:
            self._link = [attrs["href"], ""]

    def handle_endtag(self, tag):
        if tag == "a" and self._link is not None:
            self.items.append(tuple(self._link))
            self._link = None
        elif tag == "h3":
            self._in_heading = False
        elif tag == "article":
            self._in_summary = False

    def handle_data(self, data):
        if self._link is not None:
            self._link[1] += data


def list_page_items(client, query):
    """The newsroom list page's items for the same filter, newest first, as (link, title)."""
    response = client.get(f"/newsroom/?{query}&sort=newest")
    assert response.status_code == 200
    parser = SummaryParser()
    parser.feed(response.content.decode())
    return [(f"http://testserver{href}", title) for href, title in parser.items]


@pytest.mark.django_db
@pytest.mark.parametrize("feed", FEEDS)
@pytest.mark.parametrize("variant", list(VARIANTS))
def test_feed_matches_filtered_list_page(client, newsroom, feed, variant):
    query = variant_query(variant)
    expected = list_page_items(client, query)
    _, parsed = fetch_feed(client, f"{feed}?{query}")

    assert [(entry.link, entry.title) for entry in parsed.entries] == expected
    if variant == "empty":
        assert parsed.entries == []
    else:
        assert parsed.entries


@pytest.mark.django_db
def test_feed_expected_counts_per_filter(client, newsroom):
    counts = {
        "unfiltered": 5,
        "type": 3,
        "field": 3,
        "field-or": 4,
        "structure": 2,
        "country": 2,
        "tag": 2,
        "q": 1,
        "dates": 2,
        "combined": 2,
        "empty": 0,
    }
    for variant, count in counts.items():
        _, parsed = fetch_feed(client, f"/newsroom/rss/?{variant_query(variant)}")
        assert len(parsed.entries) == count, variant


@pytest.mark.django_db
def test_feed_never_lists_drafts_or_future_items(client, newsroom):
    for feed in FEEDS:
        response, parsed = fetch_feed(client, f"{feed}?field=elections")
        titles = {entry.title for entry in parsed.entries}
        assert newsroom.draft.title not in titles
        assert newsroom.future.title not in titles
        assert str(newsroom.future.uuid).encode() not in response.content


@pytest.mark.django_db
def test_feed_title_says_what_the_filter_is(client, newsroom):
    _, parsed = fetch_feed(client, "/newsroom/rss/?type=press-release&field=elections")
    assert parsed.feed.title == "OSCE news — Press releases about Elections"
    _, parsed = fetch_feed(client, "/newsroom/atom/?country=ukraine&structure=odihr&tag=youth")
    assert parsed.feed.title == "OSCE news — News from ODIHR in Ukraine tagged “youth”"
    _, parsed = fetch_feed(client, "/newsroom/rss/")
    assert parsed.feed.title == "OSCE news"
    assert parsed.feed.description


@pytest.mark.django_db
@pytest.mark.parametrize("feed", FEEDS)
def test_feed_entry_has_every_field(client, newsroom, feed):
    item = newsroom.items[2]
    _, parsed = fetch_feed(client, f"{feed}?q=water")
    (entry,) = parsed.entries
    assert entry.id == f"urn:uuid:{item.uuid}"
    assert entry.title == item.title
    assert entry.link == f"http://testserver{item.get_absolute_url()}"
    assert entry.summary == item.lead
    assert "water rights &amp; voting" in entry.content[0].value
    assert {tag.term for tag in entry.tags} == {
        "Press release",
        "Elections",
        "ODIHR",
        "Ukraine",
        "Czechia",
    }
    assert entry.author == "ODIHR"
    assert entry.published_parsed[:6] == item.publish_at.utctimetuple()[:6]
    if feed.endswith("atom/"):
        assert entry.updated_parsed is not None


@pytest.mark.django_db
def test_feed_author_is_the_source_when_given(client, newsroom):
    _, parsed = fetch_feed(client, "/newsroom/atom/?type=press-release")
    assert parsed.entries[-1].author == "OSCE Chairpersonship"


@pytest.mark.django_db
def test_rss_feed_structure_and_rfc822_dates(client, newsroom):
    response = client.get("/newsroom/rss/?field=elections&limit=2")
    root = ET.fromstring(response.content)
    assert root.tag == "rss"
    assert root.get("version") == "2.0"
    channel = root.find("channel")
    self_link = channel.find("atom:link", NS)
    assert self_link.get("rel") == "self"
    assert self_link.get("href") == "http://testserver/newsroom/rss/?field=elections&limit=2"
    assert channel.findtext("link") == "http://testserver/newsroom/?field=elections"
    items = channel.findall("item")
    assert len(items) == 2
    newest, second = newsroom.items[0], newsroom.items[2]
    build_date = parse_rfc822(channel.findtext("lastBuildDate"))
    latest = max(newest.updated_at, newest.publish_at, second.updated_at, second.publish_at)
    assert build_date == latest.replace(microsecond=0)
    for element in items:
        guid = element.find("guid")
        assert guid.get("isPermaLink") == "false"
        assert guid.text.startswith("urn:uuid:")
        parse_rfc822(element.findtext("pubDate"))
        assert element.find("content:encoded", NS) is not None or element.findtext("description")
    assert parse_rfc822(items[0].findtext("pubDate")) == newest.publish_at.replace(microsecond=0)


@pytest.mark.django_db
def test_atom_feed_structure_and_rfc3339_dates(client, newsroom):
    response = client.get("/newsroom/atom/?field=elections")
    root = ET.fromstring(response.content)
    assert root.tag == "{http://www.w3.org/2005/Atom}feed"
    links = {link.get("rel"): link.get("href") for link in root.findall("atom:link", NS)}
    assert links["self"] == "http://testserver/newsroom/atom/?field=elections"
    assert links["alternate"] == "http://testserver/newsroom/?field=elections"
    entries = root.findall("atom:entry", NS)
    assert len(entries) == 3
    newest_entry_update = max(
        parse_rfc3339(e.findtext("atom:updated", namespaces=NS)) for e in entries
    )
    assert parse_rfc3339(root.findtext("atom:updated", namespaces=NS)) == newest_entry_update
    for entry in entries:
        published = parse_rfc3339(entry.findtext("atom:published", namespaces=NS))
        updated = parse_rfc3339(entry.findtext("atom:updated", namespaces=NS))
        assert updated >= published
        assert entry.findtext("atom:id", namespaces=NS).startswith("urn:uuid:")
        assert entry.find("atom:author/atom:name", NS).text


@pytest.mark.django_db
def test_empty_feed_is_valid_not_404(client, newsroom):
    for feed in FEEDS:
        _response, parsed = fetch_feed(client, f"{feed}?type=news&structure=odihr")
        assert parsed.entries == []
        assert parsed.feed.title == "OSCE news — News from ODIHR"


@pytest.mark.django_db
@pytest.mark.parametrize(
    "query",
    [
        "type=no-such-type",
        "field=elections&field=nowhere",
        "from=2024-13-45&to=yesterday",
        "limit=abc",
        "limit=-5",
        "limit=0",
        "page=abc",
        "sort=sideways",
        "country=%00%ff",
        "unknown=1",
    ],
)
def test_feed_bad_parameters_never_500(client, newsroom, query):
    for feed in FEEDS:
        _, parsed = fetch_feed(client, f"{feed}?{query}")
        assert len(parsed.entries) <= 20


@pytest.mark.django_db
def test_feed_oversized_query_is_refused_with_400_not_500(client, newsroom):
    for feed in FEEDS:  # input limits (osce_site/limits.py): q is capped at 200 characters
        assert client.get(f"{feed}?q={'x' * 10_000}").status_code == 400


@pytest.mark.django_db
def test_feed_reports_ignored_parameters(client, newsroom):
    _, parsed = fetch_feed(client, "/newsroom/rss/?type=no-such-type&field=elections")
    assert "could not be used" in parsed.feed.description
    assert "no-such-type" in parsed.feed.description
    assert parsed.feed.title == "OSCE news — News about Elections"


@pytest.mark.django_db
def test_feed_limit_defaults_to_20_and_caps_at_100(client):
    NewsItem.objects.bulk_create(
        NewsItem(
            title=f"Bulk item {n}",
            slug=f"bulk-item-{n}",
            status=NewsItem.Status.PUBLISHED,
            publish_at=timezone.now() - timedelta(minutes=n),
        )
        for n in range(105)
    )
    assert len(fetch_feed(client, "/newsroom/rss/")[1].entries) == 20
    assert len(fetch_feed(client, "/newsroom/rss/?limit=7")[1].entries) == 7
    assert len(fetch_feed(client, "/newsroom/atom/?limit=100")[1].entries) == 100
    assert len(fetch_feed(client, "/newsroom/atom/?limit=500")[1].entries) == 100
    assert len(fetch_feed(client, "/newsroom/atom/?limit=nonsense")[1].entries) == 20


@pytest.mark.django_db
@pytest.mark.parametrize("feed", FEEDS)
def test_feed_guid_survives_slug_and_title_change(client, newsroom, feed):
    item = newsroom.items[0]
    _, before = fetch_feed(client, feed)
    item.slug = "a-completely-new-slug"
    item.title = "A completely new title"
    item.save()
    _, after = fetch_feed(client, feed)
    assert before.entries[0].id == after.entries[0].id == f"urn:uuid:{item.uuid}"
    assert after.entries[0].link.endswith("/newsroom/a-completely-new-slug/")
    assert after.entries[0].title == "A completely new title"


@pytest.mark.django_db
@pytest.mark.parametrize("feed", FEEDS)
def test_feed_escapes_and_cleans_unsafe_html(client, feed):
    item = make_news_item(
        "<script>alert('title')</script> & friends",
        lead="Lead with <b>markup</b> & ampersands",
    )
    # Rows written before cleaning existed (or by raw SQL) must still be cleaned in feeds.
    NewsItem.objects.filter(pk=item.pk).update(
        body='<p>Safe</p><script>alert(1)</script><img src="x" onerror="alert(2)">'
        '<a href="javascript:alert(3)">link</a><a href="https://www.osce.org/">ok</a>'
    )
    response, parsed = fetch_feed(client, feed)
    raw = response.content.decode()
    assert "<script" not in raw
    assert "<img" not in raw
    (entry,) = parsed.entries
    content = ET.fromstring(response.content)
    body = "".join(
        el.text or ""
        for el in content.iter()
        if el.tag
        in ("{http://purl.org/rss/1.0/modules/content/}encoded", f"{{{NS['atom']}}}content")
    )
    assert "<p>Safe</p>" in body
    assert "script" not in body
    assert "onerror" not in body
    assert "javascript:" not in body
    assert 'href="https://www.osce.org/"' in body
    assert entry.title == "<script>alert('title')</script> & friends"


@pytest.mark.django_db
@pytest.mark.parametrize("feed", FEEDS)
@pytest.mark.parametrize("n", [5, 60])
def test_feed_queries_constant(client, django_assert_num_queries, newsroom, feed, n):
    for item in make_news_items(n):
        item.fields_of_work.add(newsroom.elections)
        item.tags.add("youth")
    # two for ETag/Last-Modified, the items, then one prefetch each for
    # structures, fields of work, countries and tags.
    with django_assert_num_queries(7):
        response = client.get(f"{feed}?limit=100")
    assert len(feedparser.parse(response.content).entries) == min(n + 5, 100)
    # A filter adds one query per facet to resolve its slugs.
    with django_assert_num_queries(9):
        client.get(f"{feed}?limit=100&field=elections&tag=youth")


@pytest.mark.django_db
@pytest.mark.parametrize("query", ["sort=oldest", "q=border&sort=relevance", "q=border"])
def test_feed_is_always_newest_first(client, newsroom, query):
    _, parsed = fetch_feed(client, f"/newsroom/atom/?{query}")
    published = [entry.published_parsed for entry in parsed.entries]
    assert len(published) >= 2
    assert published == sorted(published, reverse=True)
