"""Library images: what an upload must be, and the copies we serve.

Renditions (the srcset widths, and the 1200×630 social card cropped around the focal
point) are made once with Pillow, stored next to the original in the configured storage
(so they work with any backend) and described in Image.renditions / Image.social_card,
so rendering a page never opens an image or asks the storage anything.
"""

from io import BytesIO

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.template.defaultfilters import filesizeformat
from PIL import Image as Pillow
from PIL import ImageOps

ALLOWED_FORMATS = {"JPEG", "PNG", "WEBP"}
MAX_PIXELS = 50_000_000  # a 50-megapixel photo; beyond that it is a mistake or an attack
SAVE_OPTIONS = {
    "JPEG": {"quality": 82, "optimize": True, "progressive": True},
    "PNG": {"optimize": True},
    "WEBP": {"quality": 80},
}


def too_large(upload, limit, what):
    """The form error for an upload over `limit` bytes (also for one cut off in transit)."""
    if upload and getattr(upload, "size", 0) > limit:
        return ValidationError(
            "This file is %(size)s; %(what)s may be at most %(limit)s. "
            "Make it smaller and upload it again.",
            code="too_large",
            params={
                "size": filesizeformat(upload.size),
                "limit": filesizeformat(limit),
                "what": what,
            },
        )
    return None


class ImageFormField(forms.ImageField):
    """An ImageField (Pillow verifies it) that also enforces size, type and pixel limits."""

    default_error_messages = {
        **forms.ImageField.default_error_messages,
        "invalid_image": "This file is not an image, or it is damaged. "
        "Upload a JPEG, PNG or WebP photo.",
    }

    def to_python(self, data):
        if error := too_large(data, settings.LIBRARY_IMAGE_MAX_BYTES, "images"):
            raise error
        try:
            upload = super().to_python(data)
        except Pillow.DecompressionBombError as exc:
            message = self.error_messages["invalid_image"]
            raise ValidationError(message, code="invalid_image") from exc
        if upload is None or not hasattr(upload, "image"):
            return upload
        image_format = upload.image.format
        if image_format not in ALLOWED_FORMATS:
            raise ValidationError(
                "%(format)s images are not accepted: upload a JPEG, PNG or WebP photo.",
                code="bad_format",
                params={"format": image_format or "This kind of"},
            )
        width, height = upload.image.size
        if width * height > MAX_PIXELS:
            raise ValidationError(
                "This image is %(width)s × %(height)s pixels; reduce it below 50 megapixels.",
                code="too_many_pixels",
                params={"width": width, "height": height},
            )
        return upload


def rendition_name(name, label):
    stem, dot, extension = name.rpartition(".")
    return f"{stem}.{label}.{extension}" if dot else f"{name}.{label}"


def _store(storage, name, picture, image_format):
    if storage.exists(name):
        storage.delete(name)
    if image_format == "JPEG" and picture.mode not in ("RGB", "L"):
        picture = picture.convert("RGB")
    buffer = BytesIO()
    picture.save(buffer, format=image_format, **SAVE_OPTIONS.get(image_format, {}))
    return storage.save(name, ContentFile(buffer.getvalue()))


def crop_box(size, target, focal=(0.5, 0.5)):
    """The largest box of `target`'s proportions inside `size`, centred on the focal point
    as far as the edges allow: (left, top, right, bottom)."""
    width, height = size
    ratio = target[0] / target[1]
    crop_width, crop_height = min(width, round(height * ratio)), min(height, round(width / ratio))
    fx, fy = focal
    left = min(max(0, round(fx * width - crop_width / 2)), width - crop_width)
    top = min(max(0, round(fy * height - crop_height / 2)), height - crop_height)
    return left, top, left + crop_width, top + crop_height


def _focal(image):
    if image.focal_x is None or image.focal_y is None:
        return (0.5, 0.5)
    return (image.focal_x, image.focal_y)


def _make_card(image_file, original, image_format, focal):
    card_size = settings.LIBRARY_SOCIAL_CARD_SIZE
    card = original.crop(crop_box(original.size, card_size, focal))
    if card.width > card_size[0]:
        card = card.resize(card_size, Pillow.Resampling.LANCZOS)
    name = rendition_name(image_file.name, "social")
    name = _store(image_file.storage, name, card, image_format)
    return {"name": name, "width": card.width, "height": card.height}


def make_renditions(image_file, widths=None, focal=(0.5, 0.5), card_only=False):
    """Write the copies of an ImageField file; return (srcset renditions, social card).

    Renditions are {name, width, height}, narrowest first, the original last (None with
    `card_only`); the card is the social-card crop, never enlarged.
    """
    widths = widths or settings.LIBRARY_IMAGE_WIDTHS
    with image_file.open("rb"), Pillow.open(image_file) as opened:
        image_format = opened.format
        original = ImageOps.exif_transpose(opened)
        social = _make_card(image_file, original, image_format, focal)
        if card_only:
            return None, social
        original_width, original_height = original.size
        renditions = []
        for width in sorted(widths):
            if width >= original_width:
                break
            height = max(1, round(original_height * width / original_width))
            resized = original.resize((width, height), Pillow.Resampling.LANCZOS)
            name = rendition_name(image_file.name, f"{width}w")
            name = _store(image_file.storage, name, resized, image_format)
            renditions.append({"name": name, "width": width, "height": height})
    renditions.append({"name": image_file.name, "width": original_width, "height": original_height})
    return renditions, social


def refresh_renditions(image, card_only=False):
    """Bring image.renditions (unless `card_only`) and image.social_card in line with its
    file and focal point, and store them (no other field)."""
    if not image.file:
        renditions, social = [], {}
    else:
        renditions, social = make_renditions(image.file, focal=_focal(image), card_only=card_only)
    renditions = image.renditions if renditions is None else renditions
    if (renditions, social) != (image.renditions, image.social_card):
        image.renditions, image.social_card = renditions, social
        type(image).objects.filter(pk=image.pk).update(renditions=renditions, social_card=social)
    return renditions


def srcset(image):
    """The data the lead_image include needs, from the stored descriptions only."""
    renditions = image.renditions or []
    if not image.file or not renditions or renditions[-1]["name"] != image.file.name:
        return None
    storage = image.file.storage
    sources = [
        {"url": storage.url(r["name"]), "width": r["width"], "height": r["height"]}
        for r in renditions
    ]
    return {
        "src": sources[min(1, len(sources) - 1)],
        "srcset": ", ".join(f"{s['url']} {s['width']}w" for s in sources),
        "original": sources[-1],
    }


def thumbnail_url(image):
    """The narrowest copy of an image (the original until renditions exist)."""
    name = image.renditions[0]["name"] if image.renditions else image.file.name
    return image.file.storage.url(name)


def social_card(image):
    """{url, width, height, type} of the Open Graph crop, or None until it is made."""
    card = image.social_card or {}
    if not card.get("name"):
        return None
    return {**card, "url": image.file.storage.url(card["name"]), "type": image.mime_type}
