"""Sitemap alternates, the API's translations and language filter."""

import xml.etree.ElementTree as ET

import pytest

pytestmark = pytest.mark.django_db

NS = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9", "x": "http://www.w3.org/1999/xhtml"}


def sitemap(client, section):
    response = client.get(f"/sitemap-{section}.xml")
    assert response.status_code == 200
    root = ET.fromstring(response.content)
    return {
        url.find("s:loc", NS).text: {
            link.get("hreflang"): link.get("href") for link in url.findall("x:link", NS)
        }
        for url in root.findall("s:url", NS)
    }


def test_sitemap_names_each_items_translations(client, multilingual):
    urls = sitemap(client, "news")
    group = {
        "en": "http://testserver/newsroom/observers-en/",
        "ru": "http://testserver/ru/newsroom/nabliudateli-ru/",
        "fr": "http://testserver/fr/newsroom/observateurs-fr/",
    }
    for location in group.values():
        assert urls[location] == {**group, "x-default": group["en"]}
    assert urls["http://testserver/ru/newsroom/zaiavlenie-ru/"] == {}
    assert urls["http://testserver/newsroom/border-en/"] == {}


def test_sitemap_lists_every_page_in_every_language(client, multilingual):
    urls = sitemap(client, "topics")
    expected = {
        code: f"http://testserver{'' if code == 'en' else '/' + code}/fields-of-work/elections/"
        for code in ["en", "fr", "de", "it", "ru", "es"]
    }
    for location in expected.values():
        assert urls[location] == {**expected, "x-default": expected["en"]}
    pages = sitemap(client, "pages")
    assert pages["http://testserver/ru/newsroom/"]["fr"] == "http://testserver/fr/newsroom/"


@pytest.mark.parametrize("n", [1, 8])
def test_sitemap_news_queries_constant_with_translations(client, django_assert_num_queries, n):
    from tests.factories import make_news_item

    for i in range(n):
        source = make_news_item(f"Source {i}")
        make_news_item(f"Перевод {i}", language="ru", translation_of=source)
    # count, items, their translation groups
    with django_assert_num_queries(3):
        assert client.get("/sitemap-news.xml").status_code == 200


def test_api_item_names_its_translations(client, multilingual):
    english = multilingual["english"]
    data = client.get(f"/api/v1/news/{english.uuid}/").json()
    assert [(t["language"], t["title"]) for t in data["translations"]] == [
        ("fr", "Des observateurs déployés pour les élections"),
        ("ru", "Наблюдатели направлены на выборы"),
    ]
    assert data["translations"][1]["url"] == "http://testserver/ru/newsroom/nabliudateli-ru/"
    alone = client.get(f"/api/v1/news/{multilingual['russian_alone'].uuid}/").json()
    assert alone["translations"] == []
    assert alone["url"] == "http://testserver/ru/newsroom/zaiavlenie-ru/"


def test_api_filters_by_language(client, multilingual):
    data = client.get("/api/v1/news/?language=ru").json()
    assert {item["title"] for item in data["results"]} == {
        "Наблюдатели направлены на выборы",
        "Заявление Председателя",
    }
    both = client.get("/api/v1/news/?language=ru&language=fr").json()
    assert both["count"] == 4
    assert client.get("/api/v1/news/").json()["count"] == 6
    bad = client.get("/api/v1/news/?language=xx")
    assert bad.status_code == 400
    assert "language" in bad.content.decode()


def test_api_item_etag_changes_when_a_translation_is_added(client, multilingual):
    from tests.factories import make_news_item

    url = f"/api/v1/news/{multilingual['english_alone'].uuid}/"
    etag = client.get(url)["ETag"]
    make_news_item("Пограничники", language="ru", translation_of=multilingual["english_alone"])
    assert client.get(url, HTTP_IF_NONE_MATCH=etag).status_code == 200


def test_alerts_from_a_languages_newsroom_select_its_items(client, multilingual):
    from alerts import matching
    from alerts.models import NewsFilter

    page = client.get("/ru/alerts/?field=elections").content.decode()
    assert 'value="field=elections&amp;language=ru"' in page
    assert 'href="/ru/newsroom/?field=elections"' in page
    ids = [NewsFilter.objects.create(query="field=elections&language=ru").pk]
    assert matching.matching_filters(multilingual["russian_alone"], NewsFilter.objects.all()) == ids
    assert matching.matching_filters(multilingual["french_alone"], NewsFilter.objects.all()) == []


def test_alerts_from_the_english_newsroom_select_english_items(client, multilingual):
    from alerts import matching
    from alerts.models import NewsFilter

    page = client.get("/alerts/?field=elections").content.decode()
    assert 'value="field=elections&amp;language=en"' in page
    assert 'href="/newsroom/?field=elections"' in page
    english = NewsFilter.objects.create(query="field=elections&language=en")
    assert matching.matching_filters(multilingual["russian_alone"], NewsFilter.objects.all()) == []
    everything = NewsFilter.objects.create(query="field=elections")  # an API subscription
    matched = matching.matching_filters(multilingual["english_alone"], NewsFilter.objects.all())
    assert sorted(matched) == sorted([english.pk, everything.pk])
