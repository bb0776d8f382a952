"""Builders for test data, one place for all of them: plain functions, no factory library.

Records (news items and what they are tagged with), people and the admin's change form, a small
but complete site for page-level checks, and documents in the importer's dump formats. Fixtures
live in the conftest.py files and call these.
"""

import datetime
import itertools
from importlib import import_module
from pathlib import Path
from types import SimpleNamespace
from zoneinfo import ZoneInfo

from django.contrib.auth.models import Group, Permission, User
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse, reverse_lazy
from django.utils import timezone
from django.utils.text import slugify

from library.images import refresh_renditions
from library.models import Document, DocumentType, Image
from newsroom.models import NewsItem, NewsType
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

_counter = itertools.count(1)
VIENNA = ZoneInfo("Europe/Vienna")
SEEDS = Path(__file__).resolve().parents[1] / "data" / "seeds"


# Records


def at(year, month, day, hour=12, minute=0):
    """A wall-clock time in Vienna, where the Secretariat publishes."""
    return datetime.datetime(year, month, day, hour, minute, tzinfo=VIENNA)


def make_news_type(name="News", **fields):
    return NewsType.objects.get_or_create(name=name, defaults={"slug": slugify(name), **fields})[0]


def make_field_of_work(name="Elections", **fields):
    defaults = {"slug": slugify(name), "listed": True, **fields}
    return FieldOfWork.objects.get_or_create(name=name, defaults=defaults)[0]


def make_country(name="Czechia", **fields):
    return Country.objects.get_or_create(name=name, defaults={"slug": slugify(name), **fields})[0]


def make_structure(name="Mission to Skopje", kind=Structure.Kind.FIELD_OPERATION, **fields):
    defaults = {"slug": slugify(name), "kind": kind, **fields}
    return Structure.objects.get_or_create(name=name, defaults=defaults)[0]


def make_news_item(
    title=None,
    *,
    published=True,
    publish_at=None,
    fields_of_work=(),
    structures=(),
    countries=(),
    tags=(),
    **fields,
):
    n = next(_counter)
    title = title or f"OSCE news item number {n}"
    item = NewsItem.objects.create(
        title=title,
        slug=fields.pop("slug", f"{slugify(title)[:200]}-{n}"),
        status=NewsItem.Status.PUBLISHED if published else NewsItem.Status.DRAFT,
        publish_at=publish_at or timezone.now() - datetime.timedelta(hours=n),
        lead=fields.pop("lead", f"Lead of item {n} about border management."),
        **fields,
    )
    if fields_of_work:
        item.fields_of_work.set(fields_of_work)
    if structures:
        item.structures.set(structures)
    if countries:
        item.countries.set(countries)
    if tags:
        item.tags.add(*tags)
    return item


def make_news_items(count, **fields):
    return [make_news_item(**fields) for _ in range(count)]


# People and the admin's change form


def make_roles():
    """The Editor and Publisher groups as the migrations make them (newsroom's 0003,
    publications' 0002), for tests whose database was flushed (transactional tests, the
    browser's live server)."""
    roles = import_module("newsroom.migrations.0003_editorial_groups")

    def permissions(spec):
        return [
            Permission.objects.get(content_type__app_label=app_label, codename=codename)
            for app_label, codenames in spec.items()
            for codename in codenames
        ]

    editor = Group.objects.get_or_create(name="Editor")[0]
    editor.permissions.add(*permissions(roles.EDITOR))
    publisher = Group.objects.get_or_create(name="Publisher")[0]
    publisher.permissions.add(*permissions(roles.EDITOR), *permissions(roles.PUBLISHER_EXTRA))
    # The publications' part of the roles (publications' migration 0002).
    publications = import_module("publications.migrations.0002_kinds_groups_search_index")
    editor.permissions.add(*permissions({"publications": publications.EDITOR}))
    publisher.permissions.add(
        *permissions({"publications": publications.EDITOR + publications.PUBLISHER_EXTRA})
    )


def image_bytes(size=(2000, 1000), image_format="JPEG", color=(20, 90, 160)):
    from io import BytesIO

    from PIL import Image as Pillow

    buffer = BytesIO()
    Pillow.new("RGB", size, color).save(buffer, format=image_format)
    return buffer.getvalue()


