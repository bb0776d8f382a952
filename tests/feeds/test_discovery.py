"""Every page with a subject links to its own filtered feeds, visibly and for autodiscovery,
and describes its breadcrumbs as schema.org JSON-LD."""

import json
import re
from html import unescape
from html.parser import HTMLParser

import pytest

from tests.feeds.fetch import fetch_feed

JSONLD = re.compile(r'<script type="application/ld\+json">(.*?)</script>', re.S)


class LinkParser(HTMLParser):
    def __init__(self):
        super().__init__()
        self.alternates = {}
        self.anchors = []
        self.crumbs = []
        self._in_crumbs = False
        self._anchor = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "link" and attrs.get("rel") == "alternate" and "type" in attrs:
            self.alternates[attrs["type"]] = attrs
        elif tag == "nav" and attrs.get("aria-label") == "Breadcrumb":
            self._in_crumbs = True
        elif tag == "a":
            self._anchor = [attrs.get("href"), ""]
            self.anchors.append(self._anchor)

    def handle_endtag(self, tag):
        if tag == "nav":
            self._in_crumbs = False
        elif tag == "a":
            self._anchor = None

    def handle_data(self, data):
        if self._anchor is not None:
            self._anchor[1] += data
        if self._in_crumbs and data.strip():
            self.crumbs.append(data.strip())


def parse(client, url):
    response = client.get(url)
    assert response.status_code == 200
    parser = LinkParser()
    parser.feed(response.content.decode())
    return response, parser


def subject_pages(newsroom):
    return {
        newsroom.elections.get_absolute_url(): f"field={newsroom.elections.slug}",
        newsroom.odihr.get_absolute_url(): f"structure={newsroom.odihr.slug}",
        newsroom.ukraine.get_absolute_url(): f"country={newsroom.ukraine.slug}",
    }


@pytest.mark.django_db
def test_subject_pages_link_their_filtered_feeds(client, newsroom):
    for url, query in subject_pages(newsroom).items():
        response, page = parse(client, url)
        rss = page.alternates["application/rss+xml"]["href"]
        atom = page.alternates["application/atom+xml"]["href"]
        assert rss == f"/newsroom/rss/?{query}"
        assert atom == f"/newsroom/atom/?{query}"
        # The visible "Subscribe" links point at the same feeds.
        assert "Subscribe" in response.content.decode()
        anchors = {(href, text.strip()) for href, text in page.anchors}
        assert (rss, "RSS") in anchors, url
        assert (atom, "Atom") in anchors, url
        _, feed = fetch_feed(client, rss)
        assert feed.entries
        assert feed.feed.title.startswith("OSCE news — ")


@pytest.mark.django_db
def test_subject_pages_breadcrumb_jsonld_matches_visible_breadcrumbs(client, newsroom):
    for url in subject_pages(newsroom):
        response, page = parse(client, url)
        blocks = [json.loads(block) for block in JSONLD.findall(response.content.decode())]
        (crumbs,) = [block for block in blocks if block["@type"] == "BreadcrumbList"]
        names = [element["name"] for element in crumbs["itemListElement"]]
        assert names == [unescape(text) for text in page.crumbs], url
        assert [e["position"] for e in crumbs["itemListElement"]] == list(range(1, len(names) + 1))
        assert crumbs["itemListElement"][-1]["item"] == f"http://testserver{url}"
        assert crumbs["itemListElement"][0]["item"] == "http://testserver/"


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("query", "feed_query", "title"),
    [
        ("", "", "OSCE news"),
        ("type=press-release&field=elections&page=1", "type=press-release&field=elections", None),
        # Unknown values and `sort` are left out of the feed links.
        ("country=ukraine&country=atlantis&sort=oldest", "country=ukraine", None),
    ],
)
def test_newsroom_pages_link_the_feeds_of_their_current_filter(
    client, newsroom, query, feed_query, title
):
    response, page = parse(client, f"/newsroom/?{query}")
    suffix = f"?{feed_query}" if feed_query else ""
    rss = page.alternates["application/rss+xml"]
    atom = page.alternates["application/atom+xml"]
    assert rss["href"] == f"/newsroom/rss/{suffix}"
    assert atom["href"] == f"/newsroom/atom/{suffix}"
    anchors = {(href, text.strip()) for href, text in page.anchors}
    assert (rss["href"], "RSS") in anchors
    assert (atom["href"], "Atom") in anchors
    assert "Subscribe" in response.content.decode()
    _, feed = fetch_feed(client, rss["href"])
    # The link's title names the same filter as the feed's own title.
    assert rss["title"] == f"{feed.feed.title} (RSS)"
    if title:
        assert feed.feed.title == title


@pytest.mark.django_db
def test_tag_page_links_its_feeds(client, newsroom):
    _, page = parse(client, "/newsroom/tags/youth/")
    assert page.alternates["application/rss+xml"]["href"] == "/newsroom/rss/?tag=youth"
    assert page.alternates["application/atom+xml"]["href"] == "/newsroom/atom/?tag=youth"
    assert ("/newsroom/rss/?tag=youth", "RSS") in {(h, t.strip()) for h, t in page.anchors}
    _, feed = fetch_feed(client, "/newsroom/atom/?tag=youth")
    assert len(feed.entries) == 2


@pytest.mark.django_db
@pytest.mark.parametrize("url", ["/newsroom/", "/newsroom/tags/youth/"])
def test_newsroom_pages_breadcrumb_jsonld_matches_visible_breadcrumbs(client, newsroom, url):
    response, page = parse(client, url)
    blocks = [json.loads(block) for block in JSONLD.findall(response.content.decode())]
    (crumbs,) = [block for block in blocks if block["@type"] == "BreadcrumbList"]
    assert [e["name"] for e in crumbs["itemListElement"]] == [unescape(t) for t in page.crumbs]


@pytest.mark.django_db
def test_newsitem_page_has_canonical_open_graph_and_newsarticle(client, newsroom):
    item = newsroom.items[2]
    response = client.get(item.get_absolute_url())
    html = response.content.decode()
    url = f"http://testserver{item.get_absolute_url()}"
    assert html.count('rel="canonical"') == 1
    assert f'<link rel="canonical" href="{url}">' in html
    assert f'<meta property="og:url" content="{url}">' in html
    assert '<meta name="twitter:card"' in html
    blocks = [json.loads(block) for block in JSONLD.findall(html)]
    (article,) = [block for block in blocks if block["@type"] == "NewsArticle"]
    assert article["headline"] == item.title
    assert article["url"] == url
    for key in ("datePublished", "dateModified", "publisher", "about", "author"):
        assert article[key], key
    (crumbs,) = [block for block in blocks if block["@type"] == "BreadcrumbList"]
    assert [e["name"] for e in crumbs["itemListElement"]] == ["Home", "Newsroom", item.title]
