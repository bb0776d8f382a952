from datetime import timedelta
from unittest import mock

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from newsroom.listing.filters import NewsItemFilter
from newsroom.models import Correction, NewsItem
from publications.filters import PublicationFilter
from tests.factories import make_news_item, make_structure

NEWS = "/api/v1/news/"
ENDPOINTS = [
    NEWS,
    "/api/v1/news/?field=elections&sort=oldest",
    "/api/v1/fields-of-work/",
    "/api/v1/structures/",
    "/api/v1/countries/",
    "/api/v1/content-types/",
    "/api/v1/tags/",
    "/api/v1/publications/",
    "/api/v1/publications/?kind=studies-and-reports&sort=oldest",
    "/api/v1/openapi.json",
    "/newsroom/feed.json",
]


def uuids(response):
    return [row["uuid"] for row in response.json()["results"]]


def walk(client, url, between=lambda page: None):
    """Every uuid a harvester sees following `next` from `url`, calling between(page)."""
    seen, page = [], 0
    while url:
        assert page < 1000, f"still paging after {page} pages: the cursor does not advance"
        response = client.get(url)
        assert response.status_code == 200, response.content
        seen += uuids(response)
        url = response.json()["next"]
        page += 1
        between(page)
    return seen


@pytest.mark.django_db
@pytest.mark.parametrize(
    "query",
    [
        {},
        {"field": "elections"},
        {"type": "press-release", "country": "ukraine"},
        {"field": ["elections", "border-management"], "sort": "oldest"},
        {"structure": "odihr"},
        {"tag": "youth"},
        {"q": "border"},
        {"from": "2000-01-01", "to": "2100-01-01"},
    ],
)
def test_news_list_selects_what_the_newsroom_filterset_selects(client, newsroom, query):
    response = client.get(NEWS, query)
    assert response.status_code == 200
    expected = NewsItemFilter(
        client.get(NEWS, query).wsgi_request.GET, queryset=NewsItem.objects.published()
    ).qs
    assert uuids(response) == [str(item.uuid) for item in expected]
    assert response.json()["count"] == len(expected)


@pytest.mark.django_db
def test_news_never_shows_drafts_or_scheduled_items(client, newsroom):
    body = client.get(NEWS, {"field": "elections", "page_size": 100}).json()
    hidden = {str(newsroom.draft.uuid), str(newsroom.future.uuid)}
    assert not hidden & {row["uuid"] for row in body["results"]}
    assert body["count"] == 3
    for item in (newsroom.draft, newsroom.future):
        detail = client.get(reverse("api:v1:news_detail", args=[item.uuid]))
        assert detail.status_code == 404
        assert detail["Content-Type"] == "application/problem+json"
    tags = [row["slug"] for row in client.get("/api/v1/tags/").json()]
    assert tags == ["training", "youth"]  # "secret-plan" is on the draft and scheduled items
    feed = client.get("/newsroom/feed.json").json()
    assert not hidden & {entry["id"].removeprefix("urn:uuid:") for entry in feed["items"]}


@pytest.mark.django_db
def test_news_detail_has_every_public_field(client, newsroom):
    item = newsroom.items[0]
    response = client.get(reverse("api:v1:news_detail", args=[item.uuid]))
    assert response.status_code == 200
    data = response.json()
    assert data["uuid"] == str(item.uuid)
    assert data["title"] == "Observers deployed to Ukraine"
    assert data["content_type"]["slug"] == "press-release"
    assert [s["slug"] for s in data["structures"]] == ["odihr"]
    assert [f["slug"] for f in data["fields_of_work"]] == ["elections"]
    assert [c["slug"] for c in data["countries"]] == ["ukraine"]
    assert [t["slug"] for t in data["tags"]] == ["youth"]
    assert data["url"] == f"http://testserver{item.get_absolute_url()}"
    assert data["published_at"].endswith("Z") or "+" in data["published_at"]
    assert data["image"] is None
    for name in ("lead", "body_html", "place", "source", "modified_at", "undated", "api_url"):
        assert name in data


@pytest.mark.django_db
def test_news_detail_lists_corrections_and_hides_withdrawn_items(client, newsroom):
    item, other = newsroom.items[0], newsroom.items[2]
    url = reverse("api:v1:news_detail", args=[item.uuid])
    etag = client.get(url)["ETag"]
    Correction.objects.create(item=item, note="The date of the vote was 3 May.")
    item.save()  # as the workflow records a correction
    data = client.get(url, headers={"if-none-match": etag}).json()
    assert [c["note"] for c in data["corrections"]] == ["The date of the vote was 3 May."]
    NewsItem.objects.filter(pk=other.pk).update(status=NewsItem.Status.WITHDRAWN)
    assert client.get(reverse("api:v1:news_detail", args=[other.uuid])).status_code == 404
    assert str(other.uuid) not in uuids(client.get(NEWS))


