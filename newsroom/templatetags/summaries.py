"""{% news_summaries items as cards %}: the items' list cards, kept rendered.

One cache round trip for the whole list (newsroom/summaries.py), not one a card.
"""

from django import template

from newsroom.summaries import render_summaries

register = template.Library()


@register.simple_tag
def news_summaries(items):
    return render_summaries(items)
