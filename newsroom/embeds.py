"""Videos from YouTube and Vimeo in a body, shown as click-to-load placeholders.

The body stores an embed as `<figure class="embed"><a href="VIDEO URL">Title</a></figure>`
(a plain link in feeds and anywhere else); the item page turns a recognised one into a
placeholder with our own generic thumbnail, and static/js/video-embed.js loads the
privacy-enhanced player only when the visitor asks. No request leaves for YouTube or Vimeo
before that, and the Content-Security-Policy allows frames from those two hosts only.
"""

import re
from dataclasses import dataclass
from html import unescape

from django.template.loader import render_to_string
from django.utils.html import strip_tags

_YOUTUBE = re.compile(
    r"^https?://(?:www\.|m\.)?(?:youtube\.com/(?:watch\?(?:.*&)?v=|embed/|shorts/|live/)"
    r"|youtube-nocookie\.com/embed/|youtu\.be/)([A-Za-z0-9_-]{11})(?:[?&#/].*)?$"
)
_VIMEO = re.compile(r"^https?://(?:www\.|player\.)?vimeo\.com/(?:video/)?(\d{6,12})(?:[?#/].*)?$")
_EMBED = re.compile(
    r'<figure class="embed"><a href="([^"]*)"(?: [a-z]+="[^"]*")*>(.*?)</a></figure>', re.DOTALL
)


@dataclass(frozen=True)
class Video:
    provider: str
    id: str

    @property
    def watch_url(self):
        if self.provider == "YouTube":
            return f"https://www.youtube.com/watch?v={self.id}"
        return f"https://vimeo.com/{self.id}"

    @property
    def player_url(self):
        if self.provider == "YouTube":
            return f"https://www.youtube-nocookie.com/embed/{self.id}?autoplay=1"
        return f"https://player.vimeo.com/video/{self.id}?dnt=1&autoplay=1"


def video_at(url):
    """The YouTube or Vimeo video a URL points at, or None."""
    url = url.strip()
    if match := _YOUTUBE.match(url):
        return Video("YouTube", match[1])
    if match := _VIMEO.match(url):
        return Video("Vimeo", match[1])
    return None


def _placeholder(match):
    video = video_at(unescape(match[1]))
    if video is None:
        return match[0]
    title = " ".join(unescape(strip_tags(match[2])).split()) or f"{video.provider} video"
    return render_to_string("includes/video_embed.html", {"video": video, "title": title})


def render_embeds(cleaned_html):
    """Cleaned body HTML with each recognised video embed as a click-to-load placeholder."""
    return _EMBED.sub(_placeholder, cleaned_html)
