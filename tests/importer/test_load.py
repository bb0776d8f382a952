from datetime import date

import pytest
from django.db import DatabaseError
from django.utils import timezone
from taggit.models import Tag

from newsroom.importer.load import DocumentLoader, import_documents, import_key
from newsroom.importer.names import Names
from newsroom.models import NewsItem, NewsType
from structures.models import (
    Chairpersonship,
    Country,
    CountryAlias,
    FieldOfWork,
    MeetingSeries,
    Position,
    Structure,
)
from tests.factories import listing, listing_item, menu, news_page, seed_sources

pytestmark = pytest.mark.django_db

ALL_MODELS = [NewsItem, NewsType, Structure, FieldOfWork, Country, CountryAlias, Tag,
              Chairpersonship, Position, MeetingSeries]  # fmt: skip


def counts():
    return {model.__name__: model.objects.count() for model in ALL_MODELS}


def local_day(item):
    return timezone.localtime(item.publish_at).date()


def item_titled(start):
    return NewsItem.objects.get(title__startswith=start)


# --- the seeds: the "Done when" ----------------------------------------------


def test_seeds_countries(seeds_report):
    assert Country.objects.participating_states().count() == 57
    assert set(Country.objects.filter(kind="asian_partner").values_list("name", flat=True)) == {
        "Afghanistan", "Australia", "Japan", "Republic of Korea", "Thailand"}  # fmt: skip
    assert set(
        Country.objects.filter(kind="mediterranean_partner").values_list("name", flat=True)
    ) == {"Algeria", "Egypt", "Israel", "Jordan", "Morocco", "Tunisia"}
    assert not Country.objects.filter(name__in=["All", "Czech Republic"]).exists()
    assert not Country.objects.filter(name__contains="Partners").exists()


def test_seeds_menu_variants_become_aliases(seeds_report):
    assert Names().country("Czech Republic").name == "Czechia"
    assert CountryAlias.objects.filter(name="Czech Republic", country__name="Czechia").exists()
    assert Country.objects.filter(name__icontains="czech").count() == 1
    assert Structure.objects.get(name="Office of the Secretary General").parent.name == (
        "Secretariat"
    )


def test_seeds_chairpersonship(seeds_report):
    chair = Chairpersonship.objects.get()
    assert (chair.country.name, chair.year) == ("Finland", 2025)
    assert not Country.objects.filter(name__contains="Chairpersonship").exists()


def test_seeds_fields_of_work(seeds_report):
    listed = list(FieldOfWork.objects.listed().values_list("name", flat=True))
    assert len(listed) == 23
    assert listed[0] == "Arms control"
    assert listed[-1] == "Youth"
    unlisted = set(FieldOfWork.objects.filter(listed=False).values_list("name", flat=True))
    assert unlisted == {"Climate change", "Water management"}
    new_topics = {topic for d in seeds_report.documents for topic in d.new_topics}
    assert {"Climate change", "Water management"} <= new_topics


def test_seeds_meeting_series(seeds_report):
    names = list(MeetingSeries.objects.values_list("name", flat=True))
    assert len(names) == 16
    assert "Partnerships" not in names
    assert "Gender equality conferences" in names


def test_seeds_secretariat_hierarchy(seeds_report):
    secretariat = Structure.objects.get(name="Secretariat")
    assert secretariat.kind == Structure.Kind.SECRETARIAT
    departments = set(secretariat.children.values_list("name", flat=True))
    assert len(departments) == 11
    assert "Transnational Threats Department" in departments
    assert "Secretary General" not in departments
    assert set(secretariat.children.values_list("kind", flat=True)) == {"department"}
    assert Position.objects.get(title="Secretary General").structure == secretariat


def test_seeds_structures_and_institutions(seeds_report):
    kinds = dict(Structure.objects.values_list("name", "kind"))
    assert kinds["Chairpersonship"] == "chairpersonship"
    assert kinds["Parliamentary Assembly"] == "parliamentary_assembly"
    assert kinds["Court of Conciliation and Arbitration"] == "court"
    assert kinds["Office for Democratic Institutions and Human Rights"] == "institution"
    assert kinds["High Commissioner on National Minorities"] == "institution"
    assert kinds["Representative on Freedom of the Media"] == "institution"
    assert kinds["Permanent Council"] == "decision_making_body"
    assert kinds["Forum for Security Co-operation"] == "decision_making_body"
    assert "other" not in kinds.values()
    assert not set(kinds) & {"Institutions", "Closed field activities", "Organizational structure"}
    assert Names().structure("ODIHR").name == (
        "Office for Democratic Institutions and Human Rights"
    )