def image_upload(name="photo.jpg", size=(2000, 1000), image_format="JPEG"):
    content_type = f"image/{image_format.lower()}"
    return SimpleUploadedFile(name, image_bytes(size, image_format), content_type=content_type)


def make_image(name="photo.jpg", size=(2000, 1000), renditions=True, **fields):
    """A library image with a real file in the default storage (and its renditions)."""
    fields = {"title": "Border crossing", "alt": "Border guards at a crossing", **fields}
    image = Image(**fields)
    image.file.save(name, ContentFile(image_bytes(size)), save=False)
    image.width, image.height = size
    image.file_size = image.file.size
    image.save()
    if renditions:
        refresh_renditions(image)
    return image


def pdf_bytes(pages=2):
    """A small well-formed PDF with `pages` empty pages."""
    kids = " ".join(f"{3 + n} 0 R" for n in range(pages))
    objects = [
        "<< /Type /Catalog /Pages 2 0 R >>",
        f"<< /Type /Pages /Kids [{kids}] /Count {pages} >>",
        *["<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>"] * pages,
    ]
    body = "%PDF-1.4\n" + "".join(
        f"{n} 0 obj\n{text}\nendobj\n" for n, text in enumerate(objects, 1)
    )
    return (body + "trailer\n<< /Root 1 0 R >>\n%%EOF\n").encode()


