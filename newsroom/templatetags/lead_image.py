import logging

from django import template

from library.images import refresh_renditions, social_card, srcset

register = template.Library()
logger = logging.getLogger(__name__)


def prepared(image):
    """The image with its renditions and social card, made once if missing; None if they
    cannot be made (a missing or damaged file)."""
    if image is None:
        return None
    has_srcset = srcset(image) is not None
    if not has_srcset or social_card(image) is None:
        try:
            refresh_renditions(image, card_only=has_srcset)
        except (OSError, ValueError):
            logger.exception("Cannot make renditions of %s", image.file.name)
            return None
    return image


@register.inclusion_tag("includes/lead_image.html")
def lead_image(item, sizes="(min-width: 60rem) 60rem, 100vw"):
    """A news item's lead image, responsive, with its caption and credit."""
    image = prepared(item.lead_image)
    if image is None:
        return {"image": None}
    return {
        "image": srcset(image),
        "alt": image.alt,
        "caption": item.image_caption or image.caption,
        "credit": image.credit,
        "sizes": sizes,
    }


@register.simple_tag
def lead_image_card(item):
    """The lead image's social-media card ({url, width, height, type, alt}), or None."""
    image = prepared(item.lead_image)
    if image is None:
        return None
    return {**social_card(image), "alt": image.alt}
