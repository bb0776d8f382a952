"""Every public page type runs the same number of queries with 5 and with 60 items.

The archive is made by generate_content, so every item has a type, structures, fields of
work and (mostly) countries and tags: the relations a page prefetches are all exercised.
"""

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from newsroom.models import NewsItem
from publications.models import Publication


def item_with_everything():
    """In English: the pages below are the English ones, whose lists would leave out a
    French or Russian item (generate_content writes some), empty with 5 items, not with 60."""
    return (
        NewsItem.objects.published()
        .filter(countries__isnull=False, tags__isnull=False, language="en")
        .order_by("pk")
        .first()
    )


def pages():
    item = item_with_everything()
    field = item.fields_of_work.order_by("pk").first()
    structure = item.structures.order_by("pk").first()
    country = item.countries.order_by("pk").first()
    tag = item.tags.order_by("pk").first()
    news_type = item.news_type
    publication = publication_with_files()
    # The publications' own topic and one of its files' languages, so that their filtered
    # list and feed are never empty (with `language=en`, they were when no file was English).
    publication_field = publication.fields_of_work.order_by("pk").first()
    publication_language = (
        publication.files.order_by("pk").values_list("document__language", flat=True).first()
    )
    return {
        "home": "/",
        "newsroom": "/newsroom/",
        "newsroom filtered": f"/newsroom/?field={field.slug}&type={news_type.slug}",
        "newsroom search": "/newsroom/?q=OSCE",
        "tag page": f"/newsroom/tags/{tag.slug}/",
        "news item": item.get_absolute_url(),
        "rss": "/newsroom/rss/",
        "atom": f"/newsroom/atom/?structure={structure.slug}",
        "field of work": field.get_absolute_url(),
        "structure": structure.get_absolute_url(),
        "country": country.get_absolute_url(),
        "fields of work": "/fields-of-work/",
        "structures": "/structures/",
        "field operations": "/field-operations/",
        "countries": "/countries/",
        "meetings": "/meetings/",
        "sitemap": "/sitemap.xml",
        "publications": "/publications/",
        "publications filtered": (
            f"/publications/?field={publication_field.slug}&language={publication_language}"
        ),
        "publications search": "/publications/?q=OSCE",
        "publication": publication.get_absolute_url(),
        "publications rss": f"/publications/rss/?field={publication_field.slug}",
        "site search": "/search/?q=OSCE",
    }


def publication_with_files():
    return Publication.objects.published().filter(files__isnull=False).order_by("pk").first()


def query_counts(client):
    counts = {}
    for name, url in pages().items():
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
        assert response.status_code == 200, (name, url)
        counts[name] = len(queries)
    return counts


@pytest.mark.django_db
def test_query_counts_same_with_5_and_60_items_for_every_page_type(client):
    call_command("generate_content", items=45, publications=5, seed=1)  # taxonomy, old items
    NewsItem.objects.update(publish_at="2000-01-01T00:00:00Z")
    call_command("generate_content", items=5, seed=2)  # 5 items on every page
    NewsItem.objects.filter(publish_at__year=2000).update(status=NewsItem.Status.DRAFT)
    few = query_counts(client)

    NewsItem.objects.update(status=NewsItem.Status.PUBLISHED)
    call_command("generate_content", items=15, publications=40, seed=3)
    assert NewsItem.objects.published().count() == 65
    many = query_counts(client)

    assert many == few
    assert max(few.values()) <= 20
