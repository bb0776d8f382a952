"""Videos as click-to-load placeholders, and the item page around what editors write."""

import re

import pytest

from newsroom.embeds import render_embeds, video_at
from tests.factories import make_news_item

EMBED = (
    '<figure class="embed"><a href="https://www.youtube.com/watch?v=dQw4w9WgXcQ&amp;t=5" '
    'rel="noopener noreferrer">Opening statement</a></figure>'
)


@pytest.mark.parametrize(
    ("url", "provider", "video_id"),
    [
        ("https://www.youtube.com/watch?v=dQw4w9WgXcQ", "YouTube", "dQw4w9WgXcQ"),
        ("https://youtu.be/dQw4w9WgXcQ?si=abc", "YouTube", "dQw4w9WgXcQ"),
        ("https://www.youtube.com/shorts/dQw4w9WgXcQ", "YouTube", "dQw4w9WgXcQ"),
        ("https://m.youtube.com/watch?feature=share&v=dQw4w9WgXcQ", "YouTube", "dQw4w9WgXcQ"),
        ("https://vimeo.com/76979871", "Vimeo", "76979871"),
        ("https://player.vimeo.com/video/76979871", "Vimeo", "76979871"),
    ],
)
def test_rich_text_embed_recognises_youtube_and_vimeo(url, provider, video_id):
    assert video_at(url) == video_at(url)  # frozen, comparable
    video = video_at(url)
    assert (video.provider, video.id) == (provider, video_id)


@pytest.mark.parametrize(
    "url",
    [
        "https://evil.example/watch?v=dQw4w9WgXcQ",
        "https://www.youtube.com.evil.example/x",
        "javascript:alert(1)",
        "https://vimeo.com/channels/staffpicks",
    ],
)
def test_rich_text_embed_ignores_other_addresses(url):
    assert video_at(url) is None


def test_rich_text_embed_renders_a_placeholder_that_loads_nothing_from_outside():
    html = render_embeds(EMBED)
    assert 'data-player="https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ?autoplay=1"' in html
    assert '<a class="video-embed-link" href="https://www.youtube.com/watch?v=dQw4w9WgXcQ">' in html
    assert "Watch the video on YouTube: Opening statement" in html
    assert "<iframe" not in html
    sources = re.findall(r'src="([^"]+)"', html)
    assert sources == ["/static/img/video-placeholder.svg"]


def test_rich_text_embed_of_an_unknown_address_stays_a_link():
    html = '<figure class="embed"><a href="https://example.org/v" rel="noopener noreferrer">'
    html += "V</a></figure>"
    assert render_embeds(html) == html


@pytest.mark.django_db
def test_item_page_shows_standfirst_body_and_click_to_load_video(client):
    item = make_news_item(
        slug="with-video",
        lead="Observers met the candidates.",
        body="<p>Body text.</p>" + EMBED,
    )
    response = client.get(item.get_absolute_url())
    page = response.content.decode()
    article = page[page.index("<article") : page.index("</article>")]
    assert article.index('<p class="standfirst">Observers met the candidates.</p>') < article.index(
        "<p>Body text.</p>"
    )
    assert "data-video-embed" in article
    assert "youtube.com" not in "".join(re.findall(r'src="([^"]+)"', page))
    assert "js/video-embed.js" in page
    csp = response["Content-Security-Policy"]
    frame_src = re.search(r"frame-src ([^;]+)", csp)[1].split()
    assert frame_src == ["https://www.youtube-nocookie.com", "https://player.vimeo.com"]


@pytest.mark.django_db
def test_item_page_without_body_shows_the_lead_once(client):
    item = make_news_item(slug="lead-only", lead="Only a lead.", body="")
    page = client.get(item.get_absolute_url()).content.decode()
    assert '<p class="standfirst">Only a lead.</p>' in page
    assert 'class="news-body"' not in page


@pytest.mark.django_db
def test_feed_carries_the_video_as_a_plain_link(client):
    make_news_item(slug="feed-video", body="<p>Text.</p>" + EMBED)
    feed = client.get("/newsroom/rss/").content.decode()
    assert "youtube.com/watch?v=dQw4w9WgXcQ" in feed
    assert "iframe" not in feed
    assert "youtube-nocookie" not in feed
