"""The read-only JSON API (django-ninja): operations, their parameters and their errors.

Every operation reads through published() and the website's FilterSet of its list (the
newsroom's, the publications'; api/listing.py),
answers 304 from its validators before building anything (api/http.py), and reports bad
input as an RFC 9457 problem document (osce_site/errors.py).
"""

import json
import uuid as uuid_module
from typing import Annotated

from django.contrib.contenttypes.models import ContentType
from django.db.models import Exists, OuterRef, Prefetch, prefetch_related_objects
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from ninja import NinjaAPI, Query, Schema
from ninja.errors import ValidationError
from pydantic import Field, WithJsonSchema
from taggit.models import Tag, TaggedItem

from api import schemas
from api.http import etag_of, not_modified, public_headers
from api.listing import MAX_PAGE_SIZE, VERSION, BadParameters, NewsListing, PublicationListing
from newsroom.editorial.sanitize import clean_html
from newsroom.feeds import matching, newest_edits, state_last_modified
from newsroom.listing.filters import MAX_QUERY_LENGTH, MAX_VALUES, SLUG_RE, SORTS
from newsroom.models import NewsItem, NewsType
from newsroom.translations import LANGUAGE_ORDER as LANGUAGES
from newsroom.translations import in_language_order
from osce_site.errors import problem
from publications.feeds import PUBLICATION_TAXONOMY
from publications.filters import LANGUAGES as FILE_LANGUAGES
from publications.models import Publication, PublicationFile
from structures import models as structures


class OpenDataAPI(NinjaAPI):
    def get_openapi_schema(self, *args, **kwargs):
        """The generated schema, with errors documented as the problem documents they are."""
        schema = super().get_openapi_schema(*args, **kwargs)
        for methods in schema["paths"].values():
            for operation in methods.values():
                for status, answer in operation["responses"].items():
                    if int(status) >= 400 and "application/json" in answer.get("content", {}):
                        content = answer["content"]
                        content["application/problem+json"] = content.pop("application/json")
        return schema


api = OpenDataAPI(
    title="OSCE newsroom open data",
    version=VERSION,
    description=(
        "Read-only, anonymous JSON for the OSCE newsroom: news items with every newsroom "
        "filter, publications with every filter of the publications list, and the fields "
        "of work, structures, countries, content types and tags they are filed under. Only "
        "published items ever appear. Every answer has an ETag and Last-Modified (send "
        "If-None-Match or If-Modified-Since to get a 304), "
        "Cache-Control: public, and Access-Control-Allow-Origin: *. Searches and filtered "
        "lists share the website's rate limit (429 with Retry-After). Errors are RFC 9457 "
        "problem documents."
    ),
    urls_namespace="api:v1",
    docs_url=None,
    openapi_url=None,  # served by openapi() below, with the API's headers
)
api.add_decorator(public_headers, mode="view")

PROBLEM = {400: schemas.Problem, 404: schemas.Problem, 429: schemas.Problem}


def or_empty(schema):
    """An empty value means "not given", as when the newsroom's form sends a blank field."""
    return {"anyOf": [schema, {"type": "string", "maxLength": 0}]}


def slugs(description):
    schema = {
        "type": "array",
        "items": or_empty({"type": "string", "pattern": SLUG_RE.pattern}),
        "maxItems": MAX_VALUES,
        "description": f"{description} Repeat it for any of several (OR); filters AND.",
    }
    return Annotated[list[str] | None, WithJsonSchema(schema)]


def day(description):
    schema = {**or_empty({"type": "string", "format": "date"}), "description": description}
    return Annotated[str | None, WithJsonSchema(schema)]


def full_text(description):
    schema = {
        "type": "string",
        "maxLength": MAX_QUERY_LENGTH,
        "pattern": "^[^\\u0000]*$",  # Django's forms refuse NUL characters
        "description": description,
    }
    return Annotated[str | None, WithJsonSchema(schema)]


def languages(codes, description):
    schema = {
        "type": "array",
        "items": or_empty({"type": "string", "enum": codes}),
        "maxItems": MAX_VALUES,
        "description": f"{description} (ISO 639-1 code). Repeat it for any of several (OR).",
    }
    return Annotated[list[str] | None, WithJsonSchema(schema)]


