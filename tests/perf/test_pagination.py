import pytest
from django.core.management import call_command
from django.db import connection
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext

from newsroom.listing import pagination
from newsroom.listing.pagination import ArchivePaginator, filter_key
from newsroom.models import NewsItem
from structures.models import FieldOfWork
from tests.factories import make_news_item


@pytest.fixture
def archive(db):
    call_command("generate_content", items=70, seed=4)


def titles(page):
    return [item.title for item in page.object_list]


@pytest.mark.django_db
def test_pagination_deep_pages_by_key_match_plain_offset(archive, monkeypatch):
    queryset = NewsItem.objects.published().for_listing().order_by("-publish_at", "-id")
    plain = [titles(ArchivePaginator(queryset, 20).page(n)) for n in (1, 2, 3, 4)]

    monkeypatch.setattr(pagination, "DEEP_OFFSET", 20)
    by_key = [titles(ArchivePaginator(queryset, 20).page(n)) for n in (1, 2, 3, 4)]

    assert by_key == plain
    assert len(by_key[3]) == 10


@pytest.mark.django_db
def test_pagination_deep_page_selects_keys_then_rows(archive, monkeypatch):
    monkeypatch.setattr(pagination, "DEEP_OFFSET", 20)
    paginator = ArchivePaginator(NewsItem.objects.published().for_listing(), 20)
    assert paginator.count == 70

    with CaptureQueriesContext(connection) as queries:
        items = list(paginator.page(3).object_list)

    assert len(items) == 20
    keys_query = queries.captured_queries[0]["sql"]
    assert "OFFSET 40" in keys_query
    assert "body" not in keys_query.split("FROM")[0]  # only the key, not whole rows
    assert all(item.structures.all() is not None for item in items)


@pytest.mark.django_db
def test_pagination_newsroom_deep_page_url(client, archive, monkeypatch):
    monkeypatch.setattr(pagination, "DEEP_OFFSET", 20)
    # The English newsroom: generate_content writes a fifth of the items in French or Russian.
    english = NewsItem.objects.published().in_language("en")
    newest_first = list(english.values_list("title", flat=True))

    response = client.get("/newsroom/?page=3")

    assert response.status_code == 200
    assert newest_first[40] in response.content.decode()
    assert client.get("/newsroom/?page=5").status_code == 404


@pytest.mark.django_db
def test_pagination_count_cached_until_content_changes(settings):
    settings.CACHE_COUNT_SECONDS = 300
    make_news_item()
    queryset = NewsItem.objects.published()

    assert ArchivePaginator(queryset, 20, cache_key="all").count == 1
    with CaptureQueriesContext(connection) as queries:
        assert ArchivePaginator(queryset, 20, cache_key="all").count == 1
    assert len(queries) == 0

    make_news_item()

    assert ArchivePaginator(queryset, 20, cache_key="all").count == 2


@pytest.mark.django_db
def test_pagination_count_not_cached_when_turned_off(settings):
    settings.CACHE_COUNT_SECONDS = 0
    make_news_item()
    ArchivePaginator(NewsItem.objects.published(), 20, cache_key="all").count  # noqa: B018

    with CaptureQueriesContext(connection) as queries:
        assert ArchivePaginator(NewsItem.objects.published(), 20, cache_key="all").count == 1
    assert len(queries) == 1


@pytest.mark.django_db
def test_pagination_newsroom_second_request_skips_count_and_facets(client, archive, settings):
    settings.CACHE_COUNT_SECONDS = 300
    with CaptureQueriesContext(connection) as first:
        client.get("/newsroom/?page=2")
    with CaptureQueriesContext(connection) as second:
        response = client.get("/newsroom/?page=3")

    assert response.status_code == 200
    assert len(second) <= len(first) - 5  # the count and the five facet queries
    assert not any("COUNT(" in q["sql"].upper() for q in second.captured_queries)


@pytest.mark.django_db
def test_pagination_filter_records_kept_until_content_changes(client, archive, settings):
    settings.CACHE_COUNT_SECONDS = 300
    url = "/newsroom/?field=border-management&type=news"
    client.get(url)
    with CaptureQueriesContext(connection) as again:
        response = client.get(url + "&page=1")
    tables = " ".join(q["sql"] for q in again.captured_queries)
    assert response.status_code == 200
    assert 'FROM "newsroom_newstype"' not in tables  # the slugs were resolved before
    assert 'FROM "structures_fieldofwork" WHERE' not in tables

    FieldOfWork.objects.filter(slug="border-management").update(slug="borders")
    html = client.get(url).content.decode()
    assert "ignored: unknown field of work &#x27;border-management&#x27;" in html
    assert client.get("/newsroom/?field=borders&type=news").status_code == 200


@pytest.mark.django_db
def test_pagination_page_keys_cached_until_content_changes(client, archive, settings):
    settings.CACHE_COUNT_SECONDS = 300
    client.get("/newsroom/?page=2")
    with CaptureQueriesContext(connection) as again:
        response = client.get("/newsroom/?page=2")
    assert not any("OFFSET" in q["sql"] for q in again.captured_queries)
    newest = NewsItem.objects.published().in_language("en")[20]

    newest.title = "Retitled on page two"
    newest.save()

    assert "Retitled on page two" in client.get("/newsroom/?page=2").content.decode()
    assert response.status_code == 200


def test_pagination_filter_key_ignores_page_and_order_of_parameters():
    factory = RequestFactory()
    a = filter_key(factory.get("/newsroom/?type=news&field=elections&page=3"))
    b = filter_key(factory.get("/newsroom/?field=elections&type=news"))
    c = filter_key(factory.get("/newsroom/tags/water/?field=elections&type=news"))

    assert a == b
    assert a != c