def test_seeds_field_operations_with_host_countries(seeds_report):
    operations = Structure.objects.field_operations().active().select_related("host_country")
    hosts = {s.name: s.host_country.name if s.host_country else None for s in operations}
    assert hosts == {
        "Presence in Albania": "Albania",
        "Centre in Ashgabat": "Turkmenistan",
        "Programme Office in Astana": "Kazakhstan",
        "Programme Office in Bishkek": "Kyrgyzstan",
        "Mission to Bosnia and Herzegovina": "Bosnia and Herzegovina",
        "Programme Office in Dushanbe": "Tajikistan",
        "Mission in Kosovo": None,
        "Mission to Moldova": "Moldova",
        "Mission to Montenegro": "Montenegro",
        "Mission to Serbia": "Serbia",
        "Mission to Skopje": "North Macedonia",
        "Project Co-ordinator in Uzbekistan": "Uzbekistan",
    }


def test_seeds_field_of_work_page_teams(seeds_report):
    elections = FieldOfWork.objects.get(name="Elections")
    assert elections.introduction.startswith("Recognizing that democratic elections")
    assert elections.challenge.count("\n\n") == 2
    assert elections.action.startswith("Building on our comprehensive")
    operations = elections.structures.filter(kind="field_operation")
    assert {s.name: s.established_on for s in operations} == {
        "Presence in Albania": date(1997, 3, 27),
        "Centre in Ashgabat": date(1998, 7, 23),
        "Programme Office in Bishkek": date(1998, 7, 23),
        "Mission to Bosnia and Herzegovina": date(1995, 12, 8),
        "Mission in Kosovo": date(1999, 7, 1),
        "Mission to Montenegro": date(2006, 6, 29),
        "Mission to Skopje": date(1992, 9, 18),
    }
    skopje = Structure.objects.get(name="Mission to Skopje")
    assert skopje.mandate.startswith("Established on 18 September 1992, the Mission’s key")
    assert elections.structures.filter(
        name="Office for Democratic Institutions and Human Rights"
    ).exists()


def test_seeds_leadership_positions(seeds_report):
    positions = dict(Position.objects.values_list("title", "structure__name"))
    assert len(positions) == 23
    assert positions["Head of the OSCE Mission to Skopje"] == "Mission to Skopje"
    assert positions["Director of the Office for Democratic Institutions and Human Rights"] == (
        "Office for Democratic Institutions and Human Rights"
    )
    assert positions["Director for Management and Finance"] == (
        "Department of Management and Finance"
    )


def test_seeds_news_items(seeds_report):
    assert NewsItem.objects.filter(source_document__startswith="001_").count() == 50
    assert NewsItem.objects.filter(source_document__regex=r"^00[23]_").count() == 2
    assert NewsItem.objects.count() == 53
    assert NewsItem.objects.published().count() == 53
    assert NewsItem.objects.filter(news_type__name="Press release").count() == 9 + 2
    first = item_titled("OSCE and partners train Moldovan")
    assert local_day(first) == date(2025, 5, 15)
    assert first.news_type.name == "News"
    assert set(first.structures.values_list("name", flat=True)) == {
        "Transnational Threats Department", "Secretariat"}  # fmt: skip
    assert list(first.fields_of_work.values_list("name", flat=True)) == ["Border management"]
    assert set(first.countries.values_list("name", flat=True)) == {"Moldova", "Ukraine", "Greece"}


def test_seeds_listing_item_without_metadata(seeds_report):
    item = item_titled("OSCE trains senior police officers from Khatlon")
    assert local_day(item) == date(2025, 5, 15)
    assert item.news_type is None
    assert not item.structures.exists()
    assert list(item.countries.values_list("name", flat=True)) == ["Tajikistan"]


def test_seeds_host_countries_and_tags(seeds_report):
    item = item_titled("OSCE Chairperson-in-Office’s Special Envoy")
    assert set(item.structures.values_list("name", flat=True)) == {
        "Chairpersonship", "Mission to Montenegro", "Mission to Skopje"}  # fmt: skip
    assert set(item.countries.values_list("name", flat=True)) == {"Montenegro", "North Macedonia"}
    assert set(item.tags.names()) == {"Vienna", "Helsinki"}
    assert item.place == "Vienna, Helsinki"
    kosovo = item_titled("Ambassador Gerard McGurk")
    assert list(kosovo.tags.names()) == ["Prishtinë/Priština"]
    assert not kosovo.countries.exists()