@pytest.mark.django_db
def test_news_detail_body_is_cleaned(client, newsroom):
    item = make_news_item(body="<p>Training <script>alert(1)</script>on borders.</p>")
    data = client.get(reverse("api:v1:news_detail", args=[item.uuid])).json()
    assert "<script" not in data["body_html"]
    assert "on borders" in data["body_html"]


@pytest.mark.django_db
@pytest.mark.parametrize("sort", ["newest", "oldest"])
def test_cursor_walk_is_stable_while_items_are_published(client, db, sort):
    now = timezone.now()
    start = [make_news_item(publish_at=now - timedelta(hours=h)) for h in range(1, 24)]
    # Two items at the same moment: the id breaks the tie.
    start += [make_news_item(publish_at=now - timedelta(hours=30)) for _ in range(2)]
    draft = make_news_item(published=False, publish_at=now - timedelta(hours=12, minutes=30))

    def publish_meanwhile(page):
        if page == 1:
            make_news_item(publish_at=now)  # newest of all
            make_news_item(publish_at=now - timedelta(hours=5, minutes=30))  # in the middle
        if page == 3:
            NewsItem.objects.filter(pk=draft.pk).update(status=NewsItem.Status.PUBLISHED)
            make_news_item(publish_at=now - timedelta(days=400))  # older than all

    seen = walk(client, f"{NEWS}?page_size=4&sort={sort}", publish_meanwhile)
    assert len(seen) == len(set(seen)), "an item was seen twice"
    assert {str(item.uuid) for item in start} <= set(seen), "an item was skipped"


@pytest.mark.django_db
def test_cursor_walk_by_relevance_sees_every_match_once(client, db):
    for n in range(9):
        make_news_item(f"Border talks {n}", lead="border " * (n % 3 + 1))
    make_news_item("Unrelated", lead="elections")
    seen = walk(client, f"{NEWS}?q=border&page_size=2")
    assert len(seen) == len(set(seen)) == 9


@pytest.mark.django_db
def test_cursor_of_another_sort_order_is_a_400(client, newsroom):
    next_url = client.get(NEWS, {"page_size": 1}).json()["next"]
    response = client.get(next_url + "&sort=oldest")
    assert response.status_code == 400
    assert [p["name"] for p in response.json()["invalid-params"]] == ["cursor"]


@pytest.mark.django_db
def test_bad_parameters_are_one_problem_naming_each(client, newsroom):
    response = client.get(
        NEWS,
        {
            "country": ["ukraine", "atlantis"],
            "from": "yesterday",
            "sort": "loudest",
            "page_size": "101",
            "cursor": "!!",
            "colour": "red",
        },
    )
    assert response.status_code == 400
    assert response["Content-Type"] == "application/problem+json"
    problem = response.json()
    assert problem["status"] == 400
    assert problem["title"] == "Invalid parameters"
    reasons = {p["name"]: p["reason"] for p in problem["invalid-params"]}
    assert set(reasons) == {"country", "from", "sort", "page_size", "cursor", "colour"}
    assert "atlantis" in reasons["country"]  # the FilterSet's own note
    assert "YYYY-MM-DD" in reasons["from"]
    assert response["Access-Control-Allow-Origin"] == "*"


@pytest.mark.django_db
@pytest.mark.parametrize(("size", "status"), [("1", 200), ("100", 200), ("0", 400), ("x", 400)])
def test_page_size_is_at_most_100(client, newsroom, size, status):
    assert client.get(NEWS, {"page_size": size}).status_code == status


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["00000000-0000-0000-0000-000000000000", "not-a-uuid"])
def test_unknown_uuid_is_a_404_problem(client, newsroom, path):
    response = client.get(f"{NEWS}{path}/")
    assert response.status_code == 404
    assert response["Content-Type"] == "application/problem+json"
    assert response.json()["status"] == 404


@pytest.mark.django_db
def test_unknown_api_path_is_a_404_problem(client, settings, newsroom):
    settings.DEBUG = False
    response = client.get("/api/v1/nothing-here/")
    assert response.status_code == 404
    assert response["Content-Type"] == "application/problem+json"


@pytest.mark.django_db
@pytest.mark.parametrize("url", ENDPOINTS)
def test_every_endpoint_answers_304_and_sends_public_cors_headers(client, newsroom, url):
    first = client.get(url)
    assert first.status_code == 200
    assert "public" in first["Cache-Control"]
    assert first["Access-Control-Allow-Origin"] == "*"
    etag, last_modified = first["ETag"], first["Last-Modified"]
    by_etag = client.get(url, headers={"if-none-match": etag})
    assert by_etag.status_code == 304
    assert by_etag.content == b""
    assert by_etag["ETag"] == etag
    assert client.get(url, headers={"if-modified-since": last_modified}).status_code == 304


