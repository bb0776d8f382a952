from datetime import date

import pytest
from django.db import IntegrityError, transaction

from structures.models import (
    Chairpersonship,
    Country,
    CountryAlias,
    FieldOfWork,
    FieldOperation,
    MeetingSeries,
    NameVariant,
    Position,
    Structure,
    StructureAlias,
)
from tests.factories import make_country, make_field_of_work, make_structure

pytestmark = pytest.mark.django_db


def test_fieldofwork_str_and_url():
    field = make_field_of_work("Border management")
    assert str(field) == "Border management"
    assert field.get_absolute_url() == "/fields-of-work/border-management/"


def test_country_str_and_url():
    country = make_country("North Macedonia")
    assert str(country) == "North Macedonia"
    assert country.get_absolute_url() == "/countries/north-macedonia/"


def test_structure_str_marks_closed_and_url():
    structure = make_structure("Mission to Georgia", closed=True)
    assert str(structure) == "Mission to Georgia (closed)"
    assert not Structure.objects.active().filter(pk=structure.pk).exists()
    assert structure.get_absolute_url() == "/structures/mission-to-georgia/"


def test_structure_closed_on_needs_closed():
    with pytest.raises(IntegrityError), transaction.atomic():
        make_structure("Mission to Croatia", closed=False, closed_on=date(2007, 12, 31))


def test_meetingseries_str_and_url():
    series = MeetingSeries.objects.create(name="Summit meetings", slug="summit-meetings")
    assert str(series) == "Summit meetings"
    assert series.get_absolute_url() == "/meetings/#summit-meetings"


def test_position_and_alias_str():
    skopje = make_structure()
    position = Position.objects.create(structure=skopje, title="Head of the OSCE Mission to Skopje")
    alias = StructureAlias.objects.create(structure=skopje, name="Spillover Monitor Mission")
    assert str(position) == "Head of the OSCE Mission to Skopje"
    assert str(alias) == "Spillover Monitor Mission → Mission to Skopje"


def test_chairpersonship_str():
    finland = make_country("Finland")
    chair = Chairpersonship.objects.create(country=finland, year=2025)
    assert str(chair) == "Finland – OSCE Chairpersonship 2025"


def test_alias_cannot_point_at_two_records():
    czechia = make_country("Czechia")
    slovakia = make_country("Slovakia")
    CountryAlias.objects.create(country=czechia, name="Czechoslovakia")
    with pytest.raises(IntegrityError), transaction.atomic():
        CountryAlias.objects.create(country=slovakia, name="CZECHOSLOVAKIA")
    skopje = make_structure()
    serbia = make_structure("Mission to Serbia")
    StructureAlias.objects.create(structure=skopje, name="Mission")
    with pytest.raises(IntegrityError), transaction.atomic():
        StructureAlias.objects.create(structure=serbia, name="mission")


@pytest.mark.parametrize(
    ("model", "fields"),
    [
        (FieldOfWork, {"name": "Elections", "slug": "elections-2"}),
        (FieldOfWork, {"name": "Elections 2", "slug": "elections"}),
        (Country, {"name": "Austria", "slug": "austria"}),
        (Structure, {"name": "Secretariat", "slug": "secretariat"}),
    ],
)
def test_unique_names_and_slugs(model, fields):
    model.objects.create(name="Elections", slug="elections")
    model.objects.create(name="Austria", slug="austria-0")
    model.objects.create(name="Secretariat", slug="secretariat-0")
    with pytest.raises(IntegrityError), transaction.atomic():
        model.objects.create(**fields)


def test_chairpersonship_one_country_a_year():
    Chairpersonship.objects.create(country=make_country("Finland"), year=2025)
    with pytest.raises(IntegrityError), transaction.atomic():
        Chairpersonship.objects.create(country=make_country("Malta"), year=2025)


def test_fieldoperation_proxy_lists_only_field_operations():
    make_structure("Mission to Skopje")
    make_structure("Secretariat", kind=Structure.Kind.SECRETARIAT)
    assert [s.name for s in FieldOperation.objects.all()] == ["Mission to Skopje"]
    created = FieldOperation.objects.create(name="Mission to Moldova", slug="mission-to-moldova")
    assert Structure.objects.get(pk=created.pk).kind == Structure.Kind.FIELD_OPERATION


def test_structure_hierarchy_children():
    secretariat = make_structure("Secretariat", kind=Structure.Kind.SECRETARIAT)
    cpc = make_structure("Conflict Prevention Centre", kind=Structure.Kind.DEPARTMENT)
    cpc.parent = secretariat
    cpc.save()
    assert list(secretariat.children.all()) == [cpc]


@pytest.mark.parametrize(
    ("precision", "shown"),
    [("year", "1994"), ("month", "March 1994"), ("day", "1 March 1994"), ("", "1 March 1994")],
)
def test_structure_established_as_precise_as_known(precision, shown):
    structure = make_structure(
        "Mission to Moldova", established_on=date(1994, 3, 1), established_precision=precision
    )
    assert structure.established == shown
    assert make_structure("Mission to Serbia").established == ""


def test_name_variant_once_per_kind_whatever_the_case():
    variant = NameVariant.objects.create(of="country", name="Turkei", current="Türkiye")
    NameVariant.objects.create(of="place", name="Turkei", current="Türkiye")
    assert str(variant) == "Turkei → Türkiye"
    with pytest.raises(IntegrityError), transaction.atomic():
        NameVariant.objects.create(of="country", name="TURKEI", current="Türkiye")


def test_name_variants_of_2025_are_loaded_by_a_migration():
    variant = NameVariant.objects.get(of="country", name="former Yugoslav Republic of Macedonia")
    assert variant.current == "North Macedonia"
    assert NameVariant.objects.get(of="place", name="Pristina").current == "Prishtinë/Priština"