# What every list takes besides its own filters: its dates, its order, its pages.
FIELD = slugs("Field of work slug (see fields-of-work).")
STRUCTURE = slugs("Structure slug (see structures).")
COUNTRY = slugs("Country slug (see countries).")
TAG = slugs("Tag slug (see tags).")
FROM = Field(None, alias="from")
SORT = Annotated[
    str | None,
    WithJsonSchema(
        {
            **or_empty({"type": "string", "enum": list(SORTS)}),
            "description": "newest (default), oldest, or relevance (with q; its default).",
        }
    ),
]
PAGE_SIZE = Annotated[
    str | None,
    WithJsonSchema({"type": "integer", "minimum": 1, "maximum": MAX_PAGE_SIZE, "default": 20}),
]
CURSOR = Annotated[
    str | None,
    WithJsonSchema({"type": "string", "description": "From a `next` link; never made by hand."}),
]


class NewsFilters(Schema):
    """The newsroom's filter parameters; the FilterSet, not pydantic, checks their values."""

    q: full_text("Full text: title, lead and body.") = None
    type: slugs("Content type slug (see content-types).") = None
    field: FIELD = None
    structure: STRUCTURE = None
    country: COUNTRY = None
    tag: TAG = None
    language: languages(LANGUAGES, "Items written in this language") = None
    from_: day("Published on or after this day (YYYY-MM-DD, Vienna time).") = FROM
    to: day("Published on or before this day (YYYY-MM-DD).") = None
    sort: SORT = None
    page_size: PAGE_SIZE = None
    cursor: CURSOR = None


class PublicationFilters(Schema):
    """The publications list's filter parameters, checked by its FilterSet."""

    q: full_text("Full text: title, abstract, body and the text of its PDF files.") = None
    kind: slugs("Kind slug: studies-and-reports, manuals-and-guides, projects, stories, …") = None
    field: FIELD = None
    structure: STRUCTURE = None
    country: COUNTRY = None
    tag: TAG = None
    language: languages(list(FILE_LANGUAGES), "Publications with a file in this language") = None
    from_: day("Dated on or after this day (YYYY-MM-DD).") = FROM
    to: day("Dated on or before this day (YYYY-MM-DD).") = None
    sort: SORT = None
    page_size: PAGE_SIZE = None
    cursor: CURSOR = None


# Errors ----------------------------------------------------------------------------------


@api.exception_handler(BadParameters)
def bad_parameters(request, error):
    invalid = [{"name": name, "reason": reason} for name, reason in error.invalid]
    names = ", ".join(dict.fromkeys(name for name, _ in error.invalid))
    return problem(
        400, "Invalid parameters", f"Bad value for: {names}.", **{"invalid-params": invalid}
    )


@api.exception_handler(ValidationError)
def invalid_request(request, error):
    invalid = [{"name": str(e["loc"][-1]), "reason": e.get("msg", "invalid")} for e in error.errors]
    return problem(400, "Invalid parameters", **{"invalid-params": invalid})


@api.exception_handler(Http404)
def not_found(request, error):
    return problem(404, detail=str(error) or None)


# Absolute links --------------------------------------------------------------------------


def links(request, records, url=True):
    absolute = request.build_absolute_uri
    return [
        {"slug": r.slug, "name": r.name, "url": absolute(r.get_absolute_url()) if url else None}
        for r in records
    ]


def filtered(request, parameter, slug):
    """(newsroom URL, API news URL, JSON Feed URL) filtered for one record."""
    query = "?" + urlencode({parameter: slug})
    absolute = request.build_absolute_uri
    return {
        "newsroom_url": absolute(reverse("newsroom:newsitem-list") + query),
        "news_api_url": absolute(reverse("api:v1:news_list") + query),
        "feed_url": absolute(reverse("newsroom:feed-json") + query),
    }


def item_fields(request, item, countries, tags):
    absolute = request.build_absolute_uri
    news_type = item.news_type
    return {
        "uuid": item.uuid,
        "title": item.title,
        "lead": item.lead,
        "published_at": item.publish_at,
        "modified_at": item.modified_at,
        "undated": item.undated,
        "language": item.language,
        "content_type": news_type
        and {
            "slug": news_type.slug,
            "name": news_type.name,
            "url": absolute(reverse("newsroom:newsitem-list") + f"?type={news_type.slug}"),
        },
        "place": item.place,
        "source": item.source,
        "structures": links(request, item.listed_structures),
        "fields_of_work": links(request, item.listed_fields),
        "countries": links(request, countries),
        "tags": [
            {
                "slug": tag.slug,
                "name": tag.name,
                "url": absolute(reverse("newsroom:tag-detail", args=[tag.slug])),
            }
            for tag in tags
        ],
        "url": absolute(item.get_absolute_url()),
        "api_url": absolute(reverse("api:v1:news_detail", args=[item.uuid])),
    }


