"""The organisation's whole archive (issue 14): one test or more per variant the archive has,
each with a document of tests/importer/documents.py, asserting what is stored and what the
public pages show."""

import json
from datetime import date

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from taggit.models import Tag

from newsroom.importer.load import import_documents
from newsroom.importer.parse import parse_date, parse_document, parse_partial_date
from newsroom.models import NewsItem
from structures.models import Chairpersonship, Country, CountryAlias, NameVariant, Structure
from tests.factories import seed_sources
from tests.importer import documents
from tests.importer.documents import sources

pytestmark = pytest.mark.django_db


def imported(*names):
    report = import_documents(sources(*names))
    assert report.ok, [d.error for d in report.failed]
    return report


def structure(name):
    return Structure.objects.get(name=name)


# --- 1. dates of lower precision --------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1994", (date(1994, 1, 1), "year")),
        ("March 2000", (date(2000, 3, 1), "month")),
        ("mars 2000", (date(2000, 3, 1), "month")),
        ("8 December 1995", (date(1995, 12, 8), "day")),
        ("the early 1990s", None),
    ],
)
def test_partial_dates_keep_their_precision(text, expected):
    assert parse_partial_date(text) == expected


def test_year_and_month_establishment_dates_are_stored_with_precision(client):
    imported("policing.txt")
    dushanbe = structure("Programme Office in Dushanbe")
    assert (dushanbe.established_on, dushanbe.established_precision) == (date(1994, 1, 1), "year")
    assert dushanbe.established == "1994"
    serbia = structure("Mission to Serbia")
    assert (serbia.established_on, serbia.established) == (date(2001, 3, 1), "March 2001")
    bosnia = structure("Mission to Bosnia and Herzegovina")
    assert bosnia.established == "8 December 1995"
    moldova = structure("Mission to Moldova")  # "in the early 1990s": no date, no failure
    assert moldova.established_on is None
    page = client.get(reverse("structures:fieldofwork-detail", args=["policing"])).content.decode()
    assert "established 1994" in page
    assert "established March 2001" in page
    assert "established 8 December 1995" in page
    assert "1 January 1994" not in page
    detail = client.get(dushanbe.get_absolute_url()).content.decode()
    assert "<dd>1994</dd>" in detail


# --- 2. "(closed)" is news metadata, and authoritative ------------------------------------


def test_closed_in_news_closes_a_structure_a_menu_created_active(client):
    imported("menu_1996.txt")
    assert structure("Mission to Croatia").closed is False
    imported("closed.txt")
    croatia = structure("Mission to Croatia")
    assert croatia.closed
    assert croatia.closed_source == "closed.txt:6"  # the document and its "Where we are" line
    assert croatia.kind == Structure.Kind.FIELD_OPERATION
    page = client.get(croatia.get_absolute_url()).content.decode()
    assert '<span class="badge">Closed</span>' in page
    assert "<dt>Closed</dt>" in page


@pytest.mark.parametrize(
    ("name", "host"),
    [
        ("Observer Mission at the Russian Checkpoints Gukovo and Donetsk", None),
        ("Special Monitoring Mission to Ukraine", "Ukraine"),
        ("Project Co-ordinator in Ukraine", "Ukraine"),
        ("Office in Baku", "Azerbaijan"),
        ("Centre in Minsk", "Belarus"),
        ("Presence in Lowland", None),
        ("Mission to Georgia", "Georgia"),
    ],
)
def test_closed_names_outside_menus_are_closed_field_activities(name, host):
    report = imported("closed.txt")
    found = structure(name)
    assert (found.closed, found.kind) == (True, Structure.Kind.FIELD_OPERATION)
    assert (found.host_country.name if found.host_country else None) == host
    assert found.closed_source.startswith("closed.txt:")
    assert f"{name} (closed)" in report.documents[0].new_structures


def test_closed_field_activities_listed_apart(client):
    imported("closed.txt")
    page = client.get(reverse("structures:fieldoperation-list")).content.decode()
    assert "Observer Mission at the Russian Checkpoints Gukovo and Donetsk" in page


# --- 3. old names of countries, chairing in either wording -------------------------------


