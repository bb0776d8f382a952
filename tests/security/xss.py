"""Assertions that rendered HTML and feeds hold no active content an attacker could plant."""

import html
import json
import xml.etree.ElementTree as ET
from html.parser import HTMLParser

ATTACKS = [
    "<script>alert(1337)</script>",
    '"><img src=x onerror=alert(1337)>',
    "'><svg onload=alert(1337)>",
    '<a href="javascript:alert(1337)">click</a>',
    "</script><script>alert(1337)</script>",
    "<iframe src=javascript:alert(1337)></iframe>",
    '<div style="background:url(javascript:alert(1337))">x</div>',
    "{{ 7|add:7 }}{% debug %}",
    "\u2028\u2029<!--",
]
PAYLOAD = " ".join(ATTACKS)
DANGEROUS_SCHEMES = ("javascript:", "vbscript:", "data:text/html")
URL_ATTRIBUTES = {"href", "src", "action", "formaction", "xlink:href", "poster", "data"}
FORBIDDEN_TAGS = {"iframe", "object", "embed", "base", "frame", "frameset", "applet", "style"}


class ActiveContentFinder(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.problems = []
        self._jsonld = None

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag in FORBIDDEN_TAGS:
            self.problems.append(f"<{tag}>")
        if tag == "script":
            if attributes.get("type") == "application/ld+json":
                self._jsonld = []
            elif not (attributes.get("src") or "").startswith("/"):
                self.problems.append(f"inline or foreign script {attributes}")
        for name, value in attrs:
            if name.startswith("on"):
                self.problems.append(f"event handler {name}={value!r}")
            if name == "style":
                self.problems.append(f"style attribute {value!r}")
            if name in URL_ATTRIBUTES and value:
                compact = "".join(value.split()).lower()
                if compact.startswith(DANGEROUS_SCHEMES):
                    self.problems.append(f"{name}={value!r}")
            if name == "http-equiv" and (value or "").lower() == "refresh":
                self.problems.append("meta refresh")

    def handle_data(self, data):
        if self._jsonld is not None:
            self._jsonld.append(data)

    def handle_endtag(self, tag):
        if tag == "script" and self._jsonld is not None:
            try:
                json.loads("".join(self._jsonld))
            except ValueError:
                self.problems.append("JSON-LD block broken open")
            self._jsonld = None


def active_content(markup):
    finder = ActiveContentFinder()
    finder.feed(markup)
    finder.close()
    return finder.problems


HTML_BEARING = {"description", "summary", "content", "encoded", "subtitle"}


def feed_active_content(xml_bytes):
    """Problems in a feed: text elements readers render as HTML are checked as HTML."""
    root = ET.fromstring(xml_bytes)  # well-formed, or this raises
    problems = []
    for element in root.iter():
        local = element.tag.rsplit("}", 1)[-1]
        if local == "script":
            problems.append("<script> element in the feed")
        if local in HTML_BEARING and element.text:
            problems += active_content(element.text)
    return problems


def escaped(text):
    return html.escape(text, quote=False)