def text_pdf(*pages):
    """A small PDF whose pages show the given texts (Helvetica); "" makes a page with no text."""
    count = len(pages)
    page_ids = [3 + 2 * i for i in range(count)]
    font_id = 3 + 2 * count
    kids = " ".join(f"{p} 0 R" for p in page_ids)
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        f"<< /Type /Pages /Kids [{kids}] /Count {count} >>".encode(),
    ]
    for page_id, text in zip(page_ids, pages, strict=True):
        escaped = text.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")
        content = f"BT /F1 12 Tf 72 720 Td ({escaped}) Tj ET".encode("latin-1") if text else b""
        objects.append(
            f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents {page_id + 1} 0 R "
            f"/Resources << /Font << /F1 {font_id} 0 R >> >> >>".encode()
        )
        objects.append(b"<< /Length %d >>\nstream\n%s\nendstream" % (len(content), content))
    objects.append(b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>")
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    return bytes(out)


def make_publication_kinds():
    """{slug: kind} of the four kinds its migration makes (again, in a flushed database)."""
    from publications.models import PublicationKind

    kinds = import_module("publications.migrations.0002_kinds_groups_search_index").KINDS
    return {
        slug: PublicationKind.objects.get_or_create(
            slug=slug,
            defaults={"name": name, "plural": plural, "position": position, "description": text},
        )[0]
        for name, plural, slug, position, text in kinds
    }


def make_publication(
    title=None,
    *,
    kind="studies-and-reports",
    published=True,
    fields_of_work=(),
    structures=(),
    countries=(),
    tags=(),
    documents=(),
    **fields,
):
    """A publication of a kind made by the migration (studies-and-reports, manuals-and-guides,
    projects, stories), with its files in the given order."""
    from publications.models import Publication, PublicationFile

    n = next(_counter)
    title = title or f"OSCE publication number {n}"
    publication = Publication.objects.create(
        title=title,
        slug=fields.pop("slug", f"{slugify(title)[:200]}-{n}"),
        kind=make_publication_kinds()[kind],
        status=Publication.Status.PUBLISHED if published else Publication.Status.DRAFT,
        publish_at=fields.pop("publish_at", timezone.now() - datetime.timedelta(hours=n)),
        abstract=fields.pop("abstract", f"Abstract of publication {n} on border management."),
        **fields,
    )
    publication.fields_of_work.set(fields_of_work)
    publication.structures.set(structures)
    publication.countries.set(countries)
    if tags:
        publication.tags.add(*tags)
    for position, document in enumerate(documents):
        PublicationFile.objects.create(
            publication=publication, document=document, position=position
        )
    return publication


def publication_form_data(publication, **overrides):
    """What the publications admin's change form posts for publication (its files unchanged),
    with overrides (None drops a field)."""
    local = timezone.localtime(publication.publish_at)
    files = list(publication.files.all())
    data = {
        "title": publication.title,
        "slug": publication.slug,
        "kind": publication.kind_id,
        "status": publication.status,
        "publish_at_0": local.strftime("%Y-%m-%d"),
        "publish_at_1": local.strftime("%H:%M:%S"),
        "issued_on": publication.issued_on or "",
        "date_precision": publication.date_precision,
        "abstract": publication.abstract,
        "body": publication.body,
        "cover": publication.cover_id or "",
        "structures": [s.pk for s in publication.structures.all()],
        "fields_of_work": [f.pk for f in publication.fields_of_work.all()],
        "countries": [c.pk for c in publication.countries.all()],
        "tags": ", ".join(t.name for t in publication.tags.all()),
        "files-TOTAL_FORMS": str(len(files)),
        "files-INITIAL_FORMS": str(len(files)),
    }
    for number, link in enumerate(files):
        data.update(
            {
                f"files-{number}-id": link.pk,
                f"files-{number}-publication": publication.pk,
                f"files-{number}-document": link.document_id,
                f"files-{number}-position": link.position,
            }
        )
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


def make_document(name="report.pdf", content=None, **fields):
    fields = {"title": "Final report", "file_type": DocumentType.PDF, **fields}
    document = Document(**fields)
    document.file.save(name, ContentFile(content or pdf_bytes()), save=False)
    document.file_size = document.file.size
    document.save()
    return document


def make_user(username, *groups, superuser=False):
    """A staff user in the named groups ("Editor", "Publisher"), made by a migration."""
    user = User.objects.create(
        username=username, email=f"{username}@osce.test", is_staff=True, is_superuser=superuser
    )
    user.groups.add(*Group.objects.filter(name__in=groups))
    return user


def change_form_data(item, **overrides):
    """What the admin's change form posts for item, with overrides (None drops a field).

    A new item gets the content type "News" unless it has one: the form requires it.
    """
    local = timezone.localtime(item.publish_at)
    news_type = item.news_type_id or (make_news_type().pk if item.pk is None else "")
    data = {
        "title": item.title,
        "slug": item.slug,
        "language": item.language,
        "news_type": news_type,
        "status": item.status,
        "publish_at_0": local.strftime("%Y-%m-%d"),
        "publish_at_1": local.strftime("%H:%M:%S"),
        "place": item.place,
        "source": item.source,
        "lead": item.lead,
        "body": item.body,
        "lead_image": item.lead_image_id or "",
        "image_caption": item.image_caption,
        **document_forms(item),
    }
    if item.pk:
        data["structures"] = [s.pk for s in item.structures.all()]
        data["fields_of_work"] = [f.pk for f in item.fields_of_work.all()]
        data["countries"] = [c.pk for c in item.countries.all()]
        data["tags"] = ", ".join(t.name for t in item.tags.all())
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


def document_forms(item):
    """The attached documents' inline formset, as the change form posts it unchanged."""
    attachments = list(item.attached_documents.all()) if item.pk else []
    data = {
        "attached_documents-TOTAL_FORMS": str(len(attachments)),
        "attached_documents-INITIAL_FORMS": str(len(attachments)),
    }
    for number, attachment in enumerate(attachments):
        prefix = f"attached_documents-{number}"
        data[f"{prefix}-id"] = attachment.pk
        data[f"{prefix}-item"] = item.pk
        data[f"{prefix}-document"] = attachment.document_id
        data[f"{prefix}-position"] = attachment.position
    return data


def change_url(item):
    return reverse("admin:newsroom_newsitem_change", args=[item.pk])


ADD_URL = reverse_lazy("admin:newsroom_newsitem_add")
CHANGELIST_URL = reverse_lazy("admin:newsroom_newsitem_changelist")


# A small but complete site: every kind of record the public pages show, linked like real data

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
        established_on=datetime.date(1990, 11, 21),
        mandate="Observes elections and promotes human rights.",
    )
    Position.objects.create(structure=odihr, title="ODIHR Director")
    odihr.fields_of_work.add(elections)
    skopje = make_structure(
        "Mission to Skopje",
        host_country=macedonia,
        established_on=datetime.date(1992, 9, 18),
        mandate="Supports North Macedonia in implementing its OSCE commitments.",
        summary="The Mission works on the rule of law, elections and inclusive society.",
    )
    StructureAlias.objects.create(structure=skopje, name="Spillover Monitor Mission to Skopje")
    Position.objects.create(structure=skopje, title="Head of the OSCE Mission to Skopje")
    skopje.fields_of_work.add(elections, borders)
    presence = make_structure(
        "Presence in Albania", host_country=albania, established_on=datetime.date(1997, 3, 27)
    )
    presence.fields_of_work.add(elections)
    georgia = make_structure(
        "Mission to Georgia", closed=True, closed_on=datetime.date(2009, 6, 30), position=9
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
        "publication": make_publication(
            "Handbook for election observation",
            kind="manuals-and-guides",
            issued_on=datetime.date(2024, 5, 1),
            date_precision="month",
            fields_of_work=[elections],
            structures=[skopje, odihr],
            countries=[macedonia],
            tags=["observation"],
            body="<p>How observers work.</p>",
        ),
    }