def list_page(request, response, listing_class, fields):
    """A page of a list (api/listing.py) as data, each row by `fields`; or the 304 its
    validators allow."""
    listing = listing_class.for_request(request)
    if answer := not_modified(request, response, listing.etag, listing.last_modified):
        return answer
    rows, _ = listing.rows
    return {
        "count": listing.count,
        "next": listing.next_url,
        "results": [fields(request, row, row.listed_countries, row.listed_tags) for row in rows],
    }


UUID = Annotated[str, WithJsonSchema({"type": "string", "format": "uuid"})]


def published_by_uuid(public, uuid):
    """The row alone of the item of `public` with this uuid (a 304 needs no relation); 404
    when there is none."""
    try:
        key = uuid_module.UUID(uuid)
    except ValueError:
        key = None
    found = key and public.prefetch_related(None).filter(uuid=key).first()
    if found is None:
        noun = public.model._meta.verbose_name
        raise Http404(f"No published {noun} has this uuid.")
    return found


# News ------------------------------------------------------------------------------------


@api.get(
    "/news/",
    response={200: schemas.NewsPage, **PROBLEM},
    url_name="news_list",
    summary="News items, newest first, with the newsroom's filters",
    tags=["news"],
)
def news_list(request, response: HttpResponse, filters: Query[NewsFilters]):
    """The newsroom's list as data. `count` is the number of matching items; follow `next`
    (a cursor) for the following page. Any bad parameter is a 400 naming it."""
    return list_page(request, response, NewsListing, item_fields)


@api.get(
    "/news/{uuid}/",
    response={200: schemas.NewsItemDetail, **PROBLEM},
    url_name="news_detail",
    summary="One news item with every public field",
    tags=["news"],
)
def news_detail(
    request,
    response: HttpResponse,
    uuid: UUID,
):
    """By the item's uuid, which never changes (the feeds' ids are `urn:uuid:<uuid>`)."""
    public = NewsItem.objects.published().for_feed()
    item = published_by_uuid(public, uuid)
    taxonomy = (newest_edits() or {}).get("taxonomy")
    translations = in_language_order(
        NewsItem.objects.published()
        .group_of(item)
        .exclude(pk=item.pk)
        .only("uuid", "title", "slug", "language", "updated_at", "publish_at")
    )
    edits = [moment for other in translations for moment in (other.uuid, other.modified_at)]
    etag = etag_of(VERSION, request.path, item.updated_at, item.publish_at, taxonomy, *edits)
    last_modified = max(filter(None, [item.modified_at, taxonomy]))
    if answer := not_modified(request, response, etag, last_modified):
        return answer
    prefetch_related_objects([item], *public._prefetch_related_lookups, "corrections")
    return {
        **item_fields(request, item, item.listed_countries, item.listed_tags),
        "body_html": clean_html(item.body),
        "image": image(request, item),
        "corrections": [{"noted_at": c.noted_at, "note": c.note} for c in item.corrections.all()],
        "translations": [
            {
                "language": other.language,
                "uuid": other.uuid,
                "title": other.title,
                "url": request.build_absolute_uri(other.get_absolute_url()),
                "api_url": request.build_absolute_uri(
                    reverse("api:v1:news_detail", args=[other.uuid])
                ),
            }
            for other in translations
        ],
    }


def image(request, item):
    """The lead image (from the library) with its renditions, narrowest first, or None."""
    image = item.lead_image
    if image is None or not image.file:
        return None
    absolute, storage = request.build_absolute_uri, image.file.storage
    return {
        "url": absolute(image.file.url),
        "width": image.width,
        "height": image.height,
        "alt": image.alt,
        "caption": item.image_caption or image.caption,
        "credit": image.credit,
        "renditions": [
            {"url": absolute(storage.url(r["name"])), "width": r["width"], "height": r["height"]}
            for r in (image.renditions or [])[:-1]  # the last is the original
        ],
    }


# Publications ----------------------------------------------------------------------------


