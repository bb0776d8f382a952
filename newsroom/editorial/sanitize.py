"""The one allow-list for editor and imported HTML, applied on save and again on render.

Anything not listed here is dropped: scripts, event handlers, style attributes, iframes,
forms, SVG, and every URL scheme except http, https and mailto. Images may only come from
our own media storage, so no tracking pixels and no data: URLs.
"""

import re
from urllib.parse import urlsplit

import nh3
from django.conf import settings

ALLOWED_TAGS = {
    "p",
    "br",
    "hr",
    "h2",
    "h3",
    "h4",
    "ul",
    "ol",
    "li",
    "a",
    "strong",
    "em",
    "b",
    "i",
    "sub",
    "sup",
    "blockquote",
    "table",
    "thead",
    "tbody",
    "tfoot",
    "tr",
    "th",
    "td",
    "caption",
    "img",
    "figure",
    "figcaption",
}
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title"},
    "img": {"src", "alt", "width", "height"},
    "th": {"colspan", "rowspan"},
    "td": {"colspan", "rowspan"},
}
# Attributes allowed only with these exact values.
ALLOWED_ATTRIBUTE_VALUES = {
    "a": {"target": {"_blank"}},
    "th": {"scope": {"row", "col", "rowgroup", "colgroup"}},
}
NUMERIC_ATTRIBUTES = {"width", "height", "colspan", "rowspan"}
LINK_SCHEMES = {"http", "https", "mailto"}
# Dropped with their content, not just unwrapped.
DROPPED_WITH_CONTENT = {
    "script",
    "style",
    "iframe",
    "noscript",
    "object",
    "embed",
    "template",
    "svg",
    "math",
}
_DIGITS = re.compile(r"^\d{1,4}$")


def is_media_url(url):
    """True for a URL inside our media storage (MEDIA_URL), with no way out of it."""
    media = settings.MEDIA_URL
    if not url.startswith(media) or ".." in url or "\\" in url:
        return False
    if media.startswith("/"):
        return not url.startswith("//")
    return urlsplit(url).netloc == urlsplit(media).netloc


def _filter_attribute(element, attribute, value):
    if element == "img" and attribute == "src":
        return value if is_media_url(value) else None
    if attribute in NUMERIC_ATTRIBUTES:
        return value if _DIGITS.match(value) else None
    return value


def clean_html(html):
    if not html:
        return ""
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        clean_content_tags=DROPPED_WITH_CONTENT,
        attributes=ALLOWED_ATTRIBUTES,
        tag_attribute_values=ALLOWED_ATTRIBUTE_VALUES,
        url_schemes=LINK_SCHEMES,
        link_rel="noopener noreferrer",
        attribute_filter=_filter_attribute,
    )
