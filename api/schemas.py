"""What the API answers, as pydantic models: the OpenAPI schema is generated from these."""

import datetime
import uuid
from typing import Literal

from ninja import Schema
from pydantic import AnyHttpUrl, Field


class Link(Schema):
    """A related record as news items name it."""

    slug: str
    name: str
    url: AnyHttpUrl | None = Field(description="Its page on the website, where it has one.")


class Rendition(Schema):
    url: AnyHttpUrl
    width: int
    height: int


class Image(Schema):
    url: AnyHttpUrl = Field(description="The original upload.")
    width: int
    height: int
    alt: str = Field(description="Alternative text: what the image shows.")
    caption: str
    credit: str
    renditions: list[Rendition] = Field(description="Narrower copies, narrowest first.")


class NewsItemSummary(Schema):
    uuid: uuid.UUID
    title: str
    lead: str
    published_at: datetime.datetime = Field(description="With its UTC offset.")
    modified_at: datetime.datetime
    undated: bool = Field(description="The source gave no date: published_at is when it came.")
    language: str = Field(description="ISO 639-1 code of the item's language, e.g. en.")
    content_type: Link | None
    place: str = Field(description="The dateline place, e.g. PRISTINA.")
    source: str
    structures: list[Link]
    fields_of_work: list[Link]
    countries: list[Link]
    tags: list[Link]
    url: AnyHttpUrl = Field(description="The item's page (canonical URL).")
    api_url: AnyHttpUrl


class Correction(Schema):
    noted_at: datetime.datetime
    note: str


class Translation(Schema):
    """Another language's version of a news item (the same translation group)."""

    language: str = Field(description="ISO 639-1 code, e.g. ru.")
    uuid: uuid.UUID
    title: str
    url: AnyHttpUrl = Field(description="Its page, under its language's prefix.")
    api_url: AnyHttpUrl


class NewsItemDetail(NewsItemSummary):
    body_html: str = Field(description="Cleaned HTML (a safe allow-list of elements).")
    image: Image | None
    corrections: list[Correction] = Field(description="Dated public corrections, oldest first.")
    translations: list[Translation] = Field(
        description="The item in other languages (published), in the site's language order."
    )


class NewsPage(Schema):
    count: int = Field(description="How many items match the filters, on every page.")
    next: AnyHttpUrl | None = Field(
        description="The next page (an opaque cursor), null on the last page. It stays "
        "correct while items are published: walking it misses nothing and repeats nothing."
    )
    results: list[NewsItemSummary]


class File(Schema):
    """One file of a publication, typically the same document in one language."""

    title: str
    language: str = Field(description="ISO 639-1 code of the file's language.")
    file_type: str = Field(description="e.g. pdf.")
    size: int = Field(description="In bytes.")
    pages: int | None = Field(description="Its page count, where known.")
    url: AnyHttpUrl = Field(description="The download.")


class PublicationSummary(Schema):
    uuid: uuid.UUID
    title: str
    abstract: str
    kind: Link
    issued_on: datetime.date | None = Field(
        description="The publication date as the source gives it (see date_precision)."
    )
    date_precision: Literal["day", "month", "year"]
    published_at: datetime.datetime = Field(description="When it was published on the site.")
    modified_at: datetime.datetime
    structures: list[Link]
    fields_of_work: list[Link]
    countries: list[Link]
    tags: list[Link]
    url: AnyHttpUrl = Field(description="The publication's page (canonical URL).")
    api_url: AnyHttpUrl


class PublicationDetail(PublicationSummary):
    body_html: str = Field(description="Cleaned HTML (a safe allow-list of elements).")
    files: list[File] = Field(description="Its files, in the order its page lists them.")
    corrections: list[Correction] = Field(description="Dated public corrections, oldest first.")


class PublicationPage(Schema):
    count: int = Field(description="How many publications match the filters, on every page.")
    next: AnyHttpUrl | None = Field(
        description="The next page (an opaque cursor), null on the last page."
    )
    results: list[PublicationSummary]


class Record(Schema):
    """A field of work, structure, country, content type or tag, and where to find its news."""

    slug: str
    name: str
    url: AnyHttpUrl = Field(description="Its page on the website.")
    newsroom_url: AnyHttpUrl = Field(description="The newsroom filtered for it.")
    news_api_url: AnyHttpUrl = Field(description="This API's news list filtered for it.")
    feed_url: AnyHttpUrl = Field(description="The JSON Feed filtered for it.")


class FieldOfWork(Record):
    listed: bool = Field(description="Shown in the website's navigation.")


class Structure(Record):
    kind: str
    closed: bool
    closed_on: datetime.date | None
    established_on: datetime.date | None
    host_country: str | None = Field(description="The host country's slug (field operations).")
    parent: str | None = Field(description="The parent structure's slug.")


class Country(Record):
    kind: Literal["participating_state", "asian_partner", "mediterranean_partner"]


class ContentType(Record):
    plural: str


class InvalidParameter(Schema):
    name: str
    reason: str


class Problem(Schema):
    """An RFC 9457 problem document (application/problem+json)."""

    type: str
    title: str
    status: int
    detail: str | None = None
    invalid_params: list[InvalidParameter] | None = Field(
        None,
        alias="invalid-params",
        description="Each bad parameter and what is wrong with it (400 only).",
    )
