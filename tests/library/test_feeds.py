"""Feeds carry the lead image as an enclosure and inline images with absolute URLs."""

import xml.etree.ElementTree as ET

import feedparser
import pytest

from newsroom.feeds import absolute_urls
from tests.factories import make_image, make_news_item

pytestmark = pytest.mark.django_db


@pytest.fixture
def illustrated(media):
    image = make_image("border.jpg")
    body = (
        f'<p>Text <img src="/media/{image.renditions[1]["name"]}" alt="Guards" width="960">'
        ' and <a href="/newsroom/">the newsroom</a> and <a href="https://example.org/">x</a></p>'
    )
    return make_news_item("Illustrated", published=True, lead_image=image, body=body), image


def test_feeds_rss_enclosure_has_url_type_and_length(client, illustrated):
    _, image = illustrated
    content = client.get("/newsroom/rss/").content
    (enclosure,) = ET.fromstring(content).iter("enclosure")
    assert enclosure.attrib == {
        "url": f"http://testserver/media/{image.file.name}",
        "length": str(image.file_size),
        "type": "image/jpeg",
    }
    (entry,) = feedparser.parse(content).entries
    assert entry.enclosures[0]["href"] == f"http://testserver/media/{image.file.name}"


def test_feeds_atom_enclosure_link(client, illustrated):
    _, image = illustrated
    parsed = feedparser.parse(client.get("/newsroom/atom/").content)
    assert not parsed.bozo
    (entry,) = parsed.entries
    (link,) = [link for link in entry.links if link["rel"] == "enclosure"]
    assert link["href"] == f"http://testserver/media/{image.file.name}"
    assert link["type"] == "image/jpeg"
    assert link["length"] == str(image.file_size)


@pytest.mark.parametrize("feed", ["/newsroom/rss/", "/newsroom/atom/"])
def test_feeds_inline_images_and_links_are_absolute(client, illustrated, feed):
    _, image = illustrated
    (entry,) = feedparser.parse(client.get(feed).content).entries
    html = entry.content[0]["value"]
    assert f'src="http://testserver/media/{image.renditions[1]["name"]}"' in html
    assert 'href="http://testserver/newsroom/"' in html
    assert 'href="https://example.org/"' in html


def test_feeds_items_without_image_have_no_enclosure(client, media):
    make_news_item(published=True)
    assert "<enclosure" not in client.get("/newsroom/rss/").content.decode()


def test_feeds_absolute_urls_rewrites_srcset_and_leaves_others():
    html = '<img src="/a.jpg" srcset="/a.480w.jpg 480w, /a.jpg 960w"><a href="//cdn.example/x">'
    result = absolute_urls(html, lambda url: f"https://www.osce.org{url}")
    assert 'src="https://www.osce.org/a.jpg"' in result
    assert 'srcset="https://www.osce.org/a.480w.jpg 480w, https://www.osce.org/a.jpg 960w"' in (
        result
    )
    assert 'href="//cdn.example/x"' in result


@pytest.mark.parametrize("n", [2, 25])
def test_feeds_queries_constant_with_lead_images(client, media, django_assert_num_queries, n):
    image = make_image()
    for _ in range(n):
        make_news_item(published=True, lead_image=image)
    with django_assert_num_queries(7):
        response = client.get("/newsroom/rss/?limit=100")
    assert response.content.decode().count("<enclosure") == n