def build_small_newsroom():
    """Five public items with every facet in use, a draft and a scheduled item (feeds, API)."""
    now = timezone.now()
    news = make_news_type("News", plural="News")
    press = make_news_type("Press release", plural="Press releases")
    elections = make_field_of_work("Elections")
    borders = make_field_of_work("Border management")
    odihr = make_structure("ODIHR", kind=Structure.Kind.INSTITUTION)
    skopje = make_structure("Mission to Skopje")
    ukraine = make_country("Ukraine")
    czechia = make_country("Czechia")

    def days_ago(days):
        return now - datetime.timedelta(days=days)

    items = [
        make_news_item(
            "Observers deployed to Ukraine",
            news_type=press,
            publish_at=days_ago(1),
            fields_of_work=[elections],
            structures=[odihr],
            countries=[ukraine],
            tags=["youth"],
        ),
        make_news_item(
            "Border officers trained in Skopje",
            news_type=news,
            publish_at=days_ago(2),
            fields_of_work=[borders],
            structures=[skopje],
            tags=["training"],
        ),
        make_news_item(
            "Election observation report published",
            news_type=press,
            publish_at=days_ago(3),
            fields_of_work=[elections],
            structures=[odihr],
            countries=[ukraine, czechia],
            body="<p>The final report on water rights &amp; voting.</p>",
        ),
        make_news_item(
            "Youth forum on borders",
            news_type=news,
            publish_at=days_ago(4),
            fields_of_work=[borders, elections],
            structures=[skopje],
            countries=[czechia],
            tags=["youth"],
        ),
        make_news_item(
            "Statement by the Chair",
            news_type=press,
            publish_at=days_ago(40),
            source="OSCE Chairpersonship",
        ),
    ]
    draft = make_news_item(
        "Draft about Elections", published=False, news_type=press, fields_of_work=[elections]
    )
    future = make_news_item(
        "Scheduled about Elections",
        news_type=press,
        publish_at=now + datetime.timedelta(days=2),
        fields_of_work=[elections],
    )
    return SimpleNamespace(
        items=items,
        draft=draft,
        future=future,
        news=news,
        press=press,
        elections=elections,
        borders=borders,
        odihr=odihr,
        skopje=skopje,
        ukraine=ukraine,
        czechia=czechia,
    )


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
        "open data API documentation": "/api/",
        "publications": "/publications/?kind=manuals-and-guides&language=xx",
        "publications search": "/publications/?q=observation",
        "publication": site["publication"].get_absolute_url(),
        "site search": "/search/?q=elections",
        "404": "/no-such-page/",
    }