def test_old_country_names_never_make_new_states():
    report = imported("menu_1996.txt", "menu_2014.txt", "menu_2016.txt")
    assert Country.objects.participating_states().count() == 57
    for old in ("Turkey", "Republic of Turkey", "Czech Republic", "Netherlands",
                "the former Yugoslav Republic of Macedonia", "Republic of Moldova"):  # fmt: skip
        assert not Country.objects.filter(name__iexact=old).exists(), old
    macedonia = Country.objects.get(name="North Macedonia")
    assert set(macedonia.aliases.values_list("name", flat=True)) == {
        "the former Yugoslav Republic of Macedonia"
    }  # 'The former …' is the same name with its article
    assert CountryAlias.objects.get(name="Republic of Turkey").country.name == "Türkiye"
    assert Country.objects.count() == 57 + 11  # and the Partners for Co-operation
    assert report.totals()["Country"]["created"] == 57 + 11  # by the first menu only
    assert report.documents[1].counts["Country"].get("created", 0) == 0


def test_chairing_in_either_wording_records_the_year(client):
    imported("menu_1996.txt", "menu_2014.txt", "menu_2016.txt")
    years = dict(Chairpersonship.objects.values_list("year", "country__name"))
    assert years == {1996: "Switzerland", 2014: "Switzerland", 2016: "Germany"}
    assert not Country.objects.filter(name__icontains="chair").exists()
    page = client.get(Country.objects.get(name="Switzerland").get_absolute_url())
    assert "<dt>OSCE Chairpersonship</dt><dd>1996, 2014</dd>" in page.content.decode()


def test_a_name_no_state_goes_by_is_reported_not_created():
    text = documents.menu_of({"Serbia": "Serbia and Montenegro"})
    report = import_documents([("menu_2005.txt", text.encode())])
    assert report.ok
    assert not Country.objects.filter(name="Serbia and Montenegro").exists()
    assert Country.objects.participating_states().count() == 57
    assert any("Serbia and Montenegro" in note for note in report.documents[0].skipped)


def test_editors_extend_name_variants_in_the_admin_data():
    NameVariant.objects.create(
        of=NameVariant.Of.COUNTRY, name="Czechoslovak Federal Republic", current="Czechia"
    )
    NameVariant.objects.create(
        of=NameVariant.Of.FIELD_OF_WORK, name="Police matters", current="Policing"
    )
    text = documents.menu_of({"Czechia": "Czechoslovak Federal Republic"}).replace(
        "- Policing", "- Police matters"
    )
    import_documents([("menu.txt", text.encode())])
    assert Country.objects.filter(name__icontains="czech").count() == 1
    assert CountryAlias.objects.get(name="Czechoslovak Federal Republic").country.name == "Czechia"
    assert not Structure.objects.filter(name="Police matters").exists()
    from structures.models import FieldOfWork

    assert FieldOfWork.objects.filter(name="Policing", listed=True).exists()
    assert not FieldOfWork.objects.filter(name="Police matters").exists()


def test_renamed_unit_is_an_alias_not_a_new_structure():
    imported("policing.txt")
    listing = documents.LISTING_LANGUAGES.replace(
        "Where we are: OSCE Secretariat", "Where we are: OSCE Mission to Tajikistan", 1
    )
    NameVariant.objects.create(
        of=NameVariant.Of.STRUCTURE,
        name="Mission to Tajikistan",
        current="Programme Office in Dushanbe",
    )
    import_documents([("l.txt", listing.encode())])
    assert not Structure.objects.filter(name="Mission to Tajikistan").exists()
    item = NewsItem.objects.get(title="OSCE trains judges in Vienna")
    assert list(item.structures.values_list("name", flat=True)) == ["Programme Office in Dushanbe"]


# --- 4. places with and without diacritics -------------------------------------------------


def test_spellings_of_one_place_are_one_tag():
    imported("places.txt")
    tags = set(Tag.objects.values_list("name", flat=True))
    assert tags == {"Prishtinë/Priština", "Ankara"}
    assert NewsItem.objects.filter(tags__name="Prishtinë/Priština").count() == 3


def test_place_spellings_in_any_order_give_the_same_tag():
    lines = documents.LISTING_PLACES.splitlines(keepends=True)
    header, items = lines[:2], [lines[i : i + 4] for i in range(2, len(lines), 4)]
    reordered = "".join(header + [line for item in reversed(items) for line in item])
    import_documents([("places.txt", reordered.encode())])
    assert set(Tag.objects.values_list("name", flat=True)) == {"Prishtinë/Priština", "Ankara"}


def test_country_without_diacritics_is_the_country():
    imported("places.txt")
    item = NewsItem.objects.get(title__startswith="Chairperson meets")
    assert list(item.countries.values_list("name", flat=True)) == ["Türkiye"]


