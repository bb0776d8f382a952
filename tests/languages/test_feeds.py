"""Each language's feeds carry its items only, say their language, and take every filter."""

import feedparser
import pytest

pytestmark = pytest.mark.django_db


def parsed(client, path):
    response = client.get(path)
    assert response.status_code == 200, path
    feed = feedparser.parse(response.content)
    assert not feed.bozo, feed.bozo_exception
    return response, feed


@pytest.mark.parametrize(
    ("language", "titles"),
    [
        ("ru", {"Наблюдатели направлены на выборы", "Заявление Председателя"}),
        ("fr", {"Des observateurs déployés pour les élections", "Déclaration de la présidence"}),
    ],
)
@pytest.mark.parametrize("kind", ["rss", "atom"])
def test_feeds_carry_only_their_languages_items(client, multilingual, language, titles, kind):
    response, feed = parsed(client, f"/{language}/newsroom/{kind}/")
    assert {entry.title for entry in feed.entries} == titles
    assert all(f"/{language}/newsroom/" in entry.link for entry in feed.entries)
    body = response.content.decode()
    if kind == "rss":
        assert f"<language>{language}</language>" in body
    else:
        assert f'xml:lang="{language}"' in body
    assert feed.feed.link.endswith(f"/{language}/newsroom/")


def test_english_feed_keeps_english_items(client, multilingual):
    response, feed = parsed(client, "/newsroom/rss/")
    assert {e.title for e in feed.entries} == {
        "Observers deployed for elections",
        "Border officers trained",
    }
    assert "<language>en</language>" in response.content.decode()


@pytest.mark.parametrize(
    "query",
    ["field=elections", "structure=odihr", "country=ukraine", "field=elections&country=ukraine"],
)
def test_every_filter_works_in_a_languages_feed(client, multilingual, query):
    _, feed = parsed(client, f"/ru/newsroom/rss/?{query}")
    assert {e.title for e in feed.entries} == {
        "Наблюдатели направлены на выборы",
        "Заявление Председателя",
    }
    _, empty = parsed(client, "/ru/newsroom/rss/?field=elections&from=2999-01-01")
    assert empty.entries == []


def test_json_feed_says_its_language(client, multilingual):
    data = client.get("/fr/newsroom/feed.json").json()
    assert data["language"] == "fr"
    assert {item["language"] for item in data["items"]} == {"fr"}
    assert data["home_page_url"] == "http://testserver/fr/newsroom/"