def test_seeds_tags_have_ascii_slugs_and_pages(seeds_report, client):
    tag = Tag.objects.get(name="Prishtinë/Priština")
    assert tag.slug == "prishtinepristina"
    item = item_titled("Ambassador Gerard McGurk")
    assert client.get(item.get_absolute_url()).status_code == 200
    assert client.get(f"/newsroom/tags/{tag.slug}/").status_code == 200


def test_seeds_press_release_pages(seeds_report):
    first = item_titled("OSCE's continued engagement in Kosovo")
    assert local_day(first) == date(2008, 2, 6)
    assert first.news_type.name == "Press release"
    assert first.source == "OSCE Chairpersonship"
    assert list(first.structures.values_list("name", flat=True)) == ["Chairpersonship"]
    # One place whatever the spelling (issue 14): the tag is named as the OSCE writes it today.
    assert list(first.tags.names()) == ["Prishtinë/Priština"]
    assert first.body.count("<p>") == 6
    assert first.body.startswith("<p>PRISTINA, 6 February 2008")
    assert "Participating States" not in first.body
    assert "Fields of work" not in first.lead
    second = item_titled("UNMIK downsizing")
    assert local_day(second) == date(2008, 9, 4)
    assert set(second.structures.values_list("name", flat=True)) == {
        "Permanent Council", "Chairpersonship"}  # fmt: skip
    assert second.fields_of_work.count() == 4


def test_seeds_article_readable(seeds_report, client):
    article = NewsItem.objects.get(news_type__name="Article")
    assert article.undated
    assert article.source == "The Danish Defence"
    assert article.image_caption.endswith("Photo: The Danish Defence.")
    assert article.body.count("<p>") == 6
    response = client.get(article.get_absolute_url())
    assert response.status_code == 200
    assert "world&#x27;s largest regional security organisation" in response.text
    assert "Date not given by the source" in response.text
    assert "Source: The Danish Defence" in response.text


def test_seeds_report_lists_kinds(seeds_report):
    kinds = {d.path[:3]: str(d.kind) for d in seeds_report.documents}
    assert kinds == {"000": "article", "001": "listing", "002": "news_page", "003": "news_page",
                     "004": "field_of_work"}  # fmt: skip
    listing_report = seeds_report.documents[1].to_dict()
    assert listing_report["counts"]["NewsItem"] == {"created": 50}
    assert seeds_report.totals()["NewsItem"] == {"created": 53}


# --- idempotency ---------------------------------------------------------------------


def test_reimport_changes_nothing(seeds_report, django_assert_max_num_queries):
    before = counts()
    stamps = {
        model: sorted(model.objects.values_list("pk", "updated_at"))
        for model in (NewsItem, Structure, FieldOfWork, Country)
    }
    # Lookups only: a handful of queries per document, whatever its size.
    with django_assert_max_num_queries(70):
        report = import_documents(seed_sources())
    assert report.ok
    for totals in report.totals().values():
        assert set(totals) == {"unchanged"}
    assert report.totals()["NewsItem"] == {"unchanged": 53}
    assert counts() == before
    for model, rows in stamps.items():
        assert sorted(model.objects.values_list("pk", "updated_at")) == rows


def test_reimport_query_count_does_not_grow_with_items(db, django_assert_max_num_queries):
    small = listing(*(listing_item(title=f"Item {n}") for n in range(2)))
    large = listing(*(listing_item(title=f"Item {n}") for n in range(200)))
    import_documents([("large.txt", large)])
    import_documents([("small.txt", small)])
    with django_assert_max_num_queries(14):
        import_documents([("small.txt", small)])
    with django_assert_max_num_queries(14):
        import_documents([("large.txt", large)])


def test_edited_document_updates_in_place(db):
    original = listing(listing_item(title="First"), listing_item(title="Second"))
    import_documents([("news.txt", original)])
    item = NewsItem.objects.get(title="Second")
    edited = listing(
        listing_item(title="First"),
        listing_item(title="Second", lead="BRUSSELS, 15 May 2025 – A corrected lead."),
    )
    report = import_documents([("news.txt", edited)])
    assert report.totals()["NewsItem"] == {"unchanged": 1, "updated": 1}
    updated = NewsItem.objects.get(pk=item.pk)
    assert (updated.slug, updated.uuid) == (item.slug, item.uuid)
    assert updated.lead == "BRUSSELS, 15 May 2025 – A corrected lead."
    assert list(updated.tags.names()) == ["Brussels"]
    assert NewsItem.objects.count() == 2