# --- 5. non-Latin scripts and the other official languages ---------------------------------


def test_russian_item_gets_a_readable_slug_date_and_place(client):
    imported("russian.txt")
    item = NewsItem.objects.get()
    assert item.slug == "obse-provela-seminar-dlya-pogranichnikov-v-oshe"
    assert timezone.localtime(item.publish_at).date() == date(2019, 3, 5)
    assert item.place == "Ош"
    assert list(item.tags.names()) == ["Ош"]
    assert item.tags.get().slug == "osh"
    assert item.news_type.slug == "press-reliz"
    assert item.lead.startswith("ОШ, 5 марта 2019 г.")
    assert client.get(item.get_absolute_url()).status_code == 200


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("5 mars 2019", date(2019, 3, 5)),
        ("1er août 2019", date(2019, 8, 1)),
        ("6. März 2019", date(2019, 3, 6)),
        ("7 marzo 2019", date(2019, 3, 7)),
        ("8 de marzo de 2019", date(2019, 3, 8)),
        ("5 марта 2019 г.", date(2019, 3, 5)),
        ("12 декабря 2020", date(2020, 12, 12)),
    ],
)
def test_month_names_of_the_official_languages(text, expected):
    assert parse_date(text) == expected


def test_datelines_in_other_languages_give_date_place_and_language():
    report = imported("languages.txt")
    items = {item.title: item for item in NewsItem.objects.all()}
    assert len(items) == 6
    german = items["Die OSZE schult Richter in Wien"]
    assert timezone.localtime(german.publish_at).date() == date(2019, 3, 6)
    assert german.place == "Wien"
    spanish = items["La OSCE informa en agosto"]
    assert timezone.localtime(spanish.publish_at).date() == date(2019, 8, 1)
    assert report.documents[0].languages == {"en": 1, "fr": 1, "de": 1, "it": 1, "es": 2}
    russian = imported("russian.txt")
    assert russian.documents[0].to_dict()["languages"] == {"ru": 1}
    assert (german.language, spanish.language) == ("de", "es")
    assert NewsItem.objects.get(title__startswith="ОБСЕ").language == "ru"


# --- 6. lines before the dateline -------------------------------------------------------


def test_caption_line_before_the_dateline_is_the_image_caption():
    imported("captioned.txt", "photo_line.txt")
    item = NewsItem.objects.get(title__startswith="Border guards")
    assert item.lead.startswith("DUSHANBE, 3 March 2015 –")
    assert item.image_caption.endswith("(OSCE/Nozim Kalandarov)")
    assert "Nozim" not in item.body
    assert timezone.localtime(item.publish_at).date() == date(2015, 3, 3)
    assert list(item.tags.names()) == ["Dushanbe"]
    photo = NewsItem.objects.get(title="Mission to Skopje supports the census")
    assert photo.lead.startswith("SKOPJE, 12 April 2021")
    assert photo.image_caption == "Photo: OSCE/Mirvete Islami"
    assert "Photo:" not in photo.body
    assert list(photo.tags.names()) == ["Skopje"]


def test_a_lead_that_names_an_acronym_in_brackets_is_no_caption():
    page = documents.NEWS_PAGE_PHOTO_LINE.replace(
        "Photo: OSCE/Mirvete Islami\nSKOPJE, 12 April 2021 – ",
        "The Mission worked with the State Statistical Office (SSO).\n",
    )
    entry = parse_document("p.txt", page.encode()).items[0]
    assert entry.lead == "The Mission worked with the State Statistical Office (SSO)."
    assert entry.caption == ""


# --- 7. dry-run reports of a rejected document ------------------------------------------------


def test_dry_run_json_of_a_rejected_document_says_kind_line_and_counts(tmp_path, capsys):
    bad = tmp_path / "bad.txt"
    bad.write_text(documents.LISTING_BAD_DATE, encoding="utf-8")
    good = tmp_path / "good.txt"
    good.write_text(documents.NEWS_PAGE_PHOTO_LINE, encoding="utf-8")
    with pytest.raises(Exception, match="1 of 2 documents failed"):
        call_command("import_seeds", str(bad), str(good), "--dry-run", "--json")
    report = json.loads(capsys.readouterr().out)
    rejected = next(d for d in report["documents"] if d["path"].endswith("bad.txt"))
    assert rejected["kind"] == "listing"
    assert rejected["line"] == 8
    assert rejected["line_text"] == "Publishing date: 31 Smarch 2019"
    assert rejected["error"].endswith(
        "bad.txt:8: unparseable date '31 Smarch 2019' (unknown month)"
    )
    assert rejected["counts"] == {"NewsItem": {"failed": 3}}
    accepted = next(d for d in report["documents"] if d["path"].endswith("good.txt"))
    assert accepted["ok"]
    assert accepted["counts"]["NewsItem"] == {"created": 1}
    assert not NewsItem.objects.exists()


