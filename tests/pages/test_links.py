"""Links are reversed, not typed: a renamed URL changes every link to it at once."""

import re
from pathlib import Path

from django.conf import settings
from django.template import loader
from django.urls import Resolver404, resolve

TEMPLATES = Path(settings.BASE_DIR) / "templates"
TYPED_PATH = re.compile(r'(?:href|action|src)="/(?!/)')
# Rendered by osce_site.errors, possibly while the URL configuration is what failed.
PLAIN_PATHS_ALLOWED = {"400.html", "429.html", "500.html", "503.html", "errors/layout.html"}
HREF = re.compile(r'(?:href|action)="([^"#]*)"')


def test_templates_have_no_typed_paths():
    typed = {
        str(path.relative_to(TEMPLATES))
        for path in TEMPLATES.rglob("*.html")
        if TYPED_PATH.search(path.read_text())
    }
    assert typed <= PLAIN_PATHS_ALLOWED, sorted(typed - PLAIN_PATHS_ALLOWED)


def test_site_header_and_footer_links_all_resolve():
    """They reverse with {% url … as name %}, which gives "" for a bad name instead of raising."""
    html = loader.get_template("500.html").render()
    links = [link for link in HREF.findall(html) if not link.startswith(settings.STATIC_URL)]
    assert len(links) >= 15
    for link in links:
        assert link.startswith("/"), link
        try:
            resolve(link)
        except Resolver404:
            raise AssertionError(f"{link} does not resolve") from None
