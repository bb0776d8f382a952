"""Where the library's images and documents are used in news item bodies.

A body shows an image by its URL in storage (the original or a rendition) and links a
document by its download URL. Each time a news item is saved, its BodyReference rows are
brought in line with its body, so usage counts and deletion protection are a join, never
a search through every body.
"""

import re
from urllib.parse import unquote, urlsplit

from django.conf import settings
from django.db.models.signals import post_save
from django.urls import Resolver404, resolve

from library.models import BodyReference, Document, Image

URL_ATTRIBUTE = re.compile(r"""\b(?:src|href)\s*=\s*["']([^"']+)["']""", re.IGNORECASE)
COPY_SUFFIX = re.compile(r"\.(?:\d+w|social)(\.[A-Za-z0-9]+)$")


def body_urls(body):
    return {unquote(urlsplit(url).path) for url in URL_ATTRIBUTE.findall(body or "")}


def referenced_objects(body):
    """(images, documents) a body shows or links to."""
    media = urlsplit(settings.MEDIA_URL).path
    file_names, document_ids = set(), set()
    for path in body_urls(body):
        if path.startswith(media):
            file_names.add(COPY_SUFFIX.sub(r"\1", path.removeprefix(media)))
            continue
        try:
            match = resolve(path)
        except Resolver404:
            continue
        if match.view_name == "library:document-file":
            document_ids.add(match.kwargs["pk"])
    images = Image.objects.filter(file__in=file_names) if file_names else Image.objects.none()
    documents = (
        Document.objects.filter(pk__in=document_ids) if document_ids else Document.objects.none()
    )
    return list(images), list(documents)


def refresh_references(item, created=False):
    images, documents = referenced_objects(item.body)
    wanted = {("image", image.pk) for image in images} | {("document", d.pk) for d in documents}
    if created and not wanted:
        return  # a new item with no library content: nothing to look up
    existing = {
        ("image" if ref.image_id else "document", ref.image_id or ref.document_id): ref.pk
        for ref in BodyReference.objects.filter(item=item)
    }
    stale = [pk for key, pk in existing.items() if key not in wanted]
    if stale:
        BodyReference.objects.filter(pk__in=stale).delete()
    BodyReference.objects.bulk_create(
        BodyReference(item=item, **{f"{kind}_id": target})
        for kind, target in wanted - set(existing)
    )


def _item_saved(sender, instance, created=False, raw=False, update_fields=None, **kwargs):
    if raw or (update_fields is not None and "body" not in update_fields):
        return
    refresh_references(instance, created)


def connect():
    from newsroom.models import NewsItem

    post_save.connect(_item_saved, sender=NewsItem, dispatch_uid="library-body-references")
