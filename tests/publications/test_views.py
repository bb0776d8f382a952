"""The public pages of publications: list (the newsroom's engine), feeds, detail, sections on
topic/structure/country pages, site search and the sitemap."""

import json

import feedparser
import pytest
from django.urls import reverse

from tests.factories import make_document, make_news_item, make_publication, text_pdf

LIST = reverse("publications:publication-list")
PDF_PHRASE = "quokka ballot reconciliation"  # as in conftest.py: only in a PDF's second page


def test_list_shows_published_newest_first_never_drafts(client, shelf):
    response = client.get(LIST)
    assert response.status_code == 200
    titles = [item.title for item in response.context["object_list"]]
    assert titles == ["Handbook for election observation", "Gender equality in the workplace"]
    assert "Unfinished draft study" not in response.content.decode()


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("kind=manuals-and-guides", ["Handbook for election observation"]),
        ("field=gender-equality", ["Gender equality in the workplace"]),
        ("structure=mission-to-skopje", ["Handbook for election observation"]),
        ("country=serbia", ["Gender equality in the workplace"]),
        ("tag=observation", ["Handbook for election observation"]),
        ("language=fr", ["Handbook for election observation"]),
        (
            "language=ru&language=fr",
            ["Handbook for election observation", "Gender equality in the workplace"],
        ),
        ("q=workplace", ["Gender equality in the workplace"]),
    ],
)
def test_list_filters(client, shelf, query, expected):
    response = client.get(f"{LIST}?{query}")
    assert [item.title for item in response.context["object_list"]] == expected


def test_list_facets_count_kinds_and_file_languages(client, shelf):
    response = client.get(LIST)
    html = response.content.decode()
    facets = response.context["facets_html"]
    assert "Manual or guide" in facets
    assert "Study or report" in facets
    assert 'name="language" value="fr"' in facets
    assert "Russian" in facets
    assert 'action="/publications/"' in html


def test_list_chips_and_bad_parameter_notes(client, shelf):
    response = client.get(
        f"{LIST}?kind=manuals-and-guides&language=xx&country=atlantis&from=junk&page=abc"
    )
    assert response.status_code == 200
    notes = response.context["notes"]
    assert "ignored: unknown language 'xx'" in notes
    assert "ignored: unknown country 'atlantis'" in notes
    assert any("malformed date from='junk'" in note for note in notes)
    assert any("page='abc'" in note for note in notes)
    assert [chip["label"] for chip in response.context["chips"]] == ["Kind: Manual or guide"]
    assert response.context["heading"] == "1 manual or guide"


def test_list_page_past_the_end_is_404(client, shelf):
    assert client.get(f"{LIST}?page=9").status_code == 404


def test_list_search_finds_a_phrase_only_in_a_pdf_with_its_page(client, shelf):
    response = client.get(f"{LIST}?q=quokka")
    [item] = response.context["object_list"]
    assert item.title == "Handbook for election observation"
    assert item.pdf_match["page"] == 2
    assert item.pdf_match["language"] == "English"
    html = response.content.decode()
    assert "In the English file, page 2:" in html
    assert "<mark>quokka</mark>" in html


def test_list_advertises_its_filtered_feeds(client, shelf):
    html = client.get(f"{LIST}?field=elections").content.decode()
    assert 'href="/publications/rss/?field=elections"' in html
    assert 'href="/publications/atom/?field=elections"' in html
    assert 'href="/publications/feed.json?field=elections"' in html


@pytest.mark.parametrize("count", [1, 15])
def test_list_query_count_constant(client, db, media, django_assert_max_num_queries, count):
    for n in range(count):
        make_publication(f"Study {n}", documents=[make_document(content=text_pdf(f"text {n}"))])
    with django_assert_max_num_queries(12):
        assert client.get(f"{LIST}?q=study&language=en").status_code == 200
    with django_assert_max_num_queries(12):
        assert client.get(LIST).status_code == 200


