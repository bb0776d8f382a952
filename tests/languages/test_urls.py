"""The URL alone decides the language: prefixes, unknown codes, no Accept-Language, caches."""

import pytest
from django.urls import reverse
from django.utils.translation import override

pytestmark = pytest.mark.django_db

LANGUAGES = ["fr", "de", "it", "ru", "es"]


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize(
    "path",
    [
        "",
        "about/",
        "newsroom/",
        "newsroom/rss/",
        "newsroom/atom/",
        "newsroom/feed.json",
        "fields-of-work/",
        "fields-of-work/elections/",
        "structures/",
        "structures/odihr/",
        "field-operations/",
        "countries/",
        "countries/ukraine/",
        "meetings/",
        "alerts/",
    ],
)
def test_every_public_url_exists_under_every_prefix(client, multilingual, language, path):
    response = client.get(f"/{language}/{path}")
    assert response.status_code == 200, path
    assert response["Content-Language"] == language


def test_english_has_no_prefix(client, multilingual):
    assert client.get("/newsroom/").status_code == 200
    assert client.get("/en/newsroom/").status_code == 404
    assert reverse("newsroom:newsitem-list") == "/newsroom/"
    with override("ru"):
        assert reverse("newsroom:newsitem-list") == "/ru/newsroom/"


@pytest.mark.parametrize("path", ["/xx/newsroom/", "/pt/newsroom/", "/fr-ca/newsroom/"])
def test_unknown_language_prefix_is_404(client, multilingual, path):
    assert client.get(path).status_code == 404


@pytest.mark.parametrize(
    "path", ["/ru/admin/", "/ru/api/v1/news/", "/ru/sitemap.xml", "/ru/healthz"]
)
def test_admin_api_sitemap_and_health_have_no_prefix(client, path):
    assert client.get(path).status_code == 404


def test_accept_language_and_cookie_change_nothing(client, multilingual):
    client.cookies["django_language"] = "fr"
    response = client.get("/newsroom/", HTTP_ACCEPT_LANGUAGE="ru,fr;q=0.8")
    assert response.status_code == 200  # no redirect
    assert response["Content-Language"] == "en"
    assert '<html lang="en">' in response.content.decode()
    assert "accept-language" not in response.get("Vary", "").lower()
    assert not response.cookies


def test_page_cache_and_etags_keep_languages_apart(client, multilingual, settings):
    settings.CACHE_PAGE_SECONDS = 300
    english = client.get("/newsroom/")
    russian = client.get("/ru/newsroom/")
    assert english["X-Cache"] == russian["X-Cache"] == "miss"
    assert client.get("/ru/newsroom/")["X-Cache"] == "hit"
    again = client.get("/newsroom/")
    assert again["X-Cache"] == "hit"
    assert '<html lang="en">' in again.content.decode()
    assert '<html lang="ru">' in client.get("/ru/newsroom/").content.decode()
    assert english["ETag"] != russian["ETag"]
    rss = client.get("/newsroom/rss/")
    ru_rss = client.get("/ru/newsroom/rss/")
    assert rss["ETag"] != ru_rss["ETag"]
    assert client.get("/ru/newsroom/rss/", HTTP_IF_NONE_MATCH=ru_rss["ETag"]).status_code == 304
    assert client.get("/newsroom/rss/", HTTP_IF_NONE_MATCH=ru_rss["ETag"]).status_code == 200


def test_language_does_not_leak_into_the_next_request(client, multilingual):
    client.get("/ru/newsroom/")
    assert reverse("newsroom:newsitem-list") == "/newsroom/"
    assert '<html lang="en">' in client.get("/about/").content.decode()
