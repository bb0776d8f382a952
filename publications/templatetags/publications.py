"""Publications on other pages: the latest of each kind on topic, structure and country
pages, and a publication's schema.org JSON-LD (Report or CreativeWork)."""

from django import template
from django.db.models import F, Window
from django.db.models.functions import RowNumber
from django.urls import reverse
from django.utils.http import urlencode

from newsroom.templatetags.discovery import _absolute, _organisation, jsonld_script
from publications.models import Publication, PublicationKind

register = template.Library()
PER_KIND = 3
REPORT_KINDS = {"studies-and-reports"}


@register.inclusion_tag("publications/includes/sections.html")
def publication_sections(param, record, relation):
    """The latest PER_KIND publications of each kind related to `record` (a field of work,
    structure or country; `relation` is Publication's field), with a link to the filtered
    list: two queries, however many kinds."""
    ranked = (
        Publication.objects.published()
        .for_links()
        .filter(**{relation: record})
        .annotate(
            rank=Window(
                RowNumber(),
                partition_by=F("kind_id"),
                order_by=[F("sort_date").desc(), F("id").desc()],
            )
        )
        .filter(rank__lte=PER_KIND)
        .order_by("kind_id", "rank")
    )
    by_kind = {}
    for publication in ranked:
        by_kind.setdefault(publication.kind_id, []).append(publication)
    sections = []
    list_url = reverse("publications:publication-list")
    for kind in PublicationKind.objects.all():
        query = urlencode({"kind": kind.slug, param: record.slug})
        sections.append(
            {"kind": kind, "publications": by_kind.get(kind.pk, []), "url": f"{list_url}?{query}"}
        )
    return {"sections": sections, "record": record}


@register.simple_tag(takes_context=True)
def publication_jsonld(context, publication, files=()):
    request = context.get("request")
    url = _absolute(request, publication.get_absolute_url())
    data = {
        "@context": "https://schema.org",
        "@type": "Report" if publication.kind.slug in REPORT_KINDS else "CreativeWork",
        "mainEntityOfPage": {"@type": "WebPage", "@id": url},
        "url": url,
        "name": publication.title,
        "headline": publication.title[:110],
        "datePublished": (publication.issued_on or publication.publish_at).isoformat(),
        "dateModified": publication.modified_at.isoformat(),
        "genre": publication.kind.name,
        "publisher": _organisation(request),
        "author": _organisation(request),
        "about": [
            {
                "@type": "Thing",
                "name": field.name,
                "url": _absolute(request, field.get_absolute_url()),
            }
            for field in publication.fields_of_work.all()
        ],
        "inLanguage": sorted({f.document.language for f in files}) or ["en"],
    }
    if publication.abstract:
        data["abstract"] = data["description"] = publication.abstract
    if keywords := [tag.name for tag in publication.tags.all()]:
        data["keywords"] = keywords
    if publication.cover:
        data["image"] = [_absolute(request, publication.cover.file.url)]
    encodings = [
        {
            "@type": "MediaObject",
            "contentUrl": _absolute(request, f.document.get_absolute_url()),
            "encodingFormat": f.document.mime_type,
            "contentSize": str(f.document.file_size),
            "inLanguage": f.document.language,
        }
        for f in files
    ]
    if encodings:
        data["encoding"] = encodings
    return jsonld_script(data)
