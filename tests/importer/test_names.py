import pytest

from newsroom.importer.names import Names
from structures.models import CountryAlias, Structure, StructureAlias
from tests.factories import make_country, make_structure

pytestmark = pytest.mark.django_db


def test_names_country_by_name_or_alias():
    czechia = make_country("Czechia")
    CountryAlias.objects.create(country=czechia, name="Czech Republic")
    names = Names()
    assert names.country("Czech Republic") == czechia
    assert names.country("czech  republic") == czechia
    assert names.country("Czechia") == czechia
    assert names.country("Slovakia") is None


def test_names_structure_with_or_without_osce_prefix():
    skopje = make_structure("Mission to Skopje")
    names = Names()
    assert names.structure("OSCE Mission to Skopje") == skopje
    assert names.structure("Mission to Skopje") == skopje
    assert names.structure("the OSCE Mission to Skopje (closed)") == skopje
    assert names.structure("Mission to Serbia") is None


def test_names_structure_through_alias():
    odihr = make_structure(
        "Office for Democratic Institutions and Human Rights", kind=Structure.Kind.INSTITUTION
    )
    StructureAlias.objects.create(structure=odihr, name="ODIHR")
    names = Names()
    assert names.structure("odihr") == odihr
    assert names.structure("OSCE Office for Democratic Institutions and Human Rights") == odihr


def test_names_countries_and_operations_named_in_text():
    kyrgyzstan = make_country("Kyrgyzstan")
    moldova = make_country("Moldova")
    bishkek = make_structure("Programme Office in Bishkek", host_country=kyrgyzstan)
    make_structure("Mission to Serbia")  # no host country: not matched in text
    names = Names()
    text = "MOLDOVA: the OSCE Programme Office in Bishkek and the Mission to Serbia met"
    assert names.countries_in(text) == []  # in running text, case counts
    assert names.countries_in("Moldova and Moldova, then Kyrgyzstan") == [moldova, kyrgyzstan]
    assert names.operations_in(text) == [bishkek]
