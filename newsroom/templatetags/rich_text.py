from django import template
from django.utils.safestring import mark_safe

from newsroom.editorial.sanitize import as_html, clean_html
from newsroom.embeds import render_embeds

register = template.Library()


@register.filter
def rich_text(html):
    """Stored HTML is cleaned on save; cleaning again on render keeps old rows safe too."""
    return mark_safe(render_embeds(clean_html(as_html(html))))
