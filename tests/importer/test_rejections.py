"""Imports must not publish junk (issue 17): a dump cut short inside its menu, and a page that
starts with a structure's name and has no metadata, are refused with FILE:LINE: reason; the
other documents of the same import are imported whole."""

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from newsroom.importer.load import import_documents
from newsroom.models import NewsItem
from structures.models import FieldOfWork, Structure
from structures.naming import structure_key
from tests.factories import SEEDS, article, listing, listing_item, make_user, menu

pytestmark = pytest.mark.django_db

# The seed's menu up to its last entries: a dump cut there ends on whatever follows.
SEED_MENU = (SEEDS / "002_3b83a5e248d578ab.txt").read_text()
MENU_START = SEED_MENU[: SEED_MENU.index("- Organizational structure")]
GOOD = ("good.txt", listing(listing_item(title="Good news", where="OSCE Centre in Ashgabat")))


def structure_names():
    return {structure_key(name) for name in Structure.objects.values_list("name", flat=True)}


@pytest.mark.parametrize(
    ("cut", "reason"),
    [
        ("- Orga", "menu cut short: “- Orga” ends mid-word"),
        ("- Organizational", "menu cut short: “- Organizational” is the start of"),
        (
            "- Court of Conciliation and",
            "menu cut short: “- Court of Conciliation and” ends before",
        ),
        ("- Mission to Sko", "menu cut short: “- Mission to Sko” ends mid-word"),
        ("-\nStructures and insti", "menu cut short: “Structures and insti” ends mid-word"),
    ],
)
def test_navigation_cut_mid_word_is_refused_with_its_line(cut, reason):
    data = (MENU_START + cut).encode()
    last_line = len(data.decode().splitlines())
    report = import_documents([("cut.txt", data), GOOD])

    (failed,) = report.failed
    assert failed.error.startswith(f"cut.txt:{last_line}: {reason}")
    assert failed.line == last_line
    assert failed.line_text == cut.splitlines()[-1]
    assert failed.to_dict()["kind"] == "navigation"
    # Nothing of the cut menu: no "Orga", none of the structures it lists either.
    assert structure_key(cut.rsplit("- ", 1)[-1]) not in structure_names()
    assert not Structure.objects.filter(name="Mission to Skopje").exists()
    assert not FieldOfWork.objects.filter(name="Arms control").exists()
    # The good document of the same import is there in full.
    assert list(NewsItem.objects.values_list("title", flat=True)) == ["Good news"]
    assert Structure.objects.filter(name="Centre in Ashgabat").exists()


def test_whole_navigation_dumps_still_import():
    """The rule does not fire on a menu that ends on a whole name, its own or a known one."""
    report = import_documents(
        [
            ("whole.txt", (MENU_START + "- Organizational structure\n- About us").encode()),
            ("factory.txt", menu(leadership=["Head of the OSCE Mission to Skopje"]).encode()),
        ]
    )
    assert report.ok, [d.error for d in report.failed]
    assert Structure.objects.filter(name="Court of Conciliation and Arbitration").exists()
    assert Structure.objects.filter(name="Mission to Skopje").exists()


STRUCTURE_PAGE = [
    "The Mission works with the host country's institutions on police reform.",
    "It was set up in 1992 and has offices in several towns.",
]


@pytest.mark.parametrize(
    "headline",
    [
        "OSCE Mission to Skopje",  # named by the menu imported with it
        "Transnational Threats Department",  # the same
        "Programme Office in Dushanbe",  # a field operation in a known place, nowhere yet
        "High Commissioner on National Minorities",  # a structure every site has
        "OSCE Secretariat",
    ],
)
def test_structure_name_without_metadata_is_not_published(headline):
    data = article(headline=headline, caption=None, paragraphs=STRUCTURE_PAGE)
    report = import_documents([("menu.txt", menu().encode()), ("page.txt", data), GOOD])

    (failed,) = report.failed
    assert failed.error == (
        f"page.txt:1: starts with the name of a structure (“{headline}”) and has no metadata "
        "(no date, no content type): not a news item"
    )
    assert failed.line_text == headline
    assert failed.to_dict()["counts"] == {"NewsItem": {"failed": 1}}
    assert not NewsItem.objects.filter(title=headline).exists()
    assert list(NewsItem.objects.values_list("title", flat=True)) == ["Good news"]
    assert Structure.objects.filter(name="Transnational Threats Department").exists()  # the menu


def test_article_that_only_mentions_a_structure_is_still_imported():
    headline = "Mission to Skopje opens a library for young journalists"
    report = import_documents(
        [("menu.txt", menu().encode()), ("story.txt", article(headline=headline))]
    )
    assert report.ok, [d.error for d in report.failed]
    item = NewsItem.objects.get(title=headline)
    assert item.undated


def test_admin_dry_run_lists_the_refusals_with_file_and_line(client):
    client.force_login(make_user("importer", "Publisher"))
    files = [
        SimpleUploadedFile("cut.txt", (MENU_START + "- Orga").encode()),
        SimpleUploadedFile("page.txt", article(headline="OSCE Mission to Skopje", caption=None)),
        SimpleUploadedFile("good.txt", GOOD[1]),
    ]
    response = client.post(reverse("admin:newsroom_newsitem_import"), {"files": files})
    assert response.status_code == 200
    line = len(MENU_START.splitlines()) + 1
    assert f"cut.txt:{line}: menu cut short: “- Orga” ends mid-word" in response.text
    assert "page.txt:1: starts with the name of a structure" in response.text
    assert re.search(r"Good news", response.text)
    assert NewsItem.objects.count() == 0  # a dry run
