"""What the search engine reads of a publication: its own texts and its files' PDF text.

`document_text` holds the text of every page of the publication's files; on PostgreSQL the
`search_vector` column is rebuilt from the title, abstract, body and that text, weighted as
Publication.SEARCH_WEIGHTS says (newsroom/listing/search.py reads the same weights). Both
are refreshed when a publication is saved, when its files change and when the worker has
extracted a file's text (library/extraction.py's `text_extracted`).
"""

from collections import defaultdict

from django.db.models.signals import post_delete, post_save

from library.extraction import text_extracted
from library.models import Document, DocumentPage
from newsroom.listing.search import SEARCH_CONFIG, is_postgres
from publications.models import Publication, PublicationFile

MAX_TEXT = 400_000  # characters: PostgreSQL's tsvector holds at most 1 MB


def refresh(ids, using="default"):
    """Rebuild `document_text` and `search_vector` of the publications `ids`."""
    ids = list(ids)
    if not ids:
        return
    pages = (
        DocumentPage.objects.using(using)
        .filter(document__publication_files__publication_id__in=ids)
        .order_by("document__publication_files__position", "document_id", "number")
        .values_list("document__publication_files__publication_id", "text")
    )
    texts = defaultdict(list)
    for publication_id, text in pages.iterator():
        texts[publication_id].append(text)
    rows = Publication.objects.using(using)
    with_text = {pk: "\n".join(parts)[:MAX_TEXT] for pk, parts in texts.items()}
    for pk, text in with_text.items():
        rows.filter(pk=pk).update(document_text=text)
    rows.filter(pk__in=ids).exclude(pk__in=with_text).exclude(document_text="").update(
        document_text=""
    )
    if is_postgres(using):
        rows.filter(pk__in=ids).update(search_vector=vector())


def vector():
    from django.contrib.postgres.search import SearchVector

    parts = [
        SearchVector(field, weight=weight, config=SEARCH_CONFIG)
        for field, weight in Publication.SEARCH_WEIGHTS.items()
    ]
    return sum(parts[1:], parts[0])


def publication_saved(sender, instance, raw=False, using="default", **kwargs):
    if not raw:
        refresh([instance.pk], using)


def file_changed(sender, instance, raw=False, using="default", **kwargs):
    if not raw and Publication.objects.using(using).filter(pk=instance.publication_id).exists():
        refresh([instance.publication_id], using)


def document_extracted(sender, document, **kwargs):
    db = document._state.db or "default"
    ids = (
        PublicationFile.objects.using(db)
        .filter(document=document)
        .values_list("publication_id", flat=True)
    )
    refresh(set(ids), db)


def connect():
    post_save.connect(publication_saved, sender=Publication, dispatch_uid="publications-index")
    post_save.connect(file_changed, sender=PublicationFile, dispatch_uid="publications-file")
    post_delete.connect(file_changed, sender=PublicationFile, dispatch_uid="publications-file-del")
    text_extracted.connect(document_extracted, sender=Document, dispatch_uid="publications-text")