def publication_fields(request, publication, countries, tags):
    absolute = request.build_absolute_uri
    kind = publication.kind
    listed = reverse("publications:publication-list")
    return {
        "uuid": publication.uuid,
        "title": publication.title,
        "abstract": publication.abstract,
        "kind": {
            "slug": kind.slug,
            "name": kind.name,
            "url": absolute(f"{listed}?kind={kind.slug}"),
        },
        "issued_on": publication.issued_on,
        "date_precision": publication.date_precision,
        "published_at": publication.publish_at,
        "modified_at": publication.modified_at,
        "structures": links(request, publication.listed_structures),
        "fields_of_work": links(request, publication.listed_fields),
        "countries": links(request, countries),
        "tags": [
            {"slug": tag.slug, "name": tag.name, "url": absolute(f"{listed}?tag={tag.slug}")}
            for tag in tags
        ],
        "url": absolute(publication.get_absolute_url()),
        "api_url": absolute(reverse("api:v1:publication_detail", args=[publication.uuid])),
    }


@api.get(
    "/publications/",
    response={200: schemas.PublicationPage, **PROBLEM},
    url_name="publication_list",
    summary="Publications, newest first, with the publications list's filters",
    tags=["publications"],
)
def publication_list(request, response: HttpResponse, filters: Query[PublicationFilters]):
    """The publications list as data (studies and reports, manuals and guides, projects,
    stories). `count` is the number of matching publications; follow `next` (a cursor) for
    the following page. Any bad parameter is a 400 naming it."""
    return list_page(request, response, PublicationListing, publication_fields)


@api.get(
    "/publications/{uuid}/",
    response={200: schemas.PublicationDetail, **PROBLEM},
    url_name="publication_detail",
    summary="One publication with its files",
    tags=["publications"],
)
def publication_detail(
    request,
    response: HttpResponse,
    uuid: UUID,
):
    """By the publication's uuid, which never changes."""
    public = Publication.objects.published().for_feed()
    publication = published_by_uuid(public, uuid)
    taxonomy = (newest_edits(Publication, PUBLICATION_TAXONOMY) or {}).get("taxonomy")
    etag = etag_of(VERSION, request.path, publication.updated_at, publication.publish_at, taxonomy)
    last_modified = max(filter(None, [publication.modified_at, taxonomy]))
    if answer := not_modified(request, response, etag, last_modified):
        return answer
    files = PublicationFile.objects.select_related("document")
    prefetch_related_objects(
        [publication],
        *public._prefetch_related_lookups,
        Prefetch("files", files),
        "corrections",
    )
    absolute = request.build_absolute_uri
    return {
        **publication_fields(
            request, publication, publication.listed_countries, publication.listed_tags
        ),
        "body_html": clean_html(publication.body),
        "files": [
            {
                "title": f.document.title,
                "language": f.document.language,
                "file_type": f.document.file_type,
                "size": f.document.file_size,
                "pages": f.document.page_count,
                "url": absolute(f.document.get_absolute_url()),
            }
            for f in publication.files.all()
        ],
        "corrections": [
            {"noted_at": c.noted_at, "note": c.note} for c in publication.corrections.all()
        ],
    }


# Fields of work, structures, countries, content types, tags ------------------------------


def records(request, response, rows, parameter, extra):
    """A taxonomy list. Its ETag is computed from its rows (small tables, loaded anyway), so
    renaming a content type or tag, which no timestamp records, still changes it; its
    Last-Modified is the newsroom's newest edit or publication (a tag appears in the list
    when its first item goes live)."""
    rows = [(r, extra(r)) for r in rows]
    state = matching(NewsItem.objects.published())
    last_modified = max(filter(None, [state_last_modified(state), state["taxonomy"]]), default=None)
    etag = etag_of(VERSION, request.get_full_path(), [(r.slug, r.name, e) for r, e in rows])
    if answer := not_modified(request, response, etag, last_modified):
        return answer
    absolute = request.build_absolute_uri
    return [
        {
            "slug": r.slug,
            "name": r.name,
            "url": absolute(url_of(r, parameter)),
            **filtered(request, parameter, r.slug),
            **more,
        }
        for r, more in rows
    ]


def url_of(record, parameter):
    if parameter == "type":  # content types have no page of their own: their newsroom list
        return reverse("newsroom:newsitem-list") + "?" + urlencode({"type": record.slug})
    if parameter == "tag":
        return reverse("newsroom:tag-detail", args=[record.slug])
    return record.get_absolute_url()


@api.get(
    "/fields-of-work/",
    response={200: list[schemas.FieldOfWork], **PROBLEM},
    url_name="fieldofwork_list",
    summary="Fields of work (topics)",
    tags=["taxonomy"],
)
def fieldofwork_list(request, response: HttpResponse):
    rows = structures.FieldOfWork.objects.only("slug", "name", "listed", "position")
    return records(request, response, rows, "field", lambda r: {"listed": r.listed})


