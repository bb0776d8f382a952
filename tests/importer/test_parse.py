from datetime import date

import pytest

from newsroom.importer.parse import (
    Kind,
    ParseError,
    normal_case,
    parse_date,
    parse_document,
    split_places,
)
from tests.factories import (
    article,
    field_of_work_page,
    listing,
    listing_item,
    menu,
    news_page,
    seed,
    team,
)

# --- the seed documents ------------------------------------------------------------


def test_parse_seeds_recognised_by_content():
    kinds = {prefix: parse_document(f"{prefix}.txt", seed(prefix)).kind for prefix in
             ("000", "001", "002", "003", "004")}  # fmt: skip
    assert kinds == {
        "000": Kind.ARTICLE,
        "001": Kind.LISTING,
        "002": Kind.NEWS_PAGE,
        "003": Kind.NEWS_PAGE,
        "004": Kind.FIELD_OF_WORK,
    }


def test_parse_kind_ignores_file_name():
    document = parse_document("002_press_release.txt", seed("001"))
    assert document.kind == Kind.LISTING


def test_listing_seed_items():
    document = parse_document("001.txt", seed("001"))
    items = document.items
    assert len(items) == 50
    assert document.header[0] == "Newsroom"
    first = items[0]
    assert first.title.startswith("OSCE and partners train Moldovan")
    assert first.published_on == date(2025, 5, 15)
    assert first.content_type == "News"
    assert first.structures == ("Transnational Threats Department", "OSCE Secretariat")
    assert first.fields_of_work == ("Border management",)
    assert first.lead.startswith("The OSCE Transnational Threats Department")
    assert items[-1].published_on == date(2025, 4, 17)


def test_listing_seed_item_without_metadata_lines():
    item = parse_document("001.txt", seed("001")).items[1]
    assert item.title.startswith("OSCE trains senior police officers")
    assert item.published_on == date(2025, 5, 15)
    assert (item.content_type, item.structures, item.fields_of_work) == (None, (), ())
    assert item.lead.startswith("From 14 to 15 May 2025")


def test_listing_seed_datelines_give_places():
    items = {item.title[:25]: item for item in parse_document("001.txt", seed("001")).items}
    assert items["OSCE Chairperson-in-Offic"].places == ("Vienna", "Helsinki")
    assert items["Ambassador Gerard McGurk "].places == ("Prishtinë/Priština",)
    assert items["Statement by the OSCE Mis"].places == ("Sarajevo",)
    assert items["Further reforms needed in"].places == ("Warsaw",)
    assert items["Estonia holds inaugural m"].places == ("Vienna",)
    assert items["OSCE trains senior police"].places == ()


def test_listing_seed_publishing_date_wins_over_dateline():
    items = {item.title[:30]: item for item in parse_document("001.txt", seed("001")).items}
    # The lead says "Skopje, 30 April 2024" but the item was published in 2025.
    assert items["Wahl: OSCE Mission to Skopje f"].published_on == date(2025, 4, 30)


def test_news_page_seed_takes_date_from_dateline():
    (item,) = parse_document("002.txt", seed("002")).items
    assert item.content_type == "Press release"
    assert item.title == "OSCE's continued engagement in Kosovo is needed, says Chairman-in-Office"
    assert item.published_on == date(2008, 2, 6)
    assert item.places == ("Pristina",)
    assert item.sources == ("OSCE Chairpersonship",)
    assert item.fields_of_work == ()
    assert item.lead.startswith("PRISTINA, 6 February 2008 - ")
    assert len(item.body) == 5
    assert not any("Participating States" in p or p.startswith("- ") for p in item.body)


def test_news_page_seed_with_sources_and_fields():
    (item,) = parse_document("003.txt", seed("003")).items
    assert item.published_on == date(2008, 9, 4)
    assert item.sources == ("Permanent Council", "OSCE Chairpersonship")
    assert item.fields_of_work == (
        "Tolerance and non-discrimination",
        "Rule of law",
        "Democratization",
        "Conflict prevention and resolution",
    )
    assert item.places == ("Vienna",)
    assert len(item.body) == 8


