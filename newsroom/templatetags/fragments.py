"""{% kept "name" object %}…{% endkept %}: a fragment of an object's page kept rendered.

An item's page renders its meta tags, article, related news and previous/next links from
eight queries and a sanitised body; they change only when content does. So a fragment is kept
per object, language, page address (scheme, host and path: its links and JSON-LD are
absolute) and content version (osce_site/caching.py: any content write replaces it, and an
entry lives no longer than until the next scheduled item goes live), through
caching.remember(), so it is computed once however many requests want it. What the
fragments read is loaded only when one is rendered anew: the view gives related items,
previous and next lazily, and an object with `load_page_relations()` (NewsItem) loads its
relations then, so a page whose fragments are kept costs one query.

Never stale: a fragment is part of a page that the page cache may store as current, so
the stale bound does not apply to it; and never kept in a preview (`preview` in the
context), nor when remembered computations are off (settings.CACHE_COUNT_SECONDS = 0).
"""

from django import template
from django.utils.translation import get_language

from osce_site import caching, surrogate

register = template.Library()


class KeptNode(template.Node):
    def __init__(self, name, obj, nodelist):
        self.name, self.obj, self.nodelist = name, obj, nodelist

    def render(self, context):
        obj = self.obj.resolve(context)
        if context.get("preview") or not caching.remembering():
            return self.nodelist.render(context)
        request = context.get("request")
        # Its links are absolute; the query string is left out (anyone may vary it).
        address = request.build_absolute_uri(request.path) if request is not None else ""
        parts = (
            "fragment",
            self.name.resolve(context),
            surrogate.key(obj),
            get_language(),
            address,
        )

        def render():
            if hasattr(obj, "load_page_relations"):  # all that the page's fragments read
                obj.load_page_relations()
            return self.nodelist.render(context)

        with caching.stale_allowed(False):
            return caching.remember(parts, render, keys=[surrogate.key(obj)])


@register.tag
def kept(parser, token):
    bits = token.split_contents()
    if len(bits) != 3:
        raise template.TemplateSyntaxError(f"{bits[0]} takes a name and an object")
    nodelist = parser.parse(("endkept",))
    parser.delete_first_token()
    return KeptNode(parser.compile_filter(bits[1]), parser.compile_filter(bits[2]), nodelist)
