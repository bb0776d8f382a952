import pytest

from structures.naming import (
    country_key,
    fold,
    marked_closed,
    normalise_structure_name,
    strip_marks,
    structure_key,
    structure_label,
    transliterate,
)


def test_normalise_structure_name():
    assert normalise_structure_name("OSCE  Mission to Skopje") == "Mission to Skopje"
    assert normalise_structure_name("Mission to Georgia (closed)") == "Mission to Georgia"
    assert normalise_structure_name("the OSCE Mission to Skopje (Closed) ") == "Mission to Skopje"


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("PRIŠTINA", "Pristina"),
        ("OSCE’s  work", "osce's work"),
        ("Co\u2013operation", "co-operation"),
        ("Türkiye", "TURKIYE"),
    ],
)
def test_fold_ignores_case_marks_quotes_and_spacing(a, b):
    assert fold(a) == fold(b)


def test_fold_keeps_case_when_asked_and_tells_names_apart():
    assert fold("Priština", keep_case=True) == "Pristina"
    assert strip_marks("PRISHTINË") == "PRISHTINE"
    assert fold("Vienna") != fold("Helsinki")


def test_structure_key_ignores_osce_prefix_and_closed_mark():
    assert structure_key("the OSCE Mission to Skopje (closed)") == structure_key(
        "mission to  skopje"
    )
    assert structure_key("Mission to Skopje") != structure_key("Mission to Serbia")


def test_closed_mark_is_read_and_written_one_way():
    assert marked_closed("OSCE Centre in Minsk (closed)")
    assert not marked_closed("OSCE Centre in Minsk")
    assert structure_label("Centre in Minsk", closed=True) == "Centre in Minsk (closed)"
    assert structure_label("Centre in Minsk", closed=False) == "Centre in Minsk"
    assert marked_closed(structure_label("Centre in Minsk", closed=True))


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Dačić", "Dacic"),
        ("Türkiye", "Turkiye"),
        ("PRIŠTINA", "Pristina"),
        ("Prishtinë", "PRISHTINE"),
    ],
)
def test_fold_names_with_and_without_diacritics_alike(a, b):
    assert fold(a) == fold(b)


def test_country_key_ignores_the_article():
    assert country_key("the former Yugoslav Republic of Macedonia") == country_key(
        "The Former Yugoslav Republic of Macedonia"
    )
    assert country_key("Netherlands") == country_key("The Netherlands")
    assert country_key("Thailand") == "thailand"  # 'the' only as a word


@pytest.mark.parametrize(
    ("cyrillic", "latin"),
    [("Ош", "Osh"), ("Душанбе", "Dushanbe"), ("Щучинск", "Shchuchinsk"), ("Київ", "Kiyiv"),
     ("Vienna", "Vienna"), ("объявление", "obyavlenie")],
)  # fmt: skip
def test_transliterate_cyrillic(cyrillic, latin):
    assert transliterate(cyrillic) == latin