def test_field_of_work_seed_page():
    page = parse_document("004.txt", seed("004")).page
    assert page.title == "Elections"
    assert page.introduction[0].startswith("Recognizing that democratic elections")
    assert len(page.challenge) == 3
    assert len(page.action) == 2
    assert "Office for Democratic Institutions and Human Rights" in page.institutions[0]
    assert len(page.operations) == 2
    assert [(t.name, t.established_on) for t in page.teams] == [
        ("Presence in Albania", date(1997, 3, 27)),
        ("Centre in Ashgabat", date(1998, 7, 23)),
        ("Programme Office in Bishkek", date(1998, 7, 23)),
        ("Mission to Bosnia and Herzegovina", date(1995, 12, 8)),
        ("Mission in Kosovo", date(1999, 7, 1)),
        ("Mission to Montenegro", date(2006, 6, 29)),
        ("Mission to Skopje", date(1992, 9, 18)),
    ]
    assert page.teams[0].mandate.startswith("Established on 27 March 1997 with the mandate")
    assert [r.title for r in page.related] == [
        "Projects",
        "Studies and reports",
        "Manuals and guides",
        "OSCE stories",
    ]
    assert (
        page.related[-1].description == "Read up on the OSCE, our people on the ground and our work"
    )


def test_article_seed():
    document = parse_document("000.txt", seed("000"))
    assert document.navigation is None
    story = document.article
    assert story.headline == "The OSCE is the world's largest regional security organisation."
    assert story.credit == "The Danish Defence"
    assert story.caption.startswith("OSCE-mission Albanian Force")
    assert len(story.paragraphs) == 6
    assert story.paragraphs[0].startswith("OSCE (Organisation for Security")


def test_navigation_seed_fields_meetings_countries():
    nav = parse_document("002.txt", seed("002")).navigation
    assert len(nav.fields_of_work) == 23
    assert nav.fields_of_work[0] == "Arms control"
    assert "Field operations" not in nav.fields_of_work
    assert "Projects" not in nav.fields_of_work
    assert len(nav.meeting_series) == 16
    assert "Partnerships" not in nav.meeting_series
    assert len(nav.participating_states) == 57
    names = [c.name for c in nav.participating_states]
    assert "All" not in names
    assert not any("Partners" in name for name in names)
    finland = next(c for c in nav.participating_states if c.name == "Finland")
    assert finland.chair_year == 2025
    assert nav.partner_groups == (
        "Asian Partners for Co-operation",
        "Mediterranean Partners for Co-operation",
    )


def test_navigation_seed_structures():
    nav = parse_document("002.txt", seed("002")).navigation
    by_section = {}
    for structure in nav.structures:
        by_section.setdefault(structure.section, []).append(structure.name)
    assert by_section["Structures and institutions"] == [
        "Chairpersonship",
        "Secretariat",
        "Parliamentary Assembly",
        "Court of Conciliation and Arbitration",
    ]
    assert len(by_section["Secretariat"]) == 11
    assert "Secretary General" not in by_section["Secretariat"]
    assert "Institutions" not in by_section["Secretariat"]
    assert len(by_section["Field operations"]) == 12
    assert "Closed field activities" not in by_section["Field operations"]
    assert [(p.title, p.structure) for p in nav.positions] == [("Secretary General", "Secretariat")]


def test_navigation_seed_variants_between_documents():
    old = parse_document("004.txt", seed("004")).navigation
    new = parse_document("002.txt", seed("002")).navigation
    assert "Czech Republic" in [c.name for c in old.participating_states]
    assert "Czechia" in [c.name for c in new.participating_states]
    assert "Office of the Secretary General" not in [s.name for s in old.structures]


def test_navigation_seed_about_and_leadership():
    nav = parse_document("004.txt", seed("004")).navigation
    assert nav.about[:4] == ("Participating States", "Partners for Co-operation", "Chair",
                             "Decision-making bodies")  # fmt: skip
    assert "Our history" in nav.about
    assert "Networks and research" in nav.about
    positions = {p.title: p.structure for p in nav.positions}
    assert len(positions) == 23
    assert positions["Head of the OSCE Mission to Skopje"] == "Mission to Skopje"
    assert positions["Head of OSCE Project Co-ordinator in Uzbekistan"] == (
        "Project Co-ordinator in Uzbekistan"
    )
    assert positions["Director of the Office for Democratic Institutions and Human Rights"] == (
        "Office for Democratic Institutions and Human Rights"
    )
    assert positions[
        "Director of the office of the OSCE High Commissioner on National Minorities"
    ] == ("High Commissioner on National Minorities")
    assert positions["Secretary General"] == "Secretariat"
    assert "Our history" not in positions


