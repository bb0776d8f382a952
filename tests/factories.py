"""Builders for test data: small, explicit, no factory library needed."""

import itertools
from datetime import timedelta

from django.utils import timezone
from django.utils.text import slugify

from newsroom.models import NewsItem, NewsType
from structures.models import Country, FieldOfWork, Structure

_counter = itertools.count(1)


def make_news_type(name="News", **fields):
    return NewsType.objects.get_or_create(name=name, defaults={"slug": slugify(name), **fields})[0]


def make_field_of_work(name="Elections", **fields):
    defaults = {"slug": slugify(name), "listed": True, **fields}
    return FieldOfWork.objects.get_or_create(name=name, defaults=defaults)[0]


def make_country(name="Czechia", **fields):
    return Country.objects.get_or_create(name=name, defaults={"slug": slugify(name), **fields})[0]


def make_structure(name="Mission to Skopje", kind=Structure.Kind.FIELD_OPERATION, **fields):
    defaults = {"slug": slugify(name), "kind": kind, **fields}
    return Structure.objects.get_or_create(name=name, defaults=defaults)[0]


def make_news_item(title=None, *, published=True, publish_at=None, **fields):
    n = next(_counter)
    title = title or f"OSCE news item number {n}"
    item = NewsItem.objects.create(
        title=title,
        slug=fields.pop("slug", f"{slugify(title)[:200]}-{n}"),
        status=NewsItem.Status.PUBLISHED if published else NewsItem.Status.DRAFT,
        publish_at=publish_at or timezone.now() - timedelta(hours=n),
        lead=fields.pop("lead", f"Lead of item {n} about border management."),
        **fields,
    )
    return item


def make_news_items(count, **fields):
    return [make_news_item(**fields) for _ in range(count)]