@pytest.mark.parametrize("path", ["publications:feed-rss", "publications:feed-atom"])
def test_feeds_follow_the_filters(client, shelf, path):
    response = client.get(reverse(path) + "?kind=studies-and-reports&country=nowhere")
    assert response.status_code == 200
    feed = feedparser.parse(response.content)
    assert not feed.bozo
    assert [entry.title for entry in feed.entries] == ["Gender equality in the workplace"]
    assert feed.entries[0].id == f"urn:uuid:{shelf.report.uuid}"
    assert "unknown country 'nowhere'" in feed.feed.get(
        "subtitle", feed.feed.get("description", "")
    )
    assert response["ETag"]
    again = client.get(
        reverse(path) + "?kind=studies-and-reports&country=nowhere",
        HTTP_IF_NONE_MATCH=response["ETag"],
    )
    assert again.status_code == 304


def test_json_feed(client, shelf):
    response = client.get(reverse("publications:feed-json") + "?language=en")
    assert response["Content-Type"].startswith("application/feed+json")
    data = json.loads(response.content)
    assert data["version"] == "https://jsonfeed.org/version/1.1"
    assert [item["title"] for item in data["items"]] == ["Handbook for election observation"]
    assert data["items"][0]["summary"].startswith("Abstract of publication")


def test_detail_lists_each_file_with_language_type_size_pages(client, shelf):
    response = client.get(shelf.handbook.get_absolute_url())
    assert response.status_code == 200
    html = response.content.decode()
    assert "English — PDF, " in html
    assert "2 pages" in html
    assert "French — PDF, " in html
    assert html.index("Handbook (English)") < html.index("Manuel (French)")
    assert 'hreflang="fr"' in html
    # The first page of the first PDF stands in for a cover.
    assert shelf.english.thumbnail.url in html


def test_detail_structured_data_and_open_graph(client, shelf):
    html = client.get(shelf.report.get_absolute_url()).content.decode()
    start = html.index('<script type="application/ld+json">') + len(
        '<script type="application/ld+json">'
    )
    data = json.loads(html[start : html.index("</script>", start)])
    assert data["@type"] == "Report"
    assert data["name"] == "Gender equality in the workplace"
    assert data["inLanguage"] == ["ru"]
    assert data["encoding"][0]["encodingFormat"] == "application/pdf"
    assert '<meta property="og:title" content="Gender equality in the workplace">' in html
    assert "scanned: no searchable text" in html
    manual = client.get(shelf.handbook.get_absolute_url()).content.decode()
    assert '"@type":"CreativeWork"' in manual


def test_detail_related_news_and_publications(client, shelf):
    make_news_item("Observers deployed", fields_of_work=[shelf.elections])
    other = make_publication("Another election guide", fields_of_work=[shelf.elections])
    response = client.get(shelf.handbook.get_absolute_url())
    assert [n.title for n in response.context["related_news"]] == ["Observers deployed"]
    assert response.context["related_publications"] == [other]


def test_detail_drafts_are_not_public(client, shelf):
    assert client.get(shelf.draft.get_absolute_url()).status_code == 404


@pytest.mark.parametrize("files", [0, 6])
def test_detail_query_count_constant(client, db, media, django_assert_max_num_queries, files):
    documents = [
        make_document(content=text_pdf("x"), language=code)
        for code in ["en", "fr", "de", "it", "ru", "es"][:files]
    ]
    publication = make_publication("Constant", documents=documents, tags=["a", "b"])
    with django_assert_max_num_queries(12):
        assert client.get(publication.get_absolute_url()).status_code == 200


def test_sections_on_field_structure_and_country_pages(client, shelf):
    html = client.get(shelf.elections.get_absolute_url()).content.decode()
    for heading in ["Studies and reports", "Manuals and guides", "Projects", "Stories"]:
        assert f">{heading}</h2>" in html
    assert "Handbook for election observation" in html
    assert "Unfinished draft study" not in html
    assert 'href="/publications/?kind=manuals-and-guides&amp;field=elections"' in html
    structure_page = client.get(shelf.mission.get_absolute_url()).content.decode()
    assert (
        'href="/publications/?kind=manuals-and-guides&amp;structure=mission-to-skopje"'
        in structure_page
    )
    country_page = client.get(shelf.serbia.get_absolute_url()).content.decode()
    assert "Gender equality in the workplace" in country_page


