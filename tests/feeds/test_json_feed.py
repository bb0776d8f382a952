import pytest

FEED = "/newsroom/feed.json"


@pytest.mark.django_db
def test_json_feed_is_json_feed_1_1_with_stable_ids(client, newsroom):
    response = client.get(FEED)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/feed+json"
    feed = response.json()
    assert feed["version"] == "https://jsonfeed.org/version/1.1"
    assert feed["title"] == "OSCE news"
    assert feed["feed_url"] == "http://testserver/newsroom/feed.json"
    ids = [entry["id"] for entry in feed["items"]]
    assert ids == [f"urn:uuid:{item.uuid}" for item in newsroom.items]
    for entry in feed["items"]:
        assert entry["url"].startswith("http://testserver/newsroom/")
        assert "content_html" in entry or "content_text" in entry
        assert entry["date_published"]


@pytest.mark.django_db
def test_json_feed_takes_the_feeds_filters(client, newsroom):
    feed = client.get(FEED, {"field": "elections", "type": "press-release", "limit": 1}).json()
    assert feed["title"] == "OSCE news — Press releases about Elections"
    assert [e["title"] for e in feed["items"]] == ["Observers deployed to Ukraine"]
    ignored = client.get(FEED, {"country": "atlantis"}).json()
    assert "atlantis" in ignored["description"]


@pytest.mark.django_db
def test_json_feed_conditional_get(client, newsroom):
    first = client.get(FEED, {"field": "elections"})
    again = client.get(FEED, {"field": "elections"}, headers={"if-none-match": first["ETag"]})
    assert again.status_code == 304
    assert first["Cache-Control"] == "public, max-age=300"


@pytest.mark.django_db
def test_json_feed_is_advertised_next_to_rss_and_atom(client, newsroom):
    page = client.get("/newsroom/", {"field": "elections"}).content.decode()
    assert 'type="application/feed+json"' in page
    assert "/newsroom/feed.json?field=elections" in page
