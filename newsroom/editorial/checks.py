"""Accessibility and quality checks on what an editor wrote, shown as warnings, never blocking.

The exception is an image without alt text, which cannot be saved (images_without_alt).

The anchors are Wagtail's accessibility checker and GOV.UK's publishing guidance. Each
warning quotes the text it is about, so the editor can find the place.
"""

import re
from html.parser import HTMLParser

from django.utils.html import format_html, format_html_join

VAGUE_LINK_TEXTS = {
    "click here",
    "click",
    "here",
    "read more",
    "more",
    "learn more",
    "find out more",
    "more information",
    "this link",
    "link",
    "this page",
    "details",
}
_BARE_URL = re.compile(r"^(https?://|www\.)\S+$", re.IGNORECASE)
_FILE_NAME = re.compile(
    r"(\.(jpe?g|png|gif|webp|svg|tiff?|heic)$)|^(img|dsc|dscn|pxl|photo|image)[-_ ]?\d+",
    re.IGNORECASE,
)
HEADINGS = {"h2": 2, "h3": 3, "h4": 4, "h5": 5, "h6": 6}
MIN_CAPS_LETTERS = 12


def quote(text, words=8):
    parts = text.split()
    short = " ".join(parts[:words])
    return f"“{short}{'…' if len(parts) > words else ''}”"


class _Element:
    def __init__(self, tag, attrs, parent=None):
        self.tag = tag
        self.attrs = dict(attrs)
        self.parent = parent
        self.text = ""
        self.children = []


class _Tree(HTMLParser):
    """A small element tree: enough for the checks, which look at tags, text and attributes."""

    VOID = {"img", "br", "hr"}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.root = _Element("body", [])
        self.stack = [self.root]

    def handle_starttag(self, tag, attrs):
        element = _Element(tag, attrs, self.stack[-1])
        self.stack[-1].children.append(element)
        if tag not in self.VOID:
            self.stack.append(element)

    def handle_endtag(self, tag):
        for depth in range(len(self.stack) - 1, 0, -1):
            if self.stack[depth].tag == tag:
                del self.stack[depth:]
                return

    def handle_data(self, data):
        for element in self.stack:
            element.text += data


def _walk(element):
    for child in element.children:
        yield child
        yield from _walk(child)


def _text(element):
    return " ".join(element.text.split())


def content_warnings(html):
    """The problems of one body, each a sentence that quotes the place."""
    tree = _Tree()
    tree.feed(html or "")
    tree.close()
    warnings = []
    level = 1  # the page's title is the h1
    tables = 0
    for element in _walk(tree.root):
        tag, text = element.tag, _text(element)
        if tag in HEADINGS:
            if not text:
                warnings.append(f"An empty {tag} heading: remove it or give it words.")
                continue
            if HEADINGS[tag] > level + 1:
                warnings.append(
                    f"The heading {quote(text)} is an {tag} after an h{level}: a level is "
                    f"skipped (use h{level + 1})."
                )
            level = HEADINGS[tag]
        elif tag == "a":
            if text.lower().strip(" .:…>»") in VAGUE_LINK_TEXTS:
                warnings.append(
                    f"The link text {quote(text)} says nothing out of context: say where it leads."
                )
            elif _BARE_URL.match(text):
                warnings.append(
                    f"The link text {quote(text)} is a bare address: use words that say "
                    "where it leads."
                )
        elif tag == "img" and (warning := _alt_warning(element)):
            warnings.append(warning)
        elif tag == "table":
            tables += 1
            rows = [child for child in _walk(element) if child.tag == "tr"]
            if rows and not any(cell.tag == "th" for cell in rows[0].children):
                first_row = " | ".join(map(_text, rows[0].children))
                warnings.append(
                    f"Table {tables} ({quote(first_row)}) has no header row: make its first "
                    "row a header."
                )
        elif tag == "p" and _all_caps(text):
            warnings.append(
                f"The paragraph {quote(text)} is in capitals, which is hard to read: write "
                "it in sentence case."
            )
    return warnings


def _alt_warning(image):
    alt = " ".join((image.attrs.get("alt") or "").split())
    if _FILE_NAME.search(alt):
        return f"The alt text {quote(alt)} is a file name: describe what the image shows."
    captions = [_text(child) for child in image.parent.children if child.tag == "figcaption"]
    if alt and captions and alt.lower() == captions[0].lower():
        return f"The alt text {quote(alt)} repeats the caption: say what the image shows."
    return None


def _all_caps(text):
    letters = [char for char in text if char.isalpha()]
    return len(letters) >= MIN_CAPS_LETTERS and all(char.isupper() for char in letters)


def content_checks_html(html):
    """The warnings as a list for the change form, where a Publisher sees them before publishing."""
    warnings = content_warnings(html)
    if not warnings:
        return "No problems found in the body."
    items = format_html_join("", "<li>{}</li>", ((warning,) for warning in warnings))
    return format_html('<ul class="content-checks">{}</ul>', items)


def images_without_alt(html):
    """The images of a body that have no alt text: the one check that blocks a save."""
    tree = _Tree()
    tree.feed(html or "")
    tree.close()
    return [
        element.attrs.get("src") or "?"
        for element in _walk(tree.root)
        if element.tag == "img" and not (element.attrs.get("alt") or "").strip()
    ]
