"""The one allow-list for editor and imported HTML, applied on save and again on render.

EDITOR_ELEMENTS says what the rich-text editor writes, extension by extension; the editor's
configuration (newsroom/editorial/forms.py) and the sanitiser's allow-list are both made
from it. ARCHIVE_ELEMENTS are kept when they come from imported or hand-written HTML, but the
editor cannot show them: a body that holds one is edited as HTML (editor_limits).

Anything not listed is dropped: scripts, event handlers, style attributes, iframes, forms,
SVG, and every URL scheme except http, https and mailto. Images may only come from our own
media storage, so no tracking pixels and no data: URLs. What a save drops is told to the
editor (removals), never dropped silently.
"""

import re
from dataclasses import dataclass
from html.parser import HTMLParser
from urllib.parse import urlsplit

import nh3
from django.conf import settings
from django.utils.html import linebreaks

# Tiptap extension -> the tags it writes -> the attributes it writes on them.
EDITOR_ELEMENTS = {
    "Paragraph": {"p": set()},
    "Heading": {"h2": set(), "h3": set(), "h4": set()},
    "Bold": {"strong": set()},
    "Italic": {"em": set()},
    "Subscript": {"sub": set()},
    "Superscript": {"sup": set()},
    "HardBreak": {"br": set()},
    "HorizontalRule": {"hr": set()},
    "BulletList": {"ul": set()},
    "OrderedList": {"ol": {"start"}},
    "ListItem": {"li": set()},
    "Blockquote": {"blockquote": set()},
    "Link": {"a": {"href", "title"}},
    "Table": {"table": set(), "tbody": set(), "tr": set()},
    "TableHeader": {"th": {"colspan", "rowspan"}},
    "TableCell": {"td": {"colspan", "rowspan"}},
    "Figure": {"figure": set()},
    "Caption": {"figcaption": set()},
    "Image": {"img": {"src", "alt", "width", "height"}},
    "VideoEmbed": {"figure": set(), "a": {"href"}},
}
# The classes the editor writes: a figure holds an image or a video embed.
EDITOR_CLASSES = {"figure": {"figure", "embed"}, "figcaption": {"figure-caption"}}
HEADING_LEVELS = sorted(int(tag[1]) for tag in EDITOR_ELEMENTS["Heading"])

# Kept from imported or hand-written HTML; the editor reads b and i as strong and em, and
# cannot show the others (see editor_limits).
ARCHIVE_ELEMENTS = {"b": set(), "i": set(), "thead": set(), "tfoot": set(), "caption": set()}
EDITOR_READS_AS = {"b": "strong", "i": "em", "thead": "tbody"}
# Attributes allowed only with these exact values (archive HTML only).
ALLOWED_ATTRIBUTE_VALUES = {
    "a": {"target": {"_blank"}},
    "th": {"scope": {"row", "col", "rowgroup", "colgroup"}},
}


def _union(*declarations):
    merged = {}
    for declaration in declarations:
        for tag, attributes in declaration.items():
            merged.setdefault(tag, set()).update(attributes)
    return merged


EDITOR_TAGS = _union(*EDITOR_ELEMENTS.values())
ALLOWED_ATTRIBUTES = {
    tag: attributes
    for tag, attributes in _union(EDITOR_TAGS, ARCHIVE_ELEMENTS).items()
    if attributes
}
ALLOWED_TAGS = set(EDITOR_TAGS) | set(ARCHIVE_ELEMENTS)
NUMERIC_ATTRIBUTES = {"width", "height", "colspan", "rowspan", "start"}
LINK_SCHEMES = {"http", "https", "mailto"}
LINK_REL = "noopener noreferrer"
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
_IMG_WITHOUT_SRC = re.compile(r"<img(?![^>]*\ssrc=)[^>]*>")
# Google Docs wraps the whole clipboard in <b style="font-weight:normal" id="docs-internal-…">
# and marks bold and italic with styled spans.
_DOCS_WRAPPER = re.compile(r'<b\b[^>]*\bid="docs-internal-guid-[^"]*"[^>]*>')
_STYLED_SPAN = re.compile(r"<span\b([^>]*)>(.*?)</span>", re.DOTALL | re.IGNORECASE)
_BOLD_STYLE = re.compile(r"font-weight:\s*(bold|[6-9]00)", re.IGNORECASE)
_ITALIC_STYLE = re.compile(r"font-style:\s*italic", re.IGNORECASE)


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


def _styled_span(match):
    attributes, text = match.groups()
    bold, italic = _BOLD_STYLE.search(attributes), _ITALIC_STYLE.search(attributes)
    if not (bold or italic):
        return match[0]
    if bold:
        text = f"<strong>{text}</strong>"
    if italic:
        text = f"<em>{text}</em>"
    return text


def _unwrap_docs(html):
    """Undo Google Docs' clipboard wrapper, and keep its styled bold and italic."""
    if wrapper := _DOCS_WRAPPER.search(html):
        end = html.rfind("</b>")
        if end > wrapper.end():
            html = html[: wrapper.start()] + html[wrapper.end() : end] + html[end + 4 :]
    return _STYLED_SPAN.sub(_styled_span, html)


_BLOCK = re.compile(r"<(p|h[1-6]|ul|ol|table|blockquote|figure|hr|div)\b", re.IGNORECASE)


def as_html(text):
    """Stored text as HTML: plain text (older fields, typed before the editor) as paragraphs."""
    if not text or _BLOCK.search(text):
        return text or ""
    return linebreaks(text, autoescape=True)