@pytest.mark.parametrize("count", [1, 8])
def test_sections_query_count_constant(client, db, django_assert_max_num_queries, count):
    from tests.factories import make_field_of_work

    field = make_field_of_work("Elections")
    for n in range(count):
        make_publication(f"Report {n}", fields_of_work=[field], kind=["projects", "stories"][n % 2])
    with django_assert_max_num_queries(12):
        response = client.get(field.get_absolute_url())
    assert response.status_code == 200


def test_site_search_finds_a_phrase_only_inside_a_pdf(client, shelf):
    response = client.get(reverse("site-search") + f"?q={PDF_PHRASE}")
    assert response.status_code == 200
    groups = {group.key: group for group in response.context["groups"]}
    assert [p.title for p in groups["publications"].results] == [
        "Handbook for election observation"
    ]
    html = response.content.decode()
    assert "In the English file, page 2:" in html


def test_site_search_groups_by_kind(client, shelf):
    make_news_item("Elections observed in Skopje")
    response = client.get(reverse("site-search") + "?q=elections")
    groups = {group.key: group for group in response.context["groups"]}
    assert groups["news"].count == 1
    assert groups["fields"].count == 1
    assert groups["publications"].count >= 1
    html = response.content.decode()
    assert "<mark>Elections</mark>" in html


def test_site_search_bad_input_never_fails(client, db):
    response = client.get(reverse("site-search") + "?q=" + "x" * 5000 + "%00")
    assert response.status_code in (200, 400)
    assert client.get(reverse("site-search")).status_code == 200


@pytest.mark.parametrize("news", [1, 10])
def test_site_search_query_count_constant(client, shelf, django_assert_max_num_queries, news):
    for n in range(news):
        make_news_item(f"Elections report {n}")
    with django_assert_max_num_queries(20):
        client.get(reverse("site-search") + "?q=elections")


def test_site_search_remembers_its_ranking_not_its_rows(
    client, shelf, settings, django_assert_max_num_queries
):
    """The count and the best few keys are kept until the content changes; the rows are
    read afresh, so an item taken off the site leaves the results at once."""
    from django.core.cache import cache

    from newsroom.models import NewsItem

    settings.CACHE_COUNT_SECONDS = 300
    cache.clear()
    items = [make_news_item(f"Elections report {n}") for n in range(3)]
    url = reverse("site-search") + "?q=elections"
    with django_assert_max_num_queries(20) as first:
        client.get(url)
    first = len(first)  # now: the next request empties the connection's query log
    with django_assert_max_num_queries(20) as again:
        html = client.get(url).content.decode()
    assert len(again) <= first - 4  # the counts and rankings
    assert "report 0" in html

    NewsItem.objects.filter(pk=items[0].pk).update(status=NewsItem.Status.DRAFT)
    html = client.get(url).content.decode()
    assert "report 0" not in html
    assert "report 1" in html


def test_sitemap_lists_publications_and_files(client, shelf):
    index = client.get("/sitemap.xml").content.decode()
    assert "sitemap-publications.xml" in index
    assert "sitemap-publication-files.xml" in index
    section = client.get("/sitemap-publications.xml").content.decode()
    assert shelf.handbook.get_absolute_url() in section
    assert shelf.draft.get_absolute_url() not in section
    files = client.get("/sitemap-publication-files.xml").content.decode()
    assert shelf.french.get_absolute_url() in files


@pytest.mark.django_db
def test_cache_lifetime_is_bounded_by_the_next_scheduled_publication():
    import datetime

    from django.utils import timezone

    from osce_site import caching

    make_publication("Embargoed study", publish_at=timezone.now() + datetime.timedelta(seconds=60))
    state = caching.content_state()
    assert 58 <= caching.lifetime(state, 300) <= 60


def test_list_is_tagged_as_a_list_for_the_shared_cache(client, shelf):
    response = client.get(LIST)
    assert "list" in response["Surrogate-Key"].split()
    feed = client.get(reverse("publications:feed-rss"))
    assert "feed" in feed["Surrogate-Key"].split()