@pytest.mark.django_db
def test_news_detail_answers_304_until_the_item_changes(client, newsroom):
    item = newsroom.items[0]
    url = reverse("api:v1:news_detail", args=[item.uuid])
    etag = client.get(url)["ETag"]
    assert client.get(url, headers={"if-none-match": etag}).status_code == 304
    item.title = "Observers deployed"
    item.save()
    assert client.get(url, headers={"if-none-match": etag}).status_code == 200


@pytest.mark.django_db
def test_news_list_etag_changes_when_an_item_is_published(client, newsroom):
    etag = client.get(NEWS)["ETag"]
    now = timezone.now()
    with mock.patch("django.utils.timezone.now", return_value=now + timedelta(seconds=2)):
        make_news_item("Breaking", publish_at=now)
    again = client.get(NEWS, headers={"if-none-match": etag})
    assert again.status_code == 200
    assert uuids(again)[0] == str(NewsItem.objects.get(title="Breaking").uuid)


@pytest.mark.django_db
@pytest.mark.parametrize(("url", "size"), [(NEWS, "page_size"), ("/newsroom/feed.json", "limit")])
def test_query_count_constant_in_page_size(client, newsroom, url, size):
    for n in range(60):
        make_news_item(tags=[f"tag-{n % 7}"], countries=[newsroom.ukraine])

    def queries(value):
        with CaptureQueriesContext(connection) as captured:
            response = client.get(url, {size: value})
        assert response.status_code == 200
        assert len(response.json()["results" if url == NEWS else "items"]) == value
        return len(captured)

    assert queries(2) == queries(50)


@pytest.mark.django_db
@pytest.mark.parametrize("url", ["/api/v1/tags/", "/api/v1/structures/"])
def test_taxonomy_query_count_constant_in_rows(client, newsroom, url):
    def queries():
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url).status_code == 200
        return len(captured)

    few = queries()
    for n in range(20):
        make_news_item(tags=[f"tag-{n}"], structures=[make_structure(f"Office {n}")])
    assert queries() == few


@pytest.mark.django_db
def test_news_list_queries_are_few(client, newsroom, django_assert_max_num_queries):
    with django_assert_max_num_queries(8):
        client.get(NEWS, {"field": "elections", "page_size": 100})


@pytest.mark.django_db
def test_taxonomy_lists_link_to_pages_newsroom_and_api(client, newsroom):
    rows = {row["slug"]: row for row in client.get("/api/v1/structures/").json()}
    odihr = rows["odihr"]
    assert odihr["url"] == "http://testserver/structures/odihr/"
    assert odihr["newsroom_url"] == "http://testserver/newsroom/?structure=odihr"
    assert odihr["news_api_url"] == "http://testserver/api/v1/news/?structure=odihr"
    assert odihr["feed_url"] == "http://testserver/newsroom/feed.json?structure=odihr"
    assert odihr["kind"] == "institution"
    assert odihr["closed"] is False
    assert client.get(odihr["news_api_url"]).json()["count"] == 2
    types = {row["slug"]: row for row in client.get("/api/v1/content-types/").json()}
    assert types["press-release"]["plural"] == "Press releases"


@pytest.mark.django_db
def test_openapi_schema_is_3_1_and_documents_every_operation(client, newsroom):
    schema = client.get("/api/v1/openapi.json").json()
    assert schema["openapi"].startswith("3.1")
    paths = set(schema["paths"])
    assert {
        "/api/v1/news/",
        "/api/v1/news/{uuid}/",
        "/api/v1/fields-of-work/",
        "/api/v1/structures/",
        "/api/v1/countries/",
        "/api/v1/content-types/",
        "/api/v1/tags/",
        "/api/v1/publications/",
        "/api/v1/publications/{uuid}/",
    } == paths
    names = {p["name"] for p in schema["paths"]["/api/v1/news/"]["get"]["parameters"]}
    assert set(NewsItemFilter.base_filters) | {"cursor", "page_size"} == names
    names = {p["name"] for p in schema["paths"]["/api/v1/publications/"]["get"]["parameters"]}
    assert set(PublicationFilter.base_filters) | {"cursor", "page_size"} == names
    docs = client.get("/api/").content.decode()
    for path in paths:
        assert path in docs


@pytest.mark.django_db
def test_api_searches_share_the_rate_limit_with_problem_documents(client, settings, newsroom):
    settings.RATELIMIT_ENABLED = True
    settings.RATELIMIT_FEED = "2/60"
    with mock.patch("osce_site.middleware.rate_limit.time.time", return_value=1_800_000_001.0):
        answers = [client.get(NEWS, {"field": "elections"}) for _ in range(3)]
        feed = client.get("/newsroom/feed.json", {"field": "elections"})
    assert [answer.status_code for answer in answers] == [200, 200, 429]
    assert feed.status_code == 429
    limited = answers[-1]
    assert limited["Content-Type"] == "application/problem+json"
    assert limited.json()["status"] == 429
    assert int(limited["Retry-After"]) >= 1