def translated_pages(site):
    """Russian and French: one URL of each public page type in each, by name. Adds a Russian
    and a French translation of the site's first item and an item in each language alone."""
    source = site["items"][0]
    pages = {}
    for language, title in [("ru", "Пограничники прошли обучение"), ("fr", "Formation des gardes")]:
        translation = make_news_item(
            title, language=language, translation_of=source, lead=f"{title}: {language}."
        )
        alone = make_news_item(f"{title} ({language})", language=language)
        for item in (translation, alone):
            item.fields_of_work.add(site["elections"])
            item.structures.add(site["skopje"])
            item.countries.add(site["macedonia"])
        pages.update(
            {
                f"{language} home": f"/{language}/",
                f"{language} newsroom": f"/{language}/newsroom/",
                f"{language} newsroom (filtered)": f"/{language}/newsroom/?field=elections",
                f"{language} item with translations": translation.get_absolute_url(),
                f"{language} item without translations": alone.get_absolute_url(),
                f"{language} topic": f"/{language}/fields-of-work/elections/",
                f"{language} topics": f"/{language}/fields-of-work/",
                f"{language} structures": f"/{language}/structures/",
                f"{language} structure": f"/{language}/structures/mission-to-skopje/",
                f"{language} field operations": f"/{language}/field-operations/",
                f"{language} countries": f"/{language}/countries/",
                f"{language} country": f"/{language}/countries/north-macedonia/",
                f"{language} meetings": f"/{language}/meetings/",
                f"{language} about": f"/{language}/about/",
                f"{language} alerts": f"/{language}/alerts/?field=elections",
            }
        )
    pages["en item with translations"] = source.get_absolute_url()
    return pages


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


# Documents in the dump formats, built inline so each test shows what it feeds the importer


def seed(prefix):
    """The bytes of the seed document whose name starts with `prefix` ('001' …)."""
    return next(SEEDS.glob(f"{prefix}_*.txt")).read_bytes()


def seed_sources():
    """Every seed document as the importer takes it: (name, bytes) pairs."""
    return [(path.name, path.read_bytes()) for path in sorted(SEEDS.glob("*.txt"))]


MENU_FIELDS = ["Arms control", "Elections", "Youth"]
MENU_SECRETARIAT = ["Conflict Prevention Centre", "Transnational Threats Department"]
MENU_OPERATIONS = ["Mission to Skopje", "Programme Office in Bishkek", "Mission in Kosovo"]
MENU_STATES = ["Albania", "Czech Republic", "Finland – OSCE Chairpersonship 2025", "Kyrgyzstan"]


def menu(
    fields=MENU_FIELDS,
    states=MENU_STATES,
    secretariat=MENU_SECRETARIAT,
    operations=MENU_OPERATIONS,
    meetings=("Summit meetings", "Ministerial Council meetings"),
    leadership=None,
):
    lines = ["-", "Our work", "-", "Fields of work"]
    lines += [f"- {name}" for name in [*fields, "Field operations", "Projects"]]
    lines += ["-", "Meetings and conferences"]
    lines += [f"- {name}" for name in [*meetings, "Partnerships"]]
    lines += ["-", "Countries", "- All", "-", "Participating States"]
    lines += [f"- {name}" for name in states]
    lines += ["- Asian Partners for Co-operation", "- Mediterranean Partners for Co-operation"]
    lines += ["-", "Structures and institutions", "- Chairpersonship", "-", "Secretariat"]
    lines += ["- Secretary General", *(f"- {name}" for name in secretariat), "- Institutions"]
    lines += ["-", "Field operations", *(f"- {name}" for name in operations)]
    lines += ["- Closed field activities", "- Parliamentary Assembly"]
    lines += ["- Court of Conciliation and Arbitration", "- Organizational structure"]
    if leadership is None:
        lines += ["- About us"]
    else:
        lines += ["-", "About us", "- Participating States", "- Chair", "-", "Leadership"]
        lines += [f"- {title}" for title in leadership]
        lines += ["- Our history", "- Employment"]
    return "\n".join(lines) + "\n"


def listing_item(
    title="OSCE trains border guards",
    date="15 May 2025",
    content_type="News",
    where="OSCE Mission to Skopje",
    what="Border management",
    lead="SKOPJE, 15 May 2025 – The OSCE trained 20 border guards.",
    order=("date", "type", "where", "what"),
):
    """One listing item; pass None to leave a metadata line out."""
    meta = {
        "date": date and f"Publishing date: {date}",
        "type": content_type and f"Content type: {content_type}",
        "where": where and f"Where we are: {where}",
        "what": what and f"What we do: {what}",
    }
    lines = [title, *(meta[key] for key in order if meta[key])]
    if lead is not None:
        lines.append(lead)
    return "\n".join(lines) + "\n"


def listing(*items, header=True, with_menu=False):
    text = menu() if with_menu else ""
    if header:
        text += "Newsroom\nNews and press releases\n"
    return (text + "".join(items or [listing_item()])).encode()


