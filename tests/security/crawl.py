"""The site's public routes, found as a visitor finds them: by following its links."""

import re
from urllib.parse import urlsplit

from django.conf import settings
from django.urls import Resolver404, resolve


def crawl_public_urls(client, start=("/", "/sitemap.xml", "/robots.txt", "/healthz"), limit=200):
    """One path per public route (by URL name), found by following the site's own links."""
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