# --- navigation menus, own documents ---------------------------------------------------


def test_navigation_chairpersonship_with_hyphen():
    data = (menu(states=["Poland - OSCE Chairpersonship 1998", "Malta"]) + "").encode()
    nav = parse_document("menu.txt", data).navigation
    assert [(c.name, c.chair_year) for c in nav.participating_states] == [
        ("Poland", 1998),
        ("Malta", None),
    ]


def test_navigation_only_document():
    document = parse_document("menu.txt", menu().encode())
    assert document.kind == Kind.NAVIGATION
    assert document.navigation.fields_of_work == ("Arms control", "Elections", "Youth")


def test_navigation_sub_menus_end_at_structure_level_entries():
    nav = parse_document("menu.txt", menu(secretariat=["Gender Issues Programme"]).encode())
    sections = {s.name: s.section for s in nav.navigation.structures}
    assert sections["Gender Issues Programme"] == "Secretariat"
    assert sections["Parliamentary Assembly"] == "Structures and institutions"
    assert sections["Mission in Kosovo"] == "Field operations"
    assert "Institutions" not in sections
    assert "Closed field activities" not in sections
    assert "Organizational structure" not in sections
    assert "About us" not in sections


def test_navigation_leadership_positions_then_about_entries():
    data = menu(leadership=["Head of the OSCE Mission to Skopje", "Director for Management"])
    nav = parse_document("menu.txt", data.encode()).navigation
    assert [(p.title, p.structure) for p in nav.positions] == [
        ("Secretary General", "Secretariat"),
        ("Head of the OSCE Mission to Skopje", "Mission to Skopje"),
        ("Director for Management", "Management"),
    ]
    assert nav.about == ("Participating States", "Chair", "Our history", "Employment")


def test_navigation_never_leaks_into_content():
    document = parse_document("page.txt", news_page())
    (item,) = document.items
    assert item.title == "Chairman-in-Office visits Kosovo"
    assert item.content_type == "Press release"


# --- newsroom listing, own documents ---------------------------------------------------


def test_listing_metadata_in_any_order():
    item = listing_item(order=("what", "where", "type", "date"))
    (parsed,) = parse_document("l.txt", listing(item)).items
    assert parsed.published_on == date(2025, 5, 15)
    assert parsed.content_type == "News"
    assert parsed.structures == ("OSCE Mission to Skopje",)
    assert parsed.fields_of_work == ("Border management",)


@pytest.mark.parametrize("missing", ["content_type", "where", "what"])
def test_listing_optional_metadata_missing(missing):
    item = listing_item(**{missing: None})
    (parsed,) = parse_document("l.txt", listing(item)).items
    assert parsed.published_on == date(2025, 5, 15)
    assert parsed.lead.startswith("SKOPJE")


def test_listing_comma_separated_values_and_closed_structures():
    item = listing_item(
        content_type="Spot report",
        where="OSCE Spillover Monitor Mission to Skopje (closed), OSCE Secretariat",
        what="Climate change, Water management",
    )
    (parsed,) = parse_document("l.txt", listing(item)).items
    assert parsed.content_type == "Spot report"
    assert parsed.structures == ("OSCE Spillover Monitor Mission to Skopje (closed)",
                                 "OSCE Secretariat")  # fmt: skip
    assert parsed.fields_of_work == ("Climate change", "Water management")