def news_page(
    content_type="Press release",
    title="Chairman-in-Office visits Kosovo",
    date="",
    place=("PRISTINA",),
    source=("OSCE Chairpersonship",),
    fields=(),
    body=(
        "PRISTINA, 6 February 2008 - The OSCE's work should continue, said the Chairman.",
        '"I fully support the work of the OSCE Mission here," said the Minister.',
    ),
    with_menu=True,
):
    lines = [content_type] if content_type else []
    lines += [title, f"- Date: {date}".rstrip()]
    lines += ["- Place:", *(f"- {value}" for value in place)]
    lines += ["- Source:", *(f"- {value}" for value in source)]
    lines += ["- Fields of work:", *(f"- {value}" for value in fields)]
    lines += body
    return ((menu() if with_menu else "") + "\n".join(lines)).encode()


def team(name, description):
    return f"{name}\n{name}\n{description}\n"


def field_of_work_page(
    title="Elections",
    teams=None,
    related=("Projects", "Initiatives funded by states", "OSCE stories", "Read up on the OSCE"),
    with_menu=True,
):
    text = menu() if with_menu else ""
    text += (
        f"{title}\n"
        "Democratic elections form the basis for legitimate government.\n"
        "Our challenge\n"
        "Free and fair elections are the backbone of democracy.\n"
        "Our action\n"
        "We observe elections.\n"
        "Our teams\n"
        "Our institutions bring expert skills.\n"
        "Our institutions and offices\n"
        "Our flagship institution is the Office for Democratic Institutions and Human Rights.\n"
        "Our operations on the ground\n"
        "Several field operations carry out elections-related activities.\n"
    )
    if teams is None:
        teams = [
            team(
                "Presence in Albania",
                "Established on 27 March 1997 with the mandate to promote democratization.",
            ),
            team("Centre in Ashgabat", "Set up on 23 July 1998, the Centre works on many issues."),
        ]
    text += "".join(teams) + "".join(f"{line}\n" for line in related)
    return text.encode()


def article(
    headline="The OSCE is the largest regional security organisation.",
    caption="Observers in Albania, 1997. Photo: The Danish Defence.",
    paragraphs=("The OSCE has 57 participating States.", "Its headquarters are in Vienna."),
):
    lines = [headline, ""]
    if caption:
        lines.append(caption)
    lines += paragraphs
    return "\n".join(lines).encode()


# What editors write: a body with everything the editor has (issue 16)

RICH_BODY = (
    '<h2>Observers at work</h2><p>The mission published <a href="/newsroom/" '
    'rel="noopener noreferrer">its interim report</a> on <strong>12 March</strong>.</p>'
    '<figure class="figure"><img src="/media/library/polling-station.jpg" alt="Observers count '
    'ballots at a polling station" width="640" height="360"><figcaption class="figure-caption">'
    "Counting in Skopje. Photo: OSCE/Anna Example</figcaption></figure><table><tbody><tr><th>"
    "<p>Region</p></th><th><p>Observers</p></th></tr><tr><td><p>North</p></td><td><p>42</p></td>"
    "</tr></tbody></table><blockquote><p>Every vote counts.</p></blockquote><ul><li><p>One</p>"
    '</li></ul><figure class="embed"><a href="https://www.youtube.com/watch?v=dQw4w9WgXcQ" '
    'rel="noopener noreferrer">Opening statement by the Head of Mission</a></figure>'
)


def make_rich_news_item(**fields):
    """A published item whose body has a heading, link, figure, table, quote, list and video."""
    fields.setdefault("lead", "Observers followed the vote in all regions.")
    return make_news_item("Observers follow the vote", body=RICH_BODY, **fields)


# Email alerts


def make_subscription(email="reader@example.org", query="", frequency="immediately", **fields):
    """A confirmed subscription to the newsroom filter `query` (unless confirmed=False)."""
    from django.http import QueryDict

    from alerts import subscribing
    from alerts.matching import canonical

    confirmed = fields.pop("confirmed", True)
    subscription = subscribing.request(email, canonical(QueryDict(query)), frequency)
    if confirmed:
        subscribing.confirm(subscription)
    return subscription
