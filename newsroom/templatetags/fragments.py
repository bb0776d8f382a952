"""{% kept "name" object %}…{% endkept %}: a fragment of an object's page kept rendered.

An item's page renders its article, related news and previous/next links from eight
queries and a sanitised body; they change only when content does. So the fragment is kept
per object, language, site address (its links are absolute) and content version
(osce_site/caching.py: any content write replaces it, and an entry lives no longer than
until the next scheduled item goes live), through caching.remember(), so it is computed
once however many requests want it. What the fragment reads (related items, previous and
next) is given to it lazily by the view, so a kept fragment costs no query.

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
        site = request.build_absolute_uri("/") if request is not None else ""
        parts = ("fragment", self.name.resolve(context), surrogate.key(obj), get_language(), site)
        with caching.stale_allowed(False):
            return caching.remember(
                parts, lambda: self.nodelist.render(context), keys=[surrogate.key(obj)]
            )


@register.tag
def kept(parser, token):
    bits = token.split_contents()
    if len(bits) != 3:
        raise template.TemplateSyntaxError(f"{bits[0]} takes a name and an object")
    nodelist = parser.parse(("endkept",))
    parser.delete_first_token()
    return KeptNode(parser.compile_filter(bits[1]), parser.compile_filter(bits[2]), nodelist)