def test_rejected_field_of_work_page_counts_its_teams():
    page = documents.FIELD_OF_WORK_POLICING.replace("Set up in March 2001", "Set up on 40 Mar 2001")
    report = import_documents([("p.txt", page.encode())], dry_run=True)
    rejected = report.documents[0].to_dict()
    assert (rejected["kind"], rejected["line"]) == ("field_of_work", 16)
    assert rejected["counts"] == {"FieldOfWork": {"failed": 1}, "Structure": {"failed": 4}}


# --- 8. order does not matter ---------------------------------------------------------------


def snapshot():
    return {
        "structures": sorted(
            Structure.objects.values_list(
                "name", "kind", "closed", "host_country__name", "parent__name", "position"
            )
        ),
        "countries": sorted(Country.objects.values_list("name", "kind")),
        "chairs": sorted(Chairpersonship.objects.values_list("year", "country__name")),
        "tags": sorted(Tag.objects.values_list("name", flat=True)),
        "items": sorted(
            NewsItem.objects.values_list("title", "lead", "place", "image_caption", "undated")
        ),
    }


ORDERS = [
    [list(documents.ARCHIVE)],  # one command
    [[name] for name in reversed(documents.ARCHIVE)],  # one document a command, backwards
    [["closed.txt", "places.txt"], ["menu_2016.txt", "menu_1996.txt", "menu_2014.txt"],
     ["russian.txt", "policing.txt", "languages.txt", "captioned.txt", "photo_line.txt"]],
]  # fmt: skip


def clear():
    for model in (NewsItem, Chairpersonship, Tag):
        model.objects.all().delete()
    Structure.objects.filter(parent__isnull=False).delete()
    Structure.objects.all().delete()


def test_order_and_split_into_commands_do_not_matter():
    results = []
    for commands in ORDERS:
        clear()
        for names in commands:
            imported(*names)
        results.append(snapshot())
    assert results[0] == results[1] == results[2]
    croatia = next(row for row in results[0]["structures"] if row[0] == "Mission to Croatia")
    assert croatia[:5] == ("Mission to Croatia", "field_operation", True, "Croatia", None)


def test_listing_alone_gives_the_structures_it_gives_after_a_menu():
    imported("closed.txt", "places.txt")
    named = set(NewsItem.objects.values_list("structures__name", flat=True))
    alone = [row for row in snapshot()["structures"] if row[0] in named]
    clear()
    imported("menu_1996.txt")
    imported("closed.txt", "places.txt")
    after_menu = [row for row in snapshot()["structures"] if row[0] in named]
    # Name, kind, closed state and host country; a menu adds only a position and a parent.
    assert [row[:4] for row in alone] == [row[:4] for row in after_menu]
    assert len(alone) == 10


def test_menu_after_closing_news_does_not_reopen():
    imported("closed.txt")
    imported("menu_1996.txt")  # lists the Mission to Croatia as active
    assert structure("Mission to Croatia").closed


# --- the whole archive, twice ------------------------------------------------------------------


def test_seeds_and_archive_imported_twice_change_nothing_the_second_time():
    everything = seed_sources() + sources()
    first = import_documents(everything)
    assert first.ok, [d.error for d in first.failed]
    stamps = {
        model: sorted(model.objects.values_list("pk", "updated_at"))
        for model in (NewsItem, Structure, Country)
    }
    tags = sorted(Tag.objects.values_list("pk", "name"))
    second = import_documents(everything)
    assert second.ok
    for model, totals in second.totals().items():
        assert set(totals) <= {"unchanged", "skipped"}, (model, totals)
    for model, rows in stamps.items():
        assert sorted(model.objects.values_list("pk", "updated_at")) == rows
    assert sorted(Tag.objects.values_list("pk", "name")) == tags
    assert [d.conflicts for d in second.documents if d.conflicts] == []
