import pytest

PRODUCTION_SECRET = "x7Qp2-vL9sKd4Rz8Wm1Nt6Yb3Hc5Jf0Ga-eUo7Ti2Pw9Xs4Lq8Mv1Kz6Rd3By5Nh0"

PUBLIC_PAGES = [
    "/",
    "/newsroom/",
    "/fields-of-work/",
    "/structures/",
    "/field-operations/",
    "/countries/",
    "/meetings/",
]


@pytest.fixture
def production(settings):
    """Everything tests turn off by default (pyproject's pytest env) turned back on."""
    settings.DEBUG = False
    settings.SECURE_SSL_REDIRECT = True
    settings.AXES_ENABLED = True
    settings.RATELIMIT_ENABLED = True
    return settings


def crawl_public_urls(client, start=("/", "/sitemap.xml", "/robots.txt", "/healthz"), limit=200):
    """One path per public route (by URL name), found by following the site's own links."""
    import re
    from urllib.parse import urlsplit

    from django.conf import settings
    from django.urls import Resolver404, resolve

    link = re.compile(r"""(?:href|src)=["']([^"'#]+)""")
    loc = re.compile(r"<loc>([^<]+)</loc>")
    admin = f"/{settings.ADMIN_PATH}"
    seen, queue, routes = set(), list(start), {}
    while queue and len(seen) < limit:
        path = urlsplit(queue.pop(0)).path
        if path in seen or path.startswith((admin, "/static/", "/media/")):
            continue
        seen.add(path)
        try:
            name = resolve(path).view_name
        except Resolver404:
            continue
        if name in routes:
            continue
        response = client.get(path)
        if response.status_code != 200:
            continue
        routes[name] = path
        text = response.content.decode(errors="replace")
        queue.extend(m for m in link.findall(text) + loc.findall(text))
    return routes