def test_edited_metadata_replaces_links_but_keeps_editor_tags(db):
    import_documents([("news.txt", listing(listing_item(where="OSCE Mission to Skopje")))])
    item = NewsItem.objects.get()
    item.tags.add("Border security")
    edited = listing(listing_item(where="OSCE Programme Office in Bishkek", what="Policing"))
    import_documents([("news.txt", edited)])
    item.refresh_from_db()
    assert list(item.structures.values_list("name", flat=True)) == ["Programme Office in Bishkek"]
    assert list(item.fields_of_work.values_list("name", flat=True)) == ["Policing"]
    assert set(item.tags.names()) == {"Border security", "Skopje"}


def test_same_item_in_listing_and_page_keeps_the_fuller_version(db):
    entry = listing_item(
        title="Chairman-in-Office visits Kosovo",
        date="6 February 2008",
        lead="PRISTINA, 6 February 2008 - The OSCE's work should continue, said the",
    )
    for order in ([("listing.txt", listing(entry)), ("page.txt", news_page())],
                  [("page.txt", news_page()), ("listing.txt", listing(entry))]):  # fmt: skip
        NewsItem.objects.all().delete()
        import_documents(order)
        again = import_documents(order)
        item = NewsItem.objects.get()
        assert item.source_document == "page.txt"
        assert item.body.count("<p>") == 2
        assert again.totals()["NewsItem"] == {"unchanged": 2}


def test_import_key_ignores_case_and_quotes():
    assert import_key("OSCE’s work", date(2025, 5, 1)) == import_key(
        "osce's  work", date(2025, 5, 1)
    )
    assert import_key("OSCE", date(2025, 5, 1)) != import_key("OSCE", date(2025, 5, 2))


def test_same_title_on_two_dates_gets_two_slugs(db):
    data = listing(listing_item(title="Daily report", date="2 May 2025"),
                   listing_item(title="Daily report", date="1 May 2025"))  # fmt: skip
    import_documents([("reports.txt", data)])
    slugs = set(NewsItem.objects.values_list("slug", flat=True))
    assert slugs == {"daily-report", "daily-report-2025-05-02"}


# --- linking variations ----------------------------------------------------------------


def test_osce_prefix_names_one_structure(db):
    data = listing(listing_item(title="A", where="OSCE Mission to Skopje"),
                   listing_item(title="B", where="Mission to Skopje"),
                   listing_item(title="C", where="the OSCE Mission to Skopje"))  # fmt: skip
    report = import_documents([("l.txt", data)])
    assert Structure.objects.filter(name__icontains="Skopje").count() == 1
    assert report.documents[0].new_structures == ["Mission to Skopje"]


def test_unknown_structure_is_other_and_reported(db):
    report = import_documents([("l.txt", listing(listing_item(where="Minsk Group")))])
    structure = Structure.objects.get(name="Minsk Group")
    assert structure.kind == Structure.Kind.OTHER
    assert "Minsk Group" in report.documents[0].new_structures
    assert report.documents[0].counts["Structure"]["created"] >= 1


def test_menu_upgrades_structure_first_seen_in_news(db):
    import_documents([("l.txt", listing(listing_item(where="OSCE Mission to Skopje")))])
    assert Structure.objects.get(name="Mission to Skopje").kind == Structure.Kind.OTHER
    import_documents([("menu.txt", menu().encode())])
    skopje = Structure.objects.get(name="Mission to Skopje")
    assert skopje.kind == Structure.Kind.FIELD_OPERATION
    assert skopje.host_country.name == "North Macedonia"


def test_closed_structure(db):
    where = "OSCE Spillover Monitor Mission to Skopje (closed), OSCE Centre in Minsk (closed)"
    report = import_documents([("l.txt", listing(listing_item(content_type="Spot report",
                                                              where=where)))])  # fmt: skip
    spillover = Structure.objects.get(name="Spillover Monitor Mission to Skopje")
    assert spillover.closed
    assert spillover.kind == Structure.Kind.FIELD_OPERATION
    assert spillover.host_country.name == "North Macedonia"
    minsk = Structure.objects.get(name="Centre in Minsk")
    assert (minsk.closed, minsk.host_country.name) == (True, "Belarus")
    assert "Spillover Monitor Mission to Skopje (closed)" in report.documents[0].new_structures
    item = NewsItem.objects.get()
    assert item.news_type.name == "Spot report"
    assert set(item.countries.values_list("name", flat=True)) == {"North Macedonia", "Belarus"}


def test_unknown_topic_is_unlisted_and_reported(db):
    report = import_documents([("l.txt", listing(listing_item(what="Space security, Policing")))])
    assert not FieldOfWork.objects.get(name="Space security").listed
    assert report.documents[0].new_topics == ["Space security", "Policing"]


