"""Search in each language: PostgreSQL stems with the item's and the page's configuration;
SQLite keeps its plain substring fallback."""

import pytest
from django.db import connection
from django.http import QueryDict

from newsroom.listing.filters import NewsItemFilter
from newsroom.models import NewsItem
from tests.factories import make_news_item

pytestmark = pytest.mark.django_db


def titles(client, path):
    response = client.get(path)
    assert response.status_code == 200
    return {item.title for item in response.context["object_list"]}


@pytest.fixture
def inflected(db):
    return {
        "ru": make_news_item("Итоги выборов", language="ru", lead="Миссия завершила работу."),
        "fr": make_news_item("Bilan de l'élection", language="fr", lead="La mission a conclu."),
        "de": make_news_item("Wahlen in Moldau", language="de", lead="Die Beobachter berichten."),
        "en": make_news_item("Observers report", lead="The mission observed elections."),
    }


def test_russian_query_finds_other_word_forms(client, inflected):
    if connection.vendor == "postgresql":
        assert titles(client, "/ru/newsroom/?q=выборы") == {"Итоги выборов"}
        assert titles(client, "/ru/newsroom/?q=выбор") == {"Итоги выборов"}
    else:  # the fallback matches substrings only
        assert titles(client, "/ru/newsroom/?q=выборы") == set()
        assert titles(client, "/ru/newsroom/?q=выбор") == {"Итоги выборов"}


def test_french_query_finds_other_word_forms(client, inflected):
    if connection.vendor == "postgresql":
        assert titles(client, "/fr/newsroom/?q=élections") == {"Bilan de l'élection"}
        assert titles(client, "/fr/newsroom/?q=élection&sort=relevance") == {"Bilan de l'élection"}
    else:
        assert titles(client, "/fr/newsroom/?q=élections") == set()
        assert titles(client, "/fr/newsroom/?q=élection") == {"Bilan de l'élection"}


def test_search_highlights_in_the_pages_language(client, inflected):
    html = client.get("/ru/newsroom/?q=выборов").content.decode()
    assert "<mark>выборов</mark>" in html


def test_stored_vector_uses_the_items_language(inflected):
    if connection.vendor != "postgresql":
        assert NewsItem.objects.filter(search_vector__isnull=False).count() == 0
        return
    vectors = dict(NewsItem.objects.values_list("language", "search_vector"))
    assert "'выбор':2A" in vectors["ru"]  # Russian stem, not the English parser's word
    assert "'élect'" in vectors["fr"]
    assert "'wahl':1A" in vectors["de"]
    # An edit that changes the language re-stems the item.
    item = inflected["de"]
    item.language = "en"
    item.save()
    assert "'wahlen':1A" in NewsItem.objects.get(pk=item.pk).search_vector


def test_api_searches_in_the_language_asked_for(client, inflected):
    data = client.get("/api/v1/news/", {"q": "выборов", "language": "ru"}).json()
    assert [item["title"] for item in data["results"]] == ["Итоги выборов"]
    filterset = NewsItemFilter(
        QueryDict("language=fr&q=%C3%A9lection"), queryset=NewsItem.objects.published()
    )
    assert filterset.search_language == "fr"
    assert [item.title for item in filterset.qs] == ["Bilan de l'élection"]
