import json
import re

import pytest
from django.template import Context, Template
from django.test import RequestFactory

from newsroom.templatetags.discovery import jsonld_script
from tests.factories import make_image, make_news_item

JSONLD = re.compile(r'<script type="application/ld\+json">(.*?)</script>', re.S)


def render(source, path="/", **context):
    request = RequestFactory().get(path)
    return Template(source).render(Context({"request": request, **context}))


def jsonld_blocks(html):
    return [json.loads(block) for block in JSONLD.findall(html)]


@pytest.mark.django_db
def test_newsitem_meta_has_canonical_open_graph_and_twitter(newsroom):
    item = newsroom.items[0]
    html = render('{% include "includes/newsitem_meta.html" with item=item %}', item=item)
    url = f"http://testserver{item.get_absolute_url()}"
    assert f'<link rel="canonical" href="{url}">' in html
    assert f'<meta property="og:url" content="{url}">' in html
    assert f'<meta property="og:title" content="{item.title}">' in html
    assert '<meta property="og:type" content="article">' in html
    assert '<meta name="twitter:card" content="summary">' in html
    assert f'<meta name="twitter:title" content="{item.title}">' in html
    assert '<meta property="article:tag" content="youth">' in html


@pytest.mark.django_db
def test_newsitem_jsonld_has_required_properties(newsroom):
    item = newsroom.items[0]
    html = render('{% include "includes/newsitem_meta.html" with item=item %}', item=item)
    (data,) = jsonld_blocks(html)
    assert data["@context"] == "https://schema.org"
    assert data["@type"] == "NewsArticle"
    assert data["headline"] == item.title
    assert data["datePublished"] == item.publish_at.isoformat()
    assert data["dateModified"] == max(item.updated_at, item.publish_at).isoformat()
    assert data["publisher"]["@type"] == "Organization"
    assert data["publisher"]["alternateName"] == "OSCE"
    assert {thing["name"] for thing in data["about"]} == {"Elections", "Ukraine"}
    assert data["author"]["name"] == "ODIHR"
    assert data["mainEntityOfPage"]["@id"] == f"http://testserver{item.get_absolute_url()}"
    assert data["articleSection"] == "Press release"


@pytest.mark.django_db
def test_newsitem_jsonld_cannot_break_out_of_its_script():
    item = make_news_item(
        "</script><script>alert(1)</script> & <!-- more",
        lead="Lead </SCRIPT> here",
        source="Office </script>",
    )
    html = render('{% include "includes/newsitem_meta.html" with item=item %}', item=item)
    block = JSONLD.search(html).group(1)
    assert "<" not in block
    assert ">" not in block
    assert "&" not in block
    data = json.loads(block)
    assert data["headline"] == item.title
    assert data["description"] == item.lead
    assert html.count("<script") == 1


def test_jsonld_script_escapes_markup_characters():
    html = jsonld_script({"a": "<b>&</b>\u2028"})
    assert html == (
        '<script type="application/ld+json">{"a":"\\u003Cb\\u003E\\u0026\\u003C/b\\u003E\\u2028"}'
        "</script>"
    )
    assert json.loads(JSONLD.search(html).group(1)) == {"a": "<b>&</b>\u2028"}


def test_breadcrumb_jsonld_matches_visible_crumbs():
    crumbs = [("/fields-of-work/", "Fields of work"), (None, "Elections")]
    source = (
        '{% include "includes/breadcrumbs.html" %}{% include "includes/breadcrumb_jsonld.html" %}'
    )
    html = render(source, path="/fields-of-work/elections/", crumbs=crumbs)
    (data,) = jsonld_blocks(html)
    assert data["@type"] == "BreadcrumbList"
    elements = data["itemListElement"]
    assert [e["position"] for e in elements] == [1, 2, 3]
    assert [e["name"] for e in elements] == ["Home", "Fields of work", "Elections"]
    assert [e["item"] for e in elements] == [
        "http://testserver/",
        "http://testserver/fields-of-work/",
        "http://testserver/fields-of-work/elections/",
    ]
    visible = re.findall(r"<li>(?:<a href=\"[^\"]*\">|<span[^>]*>)([^<]+)<", html)
    assert visible == ["Home", "Fields of work", "Elections"]


def test_breadcrumb_jsonld_absent_without_crumbs():
    assert "ld+json" not in render('{% include "includes/breadcrumb_jsonld.html" %}')


@pytest.mark.django_db
def test_newsitem_meta_with_image_has_large_card_and_absolute_image(newsroom, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    item = newsroom.items[1]
    item.lead_image = make_image("border-training.jpg", alt="Officers at a border crossing")
    html = render('{% include "includes/newsitem_meta.html" with item=item %}', item=item)
    image_url = f"http://testserver/media/{item.lead_image.file.name}"
    card_url = f"http://testserver/media/{item.lead_image.social_card['name']}"
    assert f'<meta property="og:image" content="{card_url}">' in html
    assert '<meta property="og:image:alt" content="Officers at a border crossing">' in html
    assert '<meta name="twitter:card" content="summary_large_image">' in html
    assert f'<meta name="twitter:image" content="{card_url}">' in html
    (data,) = jsonld_blocks(html)
    assert data["image"] == [image_url]
