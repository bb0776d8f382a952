"""The publications in the API (issue 19): the publications list's FilterSet, pages and
schema, as /api/v1/news/ has the newsroom's."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from publications.filters import PublicationFilter
from publications.models import Publication
from tests.factories import make_document, make_publication, text_pdf

PUBLICATIONS = "/api/v1/publications/"
pytestmark = pytest.mark.django_db


def titles(response):
    assert response.status_code == 200, response.content
    return [row["title"] for row in response.json()["results"]]


@pytest.mark.parametrize(
    "query",
    [
        {},
        {"field": "elections"},
        {"kind": "studies-and-reports"},
        {"country": "ukraine", "tag": "observation"},
        {"structure": "odihr", "sort": "oldest"},
        {"q": "handbook"},
    ],
)
def test_publications_list_selects_what_the_publications_filterset_selects(client, newsroom, query):
    public = Publication.objects.published().for_listing()
    expected = PublicationFilter(query, queryset=public).qs
    assert titles(client.get(PUBLICATIONS, query)) == [p.title for p in expected]


def test_publications_never_shows_drafts_or_withdrawn_publications(client, newsroom):
    shown = titles(client.get(PUBLICATIONS))
    assert sorted(shown) == ["Border security study", "Election observation handbook"]
    hidden = Publication.objects.exclude(title__in=shown)
    assert hidden.count() == 2
    for publication in hidden:
        url = reverse("api:v1:publication_detail", args=[publication.uuid])
        assert client.get(url).status_code == 404


def test_publication_detail_has_its_files_and_corrections(client, newsroom, media):
    document = make_document(content=text_pdf("Page one", "Page two"), language="fr")
    handbook = make_publication("Handbook with a file", documents=[document])
    handbook.corrections.create(note="The second edition's date was wrong.")
    body = client.get(reverse("api:v1:publication_detail", args=[handbook.uuid])).json()
    assert body["title"] == "Handbook with a file"
    assert body["kind"]["slug"] == "studies-and-reports"
    assert body["url"] == f"http://testserver{handbook.get_absolute_url()}"
    [file] = body["files"]
    assert (file["language"], file["file_type"], file["size"]) == (
        "fr",
        "pdf",
        document.file_size,
    )
    assert file["url"] == f"http://testserver{document.get_absolute_url()}"
    assert [c["note"] for c in body["corrections"]] == ["The second edition's date was wrong."]


def test_publications_bad_parameters_are_one_problem_naming_each(client, newsroom):
    response = client.get(PUBLICATIONS, {"kind": "nothing-such", "type": "news"})
    assert response.status_code == 400
    assert response["Content-Type"] == "application/problem+json"
    names = {p["name"] for p in response.json()["invalid-params"]}
    assert names == {"kind", "type"}  # `type` is the newsroom's, not this list's


def test_publications_cursor_walk_sees_each_once(client, newsroom):
    for n in range(5):
        make_publication(f"Extra study {n}")
    url, seen = f"{PUBLICATIONS}?page_size=2", []
    while url:
        response = client.get(url)
        seen += titles(response)
        url = response.json()["next"]
    assert len(seen) == len(set(seen)) == Publication.objects.published().count()


def test_publications_query_count_constant_in_page_size(client, newsroom):
    for n in range(40):
        make_publication(f"Study {n}", tags=[f"tag-{n % 5}"], countries=[newsroom.ukraine])

    def queries(value):
        with CaptureQueriesContext(connection) as captured:
            assert len(titles(client.get(PUBLICATIONS, {"page_size": value}))) == value
        return len(captured)

    assert queries(2) == queries(40)