def clean_html(html):
    if not html:
        return ""
    cleaned = nh3.clean(
        _unwrap_docs(html),
        tags=ALLOWED_TAGS,
        clean_content_tags=DROPPED_WITH_CONTENT,
        attributes=ALLOWED_ATTRIBUTES,
        tag_attribute_values=ALLOWED_ATTRIBUTE_VALUES,
        allowed_classes=EDITOR_CLASSES,
        url_schemes=LINK_SCHEMES,
        link_rel=LINK_REL,
        attribute_filter=_filter_attribute,
    )
    return _IMG_WITHOUT_SRC.sub("", cleaned)  # an image from elsewhere goes, not just its src


# What a save removes, said to the editor.

FORMATTING_TAGS = {"span", "font", "div", "u", "s", "strike", "small", "big", "center", "style"}
PAGE_TAGS = {"html", "head", "body", "meta", "link", "title", "colgroup", "col"}
FORMATTING_ATTRIBUTES = {"style", "class", "id", "lang", "dir", "align", "valign", "face"}
NAMED_ELEMENTS = {
    "script": "a script",
    "iframe": "an embedded frame (iframe)",
    "object": "an embedded object",
    "embed": "an embedded object",
    "svg": "an SVG drawing",
    "math": "a MathML formula",
    "form": "a form",
    "input": "a form field",
    "button": "a button",
    "h1": "a level-1 heading (the title is the page's only one; its text was kept)",
    "h5": "a level-5 heading (its text was kept; use h2–h4)",
    "h6": "a level-6 heading (its text was kept; use h2–h4)",
}


@dataclass(frozen=True)
class Removal:
    what: str
    where: str

    def __str__(self):
        return f"{self.what}, {self.where}"


class _RemovalFinder(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.removals = []
        self.formatting = {}
        self.text = ""
        self.dropping = 0  # depth inside an element dropped with its content

    def where(self):
        words = self.text.split()
        if not words:
            return "at the start of the text"
        return f"after “{' '.join(words[-6:])}”"

    def remove(self, what):
        self.removals.append(Removal(what, self.where()))

    def tally(self, kind):
        self.formatting[kind] = self.formatting.get(kind, 0) + 1

    def handle_starttag(self, tag, attrs):
        if self.dropping:
            self.dropping += tag in DROPPED_WITH_CONTENT
            return
        if tag in DROPPED_WITH_CONTENT:
            self.dropping = 1
        if tag not in ALLOWED_TAGS:
            self.unknown_element(tag, dict(attrs))
            return
        for name, value in attrs:
            self.attribute(tag, name, value or "")
        if tag == "img" and not is_media_url(dict(attrs).get("src") or ""):
            host = urlsplit(dict(attrs).get("src") or "").netloc
            self.remove(f"an image from {host or 'outside our media library'}")

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        if tag in DROPPED_WITH_CONTENT:
            self.dropping -= 1

    def handle_endtag(self, tag):
        if self.dropping and tag in DROPPED_WITH_CONTENT:
            self.dropping -= 1

    def handle_data(self, data):
        if not self.dropping:
            self.text = (self.text + " " + data)[-200:]

    def handle_comment(self, data):
        self.tally("comments")

    def unknown_element(self, tag, attrs):
        if tag in NAMED_ELEMENTS:
            what = NAMED_ELEMENTS[tag]
            if tag == "iframe" and (src := attrs.get("src")):
                what += f" from {urlsplit(src).netloc} (to show a video, paste its address)"
            self.remove(what)
        elif tag in FORMATTING_TAGS or ":" in tag:
            self.tally(f"{tag} elements")
        elif tag not in PAGE_TAGS:
            self.remove(f"an element the site does not show, <{tag}> (its text was kept)")

    def attribute(self, tag, name, value):
        if name.startswith("on"):
            self.remove(f"a script in the {name} attribute of a <{tag}>")
        elif tag == "a" and name == "href":
            scheme = urlsplit(value.strip()).scheme.lower()
            if scheme and scheme not in LINK_SCHEMES:
                self.remove(f"a {scheme}: link (its text was kept)")
        elif name in ALLOWED_ATTRIBUTES.get(tag, ()):
            if name in NUMERIC_ATTRIBUTES and not _DIGITS.match(value):
                self.tally(f"{name} attributes")
        elif value in ALLOWED_ATTRIBUTE_VALUES.get(tag, {}).get(name, ()):
            pass
        elif name == "class" and set(value.split()) <= EDITOR_CLASSES.get(tag, set()):
            pass
        elif name != "rel" or tag != "a":
            self.tally(f"{name} attributes" if name in FORMATTING_ATTRIBUTES else "attributes")


def removals(html):
    """What clean_html drops from html: (removals worth a warning, {kind: count} of formatting)."""
    finder = _RemovalFinder()
    finder.feed(_unwrap_docs(html or ""))
    finder.close()
    return finder.removals, finder.formatting


# What the editor cannot show.

ARCHIVE_DESCRIPTIONS = {
    "caption": "a table caption",
    "tfoot": "a table footer",
    "target": "a link that opens a new window",
    "scope": "table header scopes",
}


def editor_limits(html):
    """The parts of a stored body that the rich-text editor would lose, described."""
    finder = _ArchiveFinder()
    finder.feed(html or "")
    finder.close()
    return sorted(finder.found)


class _ArchiveFinder(HTMLParser):
    def __init__(self):
        super().__init__()
        self.found = set()

    def handle_starttag(self, tag, attrs):
        if tag in ARCHIVE_ELEMENTS and tag not in EDITOR_READS_AS:
            self.found.add(ARCHIVE_DESCRIPTIONS[tag])
        for name, _value in attrs:
            if name in ARCHIVE_DESCRIPTIONS and tag in ALLOWED_ATTRIBUTE_VALUES:
                self.found.add(ARCHIVE_DESCRIPTIONS[name])
