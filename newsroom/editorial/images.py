"""Lead images: what an upload must be, and the width-limited copies we serve.

Renditions are made once with Pillow, stored next to the original in the configured
storage (so they work with any backend), and described in NewsItem.image_renditions,
so rendering a page never opens an image or asks the storage anything.
"""

from io import BytesIO

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.template.defaultfilters import filesizeformat
from PIL import Image, ImageOps

ALLOWED_FORMATS = {"JPEG", "PNG", "WEBP"}
MAX_PIXELS = 50_000_000  # a 50-megapixel photo; beyond that it is a mistake or an attack
SAVE_OPTIONS = {
    "JPEG": {"quality": 82, "optimize": True, "progressive": True},
    "PNG": {"optimize": True},
    "WEBP": {"quality": 80},
}


class LeadImageFormField(forms.ImageField):
    """An ImageField (Pillow verifies it) that also enforces size, type and pixel limits."""

    default_error_messages = {
        **forms.ImageField.default_error_messages,
        "invalid_image": "This file is not an image, or it is damaged. "
        "Upload a JPEG, PNG or WebP photo.",
    }

    def to_python(self, data):
        limit = settings.NEWSROOM_IMAGE_MAX_BYTES
        if data and getattr(data, "size", 0) > limit:
            raise ValidationError(
                "This file is %(size)s; images may be at most %(limit)s. "
                "Export a smaller JPEG or WebP and upload it again.",
                code="too_large",
                params={"size": filesizeformat(data.size), "limit": filesizeformat(limit)},
            )
        try:
            upload = super().to_python(data)
        except Image.DecompressionBombError as exc:
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


def rendition_name(name, width):
    stem, dot, extension = name.rpartition(".")
    return f"{stem}.{width}w.{extension}" if dot else f"{name}.{width}w"


def make_renditions(image_file, widths=None):
    """Write the width-limited copies of an ImageField file; return their descriptions.

    The result lists {name, width, height}, narrowest first, the original last.
    """
    widths = widths or settings.NEWSROOM_IMAGE_WIDTHS
    storage = image_file.storage
    with image_file.open("rb"), Image.open(image_file) as opened:
        image_format = opened.format
        original = ImageOps.exif_transpose(opened)
        original_width, original_height = original.size
        renditions = []
        for width in sorted(widths):
            if width >= original_width:
                break
            height = max(1, round(original_height * width / original_width))
            name = rendition_name(image_file.name, width)
            if storage.exists(name):
                storage.delete(name)
            buffer = BytesIO()
            resized = original.resize((width, height), Image.Resampling.LANCZOS)
            if image_format == "JPEG" and resized.mode not in ("RGB", "L"):
                resized = resized.convert("RGB")
            resized.save(buffer, format=image_format, **SAVE_OPTIONS.get(image_format, {}))
            name = storage.save(name, ContentFile(buffer.getvalue()))
            renditions.append({"name": name, "width": width, "height": height})
    renditions.append({"name": image_file.name, "width": original_width, "height": original_height})
    return renditions


def refresh_renditions(item):
    """Bring item.image_renditions in line with item.image and store it (no other field)."""
    if item.image:
        renditions = make_renditions(item.image)
    else:
        renditions = []
    if renditions != item.image_renditions:
        item.image_renditions = renditions
        type(item).objects.filter(pk=item.pk).update(image_renditions=renditions)
    return renditions


def rendition_urls(item):
    """[{url, width, height}] of the image's renditions, the original last; None if unknown."""
    renditions = item.image_renditions or []
    if not item.image or not renditions or renditions[-1]["name"] != item.image.name:
        return None
    storage = item.image.storage
    return [
        {"url": storage.url(r["name"]), "width": r["width"], "height": r["height"]}
        for r in renditions
    ]


def srcset(item):
    """The data the lead_image include needs, from the stored descriptions only."""
    sources = rendition_urls(item)
    if sources is None:
        return None
    return {
        "src": sources[min(1, len(sources) - 1)],
        "srcset": ", ".join(f"{s['url']} {s['width']}w" for s in sources),
        "original": sources[-1],
    }