@pytest.mark.parametrize(
    ("lead", "places"),
    [
        (
            "VIENNA/HELSINKI, 9 May 2025- The Special Envoy concluded her visit.",
            ("Vienna", "Helsinki"),
        ),
        (
            "PRISHTINË/PRIŠTINA, 05 May 2025 – Ambassador McGurk took office.",
            ("Prishtinë/Priština",),
        ),
        ("Sarajevo, 3 May 2025 – A free society depends on a free press.", ("Sarajevo",)),
        ("THE HAGUE, 3 May 1996 — Experts met.", ("The Hague",)),
        ("BOSNIA AND HERZEGOVINA, 3 May 1996 – Experts met.", ("Bosnia and Herzegovina",)),
        ("VIENNA, 14 May – Today, Estonia held its first meeting.", ("Vienna",)),
        ("Photo caption WARSAW, 6 May 2025 – In a report, ODIHR found…", ("Warsaw",)),
        ("On 7 May, the OSCE Mission in Kosovo, in co-operation with others, met.", ()),
        ("", ()),
    ],
)
def test_listing_dateline_places(lead, places):
    (parsed,) = parse_document("l.txt", listing(listing_item(lead=lead))).items
    assert parsed.places == places


def test_listing_1990s_dates_and_diacritics():
    item = listing_item(
        title="Misija OSCE-a u Prištini otvara kancelariju u Mitrovicë/Mitrovica",
        date="8 December 1995",
        where="OSCE Mission to Bosnia and Herzegovina",
        lead="MITROVICË/MITROVICA, 8 December 1995 – Ovo je početak.",
    )
    (parsed,) = parse_document("l.txt", listing(item)).items
    assert parsed.published_on == date(1995, 12, 8)
    assert parsed.places == ("Mitrovicë/Mitrovica",)
    assert parsed.title.startswith("Misija OSCE-a u Prištini")


@pytest.mark.parametrize("written", ["15 May 2025", "May 15, 2025", "2025-05-15", "15.05.2025"])
def test_listing_date_formats(written):
    (parsed,) = parse_document("l.txt", listing(listing_item(date=written))).items
    assert parsed.published_on == date(2025, 5, 15)


def test_listing_item_without_lead_followed_by_next_item():
    data = listing(listing_item(title="First", lead=None), listing_item(title="Second"))
    first, second = parse_document("l.txt", data).items
    assert (first.title, first.lead) == ("First", "")
    assert second.title == "Second"


def test_listing_extra_lead_lines_become_body():
    item = listing_item(lead="The lead.\nA second paragraph.\n\nA third one.")
    (parsed,) = parse_document("l.txt", listing(item)).items
    assert parsed.lead == "The lead."
    assert parsed.body == ("A second paragraph.", "A third one.")


def test_listing_without_publishing_date_uses_dateline_year():
    item = listing_item(date=None, lead="VIENNA, 2 March 1999 – Ministers met.")
    parsed, _ = parse_document("l.txt", listing(item, listing_item(title="Dated"))).items
    assert parsed.published_on == date(1999, 3, 2)


def test_listing_with_menu_and_no_header():
    data = listing(listing_item(), header=False, with_menu=True)
    document = parse_document("l.txt", data)
    assert document.kind == Kind.LISTING
    assert document.navigation is not None
    assert document.header == ()
    assert document.items[0].title == "OSCE trains border guards"


def test_listing_item_line_numbers():
    data = listing(listing_item(title="First"), listing_item(title="Second"))
    assert [item.line for item in parse_document("l.txt", data).items] == [3, 9]


def test_listing_crlf_and_bom():
    data = b"\xef\xbb\xbf" + listing(listing_item()).replace(b"\n", b"\r\n")
    (parsed,) = parse_document("l.txt", data).items
    assert parsed.title == "OSCE trains border guards"
    assert parsed.structures == ("OSCE Mission to Skopje",)


# --- news pages, own documents ---------------------------------------------------------


def test_news_page_date_given():
    data = news_page(date="6 February 2008", body=("The work should continue.",))
    (item,) = parse_document("p.txt", data).items
    assert item.published_on == date(2008, 2, 6)
    assert item.places == ("Pristina",)
    assert item.lead == "The work should continue."
    assert item.body == ()


def test_news_page_other_content_type_and_empty_values():
    data = news_page(
        content_type="Statement",
        date="12 January 1994",
        place=(),
        source=(),
        fields=("Arms control, Policing",),
        body=("The Chairman stated.", "Second paragraph.", "Third paragraph."),
    )
    (item,) = parse_document("p.txt", data).items
    assert item.content_type == "Statement"
    assert item.published_on == date(1994, 1, 12)
    assert (item.places, item.sources) == ((), ())
    assert item.fields_of_work == ("Arms control", "Policing")
    assert item.body == ("Second paragraph.", "Third paragraph.")


