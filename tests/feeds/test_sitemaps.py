import re
import xml.etree.ElementTree as ET

import pytest
from django.utils import timezone

from osce_site.sitemaps import NewsItemSitemap
from structures.models import Country, FieldOfWork, Structure
from tests.factories import make_news_items

SM = {"sm": "http://www.sitemaps.org/schemas/sitemap/0.9"}


def sitemap_urls(client, **extra):
    """Every <url> of every section page the index lists: {loc: lastmod}."""
    index = client.get("/sitemap.xml", **extra)
    assert index.status_code == 200
    root = ET.fromstring(index.content)
    assert root.tag == "{http://www.sitemaps.org/schemas/sitemap/0.9}sitemapindex"
    urls = {}
    for loc in root.findall("sm:sitemap/sm:loc", SM):
        section_url = loc.text.split("://", 1)[1].split("/", 1)[1]
        response = client.get("/" + section_url, **extra)
        assert response.status_code == 200
        section = ET.fromstring(response.content)
        for url in section.findall("sm:url", SM):
            urls[url.findtext("sm:loc", namespaces=SM)] = url.findtext("sm:lastmod", namespaces=SM)
    return urls


@pytest.mark.django_db
def test_sitemap_lists_every_public_record_and_no_draft_or_future(client, newsroom):
    newsroom.draft.tags.add("secret-plan")
    newsroom.future.tags.add("embargoed")
    urls = sitemap_urls(client)
    assert not any("secret-plan" in url or "embargoed" in url for url in urls)
    for item in newsroom.items:
        assert f"http://testserver{item.get_absolute_url()}" in urls
    assert f"http://testserver{newsroom.draft.get_absolute_url()}" not in urls
    assert f"http://testserver{newsroom.future.get_absolute_url()}" not in urls
    for model in (FieldOfWork, Structure, Country):
        for obj in model.objects.all():
            assert f"http://testserver{obj.get_absolute_url()}" in urls
    for path in [
        "/",
        "/newsroom/",
        "/publications/",
        "/fields-of-work/",
        "/structures/",
        "/field-operations/",
        "/countries/",
        "/meetings/",
        "/about/",
    ]:
        assert f"http://testserver{path}" in urls
    for tag in ("youth", "training"):
        assert f"http://testserver/newsroom/tags/{tag}/" in urls
    # news, then topics, structures, countries and list pages (with /publications/) in each
    # of the six languages, tags in the language of their news
    assert len(urls) == len(newsroom.items) + 6 * (2 + 2 + 2 + 9) + 2


@pytest.mark.django_db
def test_sitemap_news_lastmod_is_the_items_latest_change(client, newsroom):
    urls = sitemap_urls(client)
    item = newsroom.items[0]
    lastmod = urls[f"http://testserver{item.get_absolute_url()}"]
    # Django's sitemap template writes W3C dates (YYYY-MM-DD) in the site's time zone.
    assert lastmod == timezone.localdate(max(item.updated_at, item.publish_at)).isoformat()
    assert urls["http://testserver/newsroom/"]


@pytest.mark.django_db
def test_sitemap_index_paginates_sections(client, newsroom, monkeypatch):
    monkeypatch.setattr(NewsItemSitemap, "limit", 2)
    index = client.get("/sitemap.xml").content.decode()
    assert "/sitemap-news.xml?p=3" in index
    assert "/sitemap-news.xml?p=4" not in index
    urls = sitemap_urls(client)
    assert all(f"http://testserver{item.get_absolute_url()}" in urls for item in newsroom.items)
    assert client.get("/sitemap-news.xml?p=4").status_code == 404


@pytest.mark.django_db
def test_sitemap_uses_the_request_scheme(client, newsroom):
    urls = sitemap_urls(client, secure=True)
    assert urls
    assert all(url.startswith("https://testserver/") for url in urls)


@pytest.mark.django_db
@pytest.mark.parametrize("n", [5, 60])
def test_sitemap_queries_constant(client, django_assert_num_queries, n):
    make_news_items(n)
    # count + items
    with django_assert_num_queries(2):
        assert client.get("/sitemap-news.xml").status_code == 200
    # news, topics, structures, countries, publications, publication files: a count and a
    # MAX each; tags: one; list pages: none
    with django_assert_num_queries(13):
        assert client.get("/sitemap.xml").status_code == 200


@pytest.mark.django_db
def test_sitemap_unknown_section_is_404(client):
    assert client.get("/sitemap-nothing.xml").status_code == 404


def test_robots_points_at_sitemap_and_keeps_out_of_admin(client):
    response = client.get("/robots.txt")
    assert response.status_code == 200
    assert response.headers["Content-Type"].startswith("text/plain")
    text = response.content.decode()
    assert re.search(r"^User-agent: \*$", text, re.M)
    assert re.search(r"^Disallow: /admin/$", text, re.M)
    assert re.search(r"^Sitemap: http://testserver/sitemap\.xml$", text, re.M)
    secure = client.get("/robots.txt", secure=True).content.decode()
    assert "Sitemap: https://testserver/sitemap.xml" in secure
