import logging

from django import template

from newsroom.editorial.images import refresh_renditions, srcset

register = template.Library()
logger = logging.getLogger(__name__)


@register.inclusion_tag("includes/lead_image.html")
def lead_image(item, sizes="(min-width: 60rem) 60rem, 100vw"):
    """A news item's lead image, responsive; renditions are made once if missing."""
    if not item.image:
        return {"image": None}
    data = srcset(item)
    if data is None:
        try:
            refresh_renditions(item)
        except (OSError, ValueError):
            logger.exception("Cannot make renditions of %s", item.image.name)
            return {"image": None}
        data = srcset(item)
    return {"image": data, "item": item, "sizes": sizes}