@api.get(
    "/structures/",
    response={200: list[schemas.Structure], **PROBLEM},
    url_name="structure_list",
    summary="Structures and institutions, closed ones included",
    tags=["taxonomy"],
)
def structure_list(request, response: HttpResponse):
    rows = structures.Structure.objects.select_related("host_country", "parent").only(
        "slug",
        "name",
        "kind",
        "closed",
        "closed_on",
        "established_on",
        "position",
        "host_country__slug",
        "parent__slug",
    )

    def extra(r):
        return {
            "kind": r.kind,
            "closed": r.closed,
            "closed_on": r.closed_on,
            "established_on": r.established_on,
            "host_country": r.host_country.slug if r.host_country else None,
            "parent": r.parent.slug if r.parent else None,
        }

    return records(request, response, rows, "structure", extra)


@api.get(
    "/countries/",
    response={200: list[schemas.Country], **PROBLEM},
    url_name="country_list",
    summary="Participating States and Partners for Co-operation",
    tags=["taxonomy"],
)
def country_list(request, response: HttpResponse):
    rows = structures.Country.objects.only("slug", "name", "kind")
    return records(request, response, rows, "country", lambda r: {"kind": r.kind})


@api.get(
    "/content-types/",
    response={200: list[schemas.ContentType], **PROBLEM},
    url_name="contenttype_list",
    summary="Content types: News, Press release, …",
    tags=["taxonomy"],
)
def contenttype_list(request, response: HttpResponse):
    rows = NewsType.objects.all()
    return records(request, response, rows, "type", lambda r: {"plural": r.plural_name})


@api.get(
    "/tags/",
    response={200: list[schemas.Record], **PROBLEM},
    url_name="tag_list",
    summary="Tags of published items",
    tags=["taxonomy"],
)
def tag_list(request, response: HttpResponse):
    """Only tags that a published item carries: a tag on drafts alone stays private."""
    tagged = TaggedItem.objects.filter(
        tag=OuterRef("pk"),
        content_type=ContentType.objects.get_for_model(NewsItem),
        object_id__in=NewsItem.objects.published().values("pk"),
    )
    rows = Tag.objects.filter(Exists(tagged)).order_by("name", "pk")
    return records(request, response, rows, "tag", lambda r: {})


# The schema and its documentation --------------------------------------------------------

LOADED_AT = timezone.now()  # the schema comes from the code: it changes when the code does


@public_headers
def openapi(request):
    body = json.dumps(api.get_openapi_schema(path_prefix=reverse("api:v1:api-root")))
    response = HttpResponse(body, content_type="application/json")
    return not_modified(request, response, etag_of(body), LOADED_AT) or response


def docs(request):
    """/api/: the OpenAPI schema as a page (server-rendered: no script, strict CSP holds)."""
    schema = api.get_openapi_schema(path_prefix=reverse("api:v1:api-root"))
    operations = [
        {
            "path": path,
            "method": method.upper(),
            "summary": operation.get("summary", ""),
            "description": operation.get("description", ""),
            "parameters": [described(p) for p in operation.get("parameters", [])],
            "responses": {s: r.get("description", "") for s, r in operation["responses"].items()},
            "id": operation["operationId"],
        }
        for path, methods in schema["paths"].items()
        for method, operation in methods.items()
    ]
    return render(
        request,
        "api/docs.html",
        {
            "schema": schema,
            "operations": operations,
            "openapi_url": reverse("api:openapi"),
            "news_url": request.build_absolute_uri(reverse("api:v1:news_list")),
            "feed_url": request.build_absolute_uri(reverse("newsroom:feed-json")),
        },
    )


def described(parameter):
    """A parameter of the schema in words: name, where it goes, its type and meaning."""
    schema = parameter.get("schema", {})
    described_as = schema.get("description") or parameter.get("description", "")
    schema = schema.get("anyOf", [schema])[0]  # or_empty(): the first is the value's type
    kind = schema.get("type", "string")
    if kind == "array":
        kind = f"list of {schema['items'].get('anyOf', [schema['items']])[0]['type']}"
    if "format" in schema:
        kind += f" ({schema['format']})"
    if "enum" in schema:
        kind += ": " + ", ".join(schema["enum"])
    if "maximum" in schema:
        kind += f", {schema.get('minimum', 0)}–{schema['maximum']}"
    return {
        "name": parameter["name"],
        "in": parameter["in"],
        "required": parameter.get("required", False),
        "type": kind,
        "description": described_as,
    }
