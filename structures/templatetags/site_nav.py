from django import template
from django.utils.safestring import mark_safe

register = template.Library()


@register.simple_tag(takes_context=True)
def aria_current(context, url):
    """' aria-current="page"' on the link to this page, '="true"' on its section's link."""
    request = context.get("request")
    if request is None:
        return ""
    if request.path == url:
        return mark_safe(' aria-current="page"')
    if url != "/" and request.path.startswith(url):
        return mark_safe(' aria-current="true"')
    return ""
