"""A small but complete site: every kind of record the public pages show, linked like real data."""

from datetime import date

from django.utils import timezone

from newsroom.models import NewsItem
from structures.models import (
    Chairpersonship,
    Country,
    CountryAlias,
    FieldOfWork,
    MeetingSeries,
    Position,
    Structure,
    StructureAlias,
)
from tests.factories import (
    make_country,
    make_field_of_work,
    make_news_item,
    make_news_type,
    make_structure,
)

Kind = Structure.Kind


def build_site(news=5, extra_structures=0, extra_countries=0):
    """Returns the main records by name; `news` published items spread over the facets."""
    elections = make_field_of_work(
        "Elections",
        position=1,
        introduction="Free and fair elections are the foundation of democracy.",
        challenge="Elections are often marred by misuse of public resources.",
        action="We observe elections and help states improve their electoral laws.",
    )
    borders = make_field_of_work(
        "Border management", position=2, introduction="Open, secure borders."
    )
    climate = make_field_of_work("Climate change", listed=False)

    albania = make_country("Albania")
    finland = make_country("Finland")
    macedonia = make_country("North Macedonia")
    CountryAlias.objects.create(country=macedonia, name="the former Yugoslav Republic of Macedonia")
    japan = make_country("Japan", kind=Country.Kind.ASIAN_PARTNER)
    egypt = make_country("Egypt", kind=Country.Kind.MEDITERRANEAN_PARTNER)
    Chairpersonship.objects.create(country=finland, year=timezone.localdate().year)
    Chairpersonship.objects.create(country=albania, year=2020)

    chair = make_structure("Chairpersonship", kind=Kind.CHAIRPERSONSHIP, position=1)
    secretariat = make_structure("Secretariat", kind=Kind.SECRETARIAT, position=2)
    Position.objects.create(structure=secretariat, title="Secretary General")
    ttd = make_structure(
        "Transnational Threats Department",
        kind=Kind.DEPARTMENT,
        parent=secretariat,
        summary="Co-ordinates the OSCE's work against transnational threats.",
    )
    ttd.fields_of_work.add(borders)
    odihr = make_structure(
        "Office for Democratic Institutions and Human Rights",
        kind=Kind.INSTITUTION,
        established_on=date(1990, 11, 21),
        mandate="Observes elections and promotes human rights.",
    )
    Position.objects.create(structure=odihr, title="ODIHR Director")
    odihr.fields_of_work.add(elections)
    skopje = make_structure(
        "Mission to Skopje",
        host_country=macedonia,
        established_on=date(1992, 9, 18),
        mandate="Supports North Macedonia in implementing its OSCE commitments.",
        summary="The Mission works on the rule of law, elections and inclusive society.",
    )
    StructureAlias.objects.create(structure=skopje, name="Spillover Monitor Mission to Skopje")
    Position.objects.create(structure=skopje, title="Head of the OSCE Mission to Skopje")
    skopje.fields_of_work.add(elections, borders)
    presence = make_structure(
        "Presence in Albania", host_country=albania, established_on=date(1997, 3, 27)
    )
    presence.fields_of_work.add(elections)
    georgia = make_structure(
        "Mission to Georgia", closed=True, closed_on=date(2009, 6, 30), position=9
    )
    make_structure("Parliamentary Assembly", kind=Kind.PARLIAMENTARY_ASSEMBLY)
    make_structure("Court of Conciliation and Arbitration", kind=Kind.COURT)
    make_structure("Permanent Council", kind=Kind.DECISION_MAKING_BODY)
    add_structures(extra_structures, extra_countries)

    MeetingSeries.objects.create(
        name="Summit meetings", slug="summit-meetings", description="Heads of State meet."
    )
    MeetingSeries.objects.create(name="Ministerial Council meetings", slug="ministerial-council")

    press = make_news_type("Press release", plural="Press releases")
    plain = make_news_type("News")
    items = []
    for n in range(news):
        item = make_news_item(
            f"Election observers report number {n}" if n % 2 else f"Border officers trained {n}",
            news_type=press if n % 2 else plain,
            place="SKOPJE" if n % 2 else "",
        )
        item.fields_of_work.add(elections if n % 2 else borders, climate)
        item.structures.add(skopje, odihr if n % 2 else ttd, secretariat)
        item.countries.add(macedonia, albania)
        item.tags.add("observation", f"tag-{n % 3}")
        items.append(item)
    draft = make_news_item("Secret draft about elections", published=False)
    draft.fields_of_work.add(elections)
    draft.structures.add(skopje)
    draft.countries.add(macedonia)
    return {
        "elections": elections,
        "borders": borders,
        "climate": climate,
        "albania": albania,
        "finland": finland,
        "macedonia": macedonia,
        "japan": japan,
        "egypt": egypt,
        "chair": chair,
        "secretariat": secretariat,
        "ttd": ttd,
        "odihr": odihr,
        "skopje": skopje,
        "presence": presence,
        "georgia": georgia,
        "items": items,
        "draft": draft,
        "news_count": NewsItem.objects.published().count(),
    }


def public_pages(site):
    """One URL of each public page type, by name: for the accessibility and HTML checks."""
    return {
        "home": "/",
        "newsroom (filtered)": "/newsroom/?field=elections&type=press-release",
        "news item": site["items"][0].get_absolute_url(),
        "topic": "/fields-of-work/elections/",
        "topics": "/fields-of-work/",
        "structures": "/structures/",
        "structure": "/structures/mission-to-skopje/",
        "field operations": "/field-operations/",
        "countries": "/countries/",
        "country": "/countries/north-macedonia/",
        "meetings": "/meetings/",
        "about": "/about/",
        "404": "/no-such-page/",
    }


def add_structures(structures, countries):
    """More field operations, units, countries and chairpersonships, linked like the others."""
    albania = Country.objects.get(slug="albania")
    elections = FieldOfWork.objects.get(slug="elections")
    secretariat = Structure.objects.get(slug="secretariat")
    start = Structure.objects.count()
    for n in range(start, start + structures):
        extra = make_structure(f"Programme Office number {n}", host_country=albania)
        extra.fields_of_work.add(elections)
        Position.objects.create(structure=extra, title=f"Head of Programme Office number {n}")
        make_structure(f"Unit {n}", kind=Kind.DEPARTMENT, parent=secretariat)
    start = Country.objects.count()
    for n in range(start, start + countries):
        country = make_country(f"Country {n}")
        Chairpersonship.objects.create(country=country, year=1900 + n)
        make_structure(f"Office in country {n}", host_country=country)


def add_bulk(count):
    """`count` more of everything: structures, countries and news on every facet."""
    add_structures(count, count)
    elections = FieldOfWork.objects.get(slug="elections")
    borders = FieldOfWork.objects.get(slug="border-management")
    skopje = Structure.objects.get(slug="mission-to-skopje")
    secretariat = Structure.objects.get(slug="secretariat")
    albania = Country.objects.get(slug="albania")
    for n in range(count):
        item = make_news_item(f"Bulk report {n}", news_type=make_news_type("News"))
        item.fields_of_work.add(elections, borders)
        item.structures.add(skopje, secretariat)
        item.countries.add(albania)
        item.tags.add(f"bulk-{n}")
