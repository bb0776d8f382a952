"""Where a search's words are in a publication's PDFs: the file's language, the page
number and a marked excerpt, for lists and site search (one query per page of results)."""

from django.db.models import Q
from django.utils.text import Truncator

from library.models import DocumentPage, Language
from newsroom.listing.search import mark_terms, words

EXCERPT_CHARS = 100


def attach(publications, text):
    """Give each publication `pdf_match` (None, or {language, page, excerpt}).

    The first page, in file order, holding every word of `text` (case-insensitive).
    """
    publications = list(publications)
    for publication in publications:
        publication.pdf_match = None
    terms = words((text or "").strip())
    if not terms or not publications:
        return publications
    condition = Q()
    for term in terms:
        condition &= Q(text__icontains=term)
    rows = (
        DocumentPage.objects.filter(
            condition,
            document__publication_files__publication__in=[p.pk for p in publications],
        )
        .order_by("document__publication_files__position", "document_id", "number")
        .values_list(
            "document__publication_files__publication_id",
            "document__language",
            "number",
            "text",
        )
    )
    found = {}
    for publication_id, language, number, page_text in rows:
        found.setdefault(publication_id, (language, number, page_text))
    names = dict(Language.choices)
    for publication in publications:
        if publication.pk in found:
            language, number, page_text = found[publication.pk]
            publication.pdf_match = {
                "language": names.get(language, language),
                "page": number,
                "excerpt": mark_terms(excerpt(page_text, terms[0]), terms),
            }
    return publications


def excerpt(text, term):
    """Some words either side of the first occurrence of `term` in `text`."""
    text = " ".join(text.split())
    at = text.lower().find(term.lower())
    start = max(0, at - EXCERPT_CHARS)
    piece = text[start : at + len(term) + EXCERPT_CHARS] if at >= 0 else text[: EXCERPT_CHARS * 2]
    piece = Truncator(piece).chars(EXCERPT_CHARS * 2 + len(term) + 2)
    return ("…" if start else "") + piece