def test_news_page_without_content_type_line():
    data = news_page(content_type=None, with_menu=False)
    document = parse_document("p.txt", data)
    assert document.kind == Kind.NEWS_PAGE
    assert document.items[0].content_type is None
    assert document.items[0].title == "Chairman-in-Office visits Kosovo"


def test_news_page_several_dateline_places():
    body = ("VIENNA/WARSAW, 1 October 2024 – Leaders met.",)
    (item,) = parse_document("p.txt", news_page(place=("VIENNA",), body=body)).items
    assert item.places == ("Vienna", "Warsaw")
    assert item.published_on == date(2024, 10, 1)


def test_news_page_without_any_date_is_undated():
    (item,) = parse_document("p.txt", news_page(body=("No dateline here.",))).items
    assert item.published_on is None


# --- field-of-work pages, own documents ------------------------------------------------


def test_field_of_work_teams_and_related_sections():
    page = parse_document("f.txt", field_of_work_page()).page
    assert [(t.name, t.established_on) for t in page.teams] == [
        ("Presence in Albania", date(1997, 3, 27)),
        ("Centre in Ashgabat", date(1998, 7, 23)),
    ]
    assert page.teams[1].mandate == "Set up on 23 July 1998, the Centre works on many issues."
    assert [(r.title, r.description) for r in page.related] == [
        ("Projects", "Initiatives funded by states"),
        ("OSCE stories", "Read up on the OSCE"),
    ]


def test_field_of_work_team_without_date():
    teams = (team("Mission to Serbia", "The Mission supports democratic institutions."),)
    page = parse_document("f.txt", field_of_work_page(teams=teams)).page
    assert page.teams[0].established_on is None
    assert page.teams[0].mandate == "The Mission supports democratic institutions."


def test_field_of_work_page_without_menu():
    document = parse_document("f.txt", field_of_work_page(title="Youth", with_menu=False))
    assert document.kind == Kind.FIELD_OF_WORK
    assert document.page.title == "Youth"


# --- articles, own documents -----------------------------------------------------------


def test_article_credit_in_parentheses():
    data = article(caption="Monitors in Donetsk (Photo: OSCE/Evgeniy Maloletka)")
    story = parse_document("a.txt", data).article
    assert story.credit == "OSCE/Evgeniy Maloletka"
    assert story.paragraphs == ("The OSCE has 57 participating States.",
                                "Its headquarters are in Vienna.")  # fmt: skip


def test_article_without_caption():
    story = parse_document("a.txt", article(caption=None)).article
    assert (story.caption, story.credit) == ("", "")
    assert len(story.paragraphs) == 2


# --- malformed input -------------------------------------------------------------------


def parse_error(data, path="bad.txt"):
    with pytest.raises(ParseError) as caught:
        parse_document(path, data)
    return caught.value


def test_parse_error_str_names_file_and_line():
    error = ParseError("data/seeds/x.txt", 12, "unparseable date 'soon'")
    assert str(error) == "data/seeds/x.txt:12: unparseable date 'soon'"


@pytest.mark.parametrize("data", [b"", b"\n\n  \n", b"\xef\xbb\xbf"])
def test_parse_error_empty_file(data):
    error = parse_error(data)
    assert str(error) == "bad.txt:1: empty file"


def test_parse_error_binary_file():
    error = parse_error(b"Title\nPublishing date: 1 May 2025\n\x00\x01\x02binary")
    assert (error.line, error.reason) == (3, "binary file (NUL byte)")


def test_parse_error_undecodable_text():
    data = "Title\nPublishing date: 1 May 2025\nLead in Latin-1: Zürich".encode("latin-1")
    error = parse_error(data)
    assert error.line == 3
    assert error.reason.startswith("not UTF-8 text")


def test_parse_error_unparseable_listing_date():
    data = listing(listing_item(title="Fine"), listing_item(title="Bad", date="31 Foo 2025"))
    error = parse_error(data)
    assert error.line == 10
    assert "unparseable date '31 Foo 2025'" in error.reason


def test_parse_error_impossible_listing_date():
    error = parse_error(listing(listing_item(date="30 February 2025")))
    assert error.line == 4
    assert "no such day" in error.reason