def test_topic_names_match_case_insensitively(db):
    import_documents([("menu.txt", menu().encode())])
    import_documents([("l.txt", listing(listing_item(what="arms Control")))])
    assert FieldOfWork.objects.filter(name__iexact="arms control").count() == 1


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Talks in Turkiye and the Czech Republic", {"Türkiye", "Czechia"}),
        ("Georgian and Albanian experts met", set()),
        (
            "Experts from the Netherlands and the United States",
            {"The Netherlands", "United States of America"},
        ),
        ("A seminar in the Republic of Korea", {"Republic of Korea"}),
        ("Nothing here", set()),
    ],
)
def test_countries_named_as_whole_words(db, text, expected):
    import_documents([("l.txt", listing(listing_item(title=text, where=None, lead="Lead.")))])
    assert set(NewsItem.objects.get().countries.values_list("name", flat=True)) == expected


def test_host_countries_of_operations_named_in_lead(db):
    import_documents([("menu.txt", menu().encode())])
    lead = "The OSCE Programme Office in Bishkek held a seminar."
    import_documents([("l.txt", listing(listing_item(where=None, lead=lead)))])
    assert list(NewsItem.objects.get().countries.values_list("name", flat=True)) == ["Kyrgyzstan"]


def test_listing_order_kept_for_same_day_items(db):
    data = listing(listing_item(title="Newest"), listing_item(title="Oldest"))
    import_documents([("l.txt", data)])
    assert list(NewsItem.objects.values_list("title", flat=True)) == ["Newest", "Oldest"]


def test_body_paragraphs_escaped(db):
    body = ("<script>alert(1)</script> said the Chairman.", "Second & last.")
    import_documents([("p.txt", news_page(date="1 May 2025", body=body))])
    item = NewsItem.objects.get()
    assert item.body == (
        "<p>&lt;script&gt;alert(1)&lt;/script&gt; said the Chairman.</p><p>Second &amp; last.</p>"
    )


def test_undated_news_page_is_flagged_not_invented(db):
    import_documents([("p.txt", news_page(body=("No dateline here.",)))])
    item = NewsItem.objects.get()
    assert item.undated


# --- malformed input and failures --------------------------------------------------------

MALFORMED = {
    "empty.txt": b"",
    "binary.txt": b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR",
    "latin1.txt": "Title\nPublishing date: 1 May 2025\nZürich".encode("latin-1"),
    "no-title.txt": b"Publishing date: 1 May 2025\nContent type: News\nA lead.\n",
    "bad-date.txt": listing(listing_item(title="Good"), listing_item(title="Bad", date="32 May")),
    "unknown.txt": (menu() + "Something else\n").encode(),
}


@pytest.mark.parametrize("name", MALFORMED)
def test_malformed_document_leaves_nothing_and_good_ones_import(db, name):
    good = ("good.txt", listing(listing_item(title="Good news", where="OSCE Centre in Ashgabat")))
    report = import_documents([(name, MALFORMED[name]), good])
    assert not report.ok
    (failed,) = report.failed
    assert failed.error.startswith(f"{name}:")
    assert list(NewsItem.objects.values_list("title", flat=True)) == ["Good news"]


def test_overlong_title_fails_the_whole_document(db):
    data = news_page(title="x" * 301, source=("OSCE Brand-new Office",), fields=("Space security",))
    report = import_documents([("long.txt", data)])
    title_line = len(menu().splitlines()) + 2
    assert report.failed[0].error == f"long.txt:{title_line}: title longer than 300 characters"
    assert report.failed[0].to_dict()["counts"] == {"NewsItem": {"failed": 1}}
    assert report.failed[0].to_dict()["kind"] == "news_page"
    assert counts() == dict.fromkeys(counts(), 0)


def test_failure_while_loading_rolls_back_the_whole_document(db, monkeypatch):
    def fail(self, items, links):
        assert NewsItem.objects.exists()
        assert Structure.objects.filter(name="Brand-new Office").exists()
        raise DatabaseError("disk full")

    # Fails once the menu, the reference data, the item and what it names are written.
    monkeypatch.setattr(DocumentLoader, "_bulk_link", fail)
    data = news_page(source=("OSCE Brand-new Office",), fields=("Space security",))
    report = import_documents([("page.txt", data)])
    assert report.failed[0].error == "page.txt:1: could not be stored: disk full"
    assert report.failed[0].to_dict()["counts"] == {"NewsItem": {"failed": 1}}
    assert counts() == dict.fromkeys(counts(), 0)


def test_dry_run_reports_and_writes_nothing(db):
    report = import_documents(seed_sources(), dry_run=True)
    assert report.dry_run
    assert report.totals()["NewsItem"] == {"created": 53}
    assert counts() == dict.fromkeys(counts(), 0)