def test_parse_error_unparseable_news_page_date():
    error = parse_error(news_page(date="sometime in 2008"))
    assert "unparseable date" in error.reason


def test_parse_error_unparseable_dateline_when_date_empty():
    error = parse_error(news_page(body=("PRISTINA, 36 February 2008 - The work goes on.",)))
    assert "dateline" in error.reason


def test_parse_error_unparseable_establishment_date():
    teams = (team("Mission to Serbia", "Established on 40 Smarch 2001, the Mission works."),)
    error = parse_error(field_of_work_page(teams=teams))
    assert "unparseable date" in error.reason


def test_parse_error_listing_item_without_title_at_start():
    error = parse_error(listing(listing_item(), header=False).split(b"\n", 1)[1])
    assert (error.line, error.reason) == (1, "listing item without a title")


def test_parse_error_listing_item_without_title_after_blank_line():
    data = listing(listing_item(title="Fine"), "\n" + listing_item(title="").lstrip("\n"))
    error = parse_error(data)
    assert error.reason == "listing item without a title"
    assert error.line == 10


def test_parse_error_listing_item_without_title_or_lead():
    data = listing(listing_item(title="Fine", lead=None), "Publishing date: 2 May 2025\n")
    error = parse_error(data)
    assert (error.line, error.reason) == (8, "listing item without a title")


def test_parse_error_listing_item_whose_title_is_a_lead():
    first = listing_item(title="Fine")
    second = "Publishing date: 16 May 2025\nContent type: News\nThe lead of the second.\n"
    error = parse_error(listing(first, second))
    assert error.line == 8
    assert "without a title" in error.reason


def test_parse_error_listing_item_without_any_date():
    undated = listing_item(title="Undated", date=None, lead="No dateline.")
    error = parse_error(listing(listing_item(), undated))
    assert (error.line, error.reason) == (9, "listing item without a publishing date")


def test_parse_error_news_page_title_too_long():
    error = parse_error(news_page(title="x" * 301, with_menu=False))
    assert (error.line, error.reason) == (2, "title longer than 300 characters")
    assert error.document.kind == Kind.NEWS_PAGE  # read whole: its one item is lost
    assert len(error.document.items) == 1
    assert parse_document("ok.txt", news_page(title="x" * 300)).items[0].title == "x" * 300


def test_parse_error_without_a_document_when_not_read_whole():
    assert parse_error(listing(listing_item(date="30 February 2025"))).document is None


def test_parse_error_empty_publishing_date():
    error = parse_error(listing(listing_item(date=" ")))
    assert (error.line, error.reason) == (4, "empty publishing date")


@pytest.mark.parametrize(
    "data",
    [
        (menu() + "Something else entirely\nthat is no known page.\n").encode(),
        b"A single line with nothing else",
    ],
)
def test_parse_error_unknown_document_kind(data):
    error = parse_error(data)
    assert error.reason.startswith("unknown document kind")


# --- units -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("6 February 2008", date(2008, 2, 6)),
        ("05 May 2025", date(2025, 5, 5)),
        ("1st Sept 1999", date(1999, 9, 1)),
        ("March 21, 2014", date(2014, 3, 21)),
        ("1995-12-08", date(1995, 12, 8)),
    ],
)
def test_parse_date_formats(text, expected):
    assert parse_date(text) == expected


@pytest.mark.parametrize("text", ["", "May 2025", "13 Brumaire 2025", "2025-13-01", "soon"])
def test_parse_date_rejects(text):
    with pytest.raises(ValueError, match="unparseable date"):
        parse_date(text)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("VIENNA", "Vienna"),
        ("THE HAGUE", "The Hague"),
        ("PRISHTINË/PRIŠTINA", "Prishtinë/Priština"),
        ("Sarajevo", "Sarajevo"),
        ("NUR-SULTAN", "Nur-Sultan"),
    ],
)
def test_normal_case(raw, expected):
    assert normal_case(raw) == expected


def test_split_places_keeps_two_spellings_of_one_place_together():
    assert split_places("VIENNA/HELSINKI") == ("Vienna", "Helsinki")
    assert split_places("GJILAN/GNJILANE/VIENNA") == ("Gjilan/Gnjilane", "Vienna")
