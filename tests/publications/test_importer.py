"""The importer's field-of-work sections become draft publication stubs, once."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse

from newsroom.importer.models import Tombstone
from newsroom.importer.parse import parse_document
from publications.models import Publication
from tests.factories import field_of_work_page

pytestmark = pytest.mark.django_db

RELATED = (
    "Projects",
    "Initiatives funded by individual states and organizations",
    "Studies and reports",
    "Reports, studies and analyses for policymakers",
    "Election observation handbook, seventh edition",
    "How ODIHR observes elections, step by step.",
    "Compendium of election legislation",
    "Laws of the participating States on elections.",
    "Manuals and guides",
    "Practice-oriented manuals",
    "Guidelines for reviewing a legal framework for elections",
    "For legislators and practitioners.",
    "OSCE stories",
    "Read up on the OSCE",
)


def run(path):
    out = StringIO()
    call_command("import_seeds", str(path), stdout=out, stderr=StringIO())
    return out.getvalue()


def test_importer_parses_section_entries():
    page = parse_document("f.txt", field_of_work_page(related=RELATED)).page
    sections = {section.title: section for section in page.related}
    assert [e.title for e in sections["Studies and reports"].entries] == [
        "Election observation handbook, seventh edition",
        "Compendium of election legislation",
    ]
    assert sections["Manuals and guides"].entries[0].description == (
        "For legislators and practitioners."
    )
    assert sections["Projects"].entries == ()
    assert sections["Projects"].description.startswith("Initiatives funded")


def test_importer_makes_draft_stubs_linked_to_the_field_once(tmp_path):
    (tmp_path / "elections.txt").write_bytes(field_of_work_page(related=RELATED))
    out = run(tmp_path)
    assert "Publication 3 created" in out
    stubs = Publication.objects.order_by("title")
    assert [(p.title, p.kind.slug, p.status) for p in stubs] == [
        ("Compendium of election legislation", "studies-and-reports", "draft"),
        ("Election observation handbook, seventh edition", "studies-and-reports", "draft"),
        ("Guidelines for reviewing a legal framework for elections", "manuals-and-guides", "draft"),
    ]
    handbook = stubs[1]
    assert handbook.abstract == "How ODIHR observes elections, step by step."
    assert [f.name for f in handbook.fields_of_work.all()] == ["Elections"]
    assert not handbook.files.exists()
    # Idempotent: a second run adds nothing and keeps an editor's text.
    Publication.objects.filter(pk=handbook.pk).update(abstract="Edited by an editor.")
    run(tmp_path)
    assert Publication.objects.count() == 3
    handbook.refresh_from_db()
    assert handbook.abstract == "Edited by an editor."


def test_importer_seed_sections_without_entries_make_no_stubs():
    out = StringIO()
    call_command("import_seeds", stdout=out, stderr=StringIO())
    assert not Publication.objects.exists()


def test_importer_does_not_bring_back_a_stub_an_editor_deleted(tmp_path, publisher_client):
    (tmp_path / "elections.txt").write_bytes(field_of_work_page(related=RELATED))
    run(tmp_path)
    stub = Publication.objects.get(title="Compendium of election legislation")
    delete = reverse("admin:publications_publication_delete", args=[stub.pk])
    assert publisher_client.post(delete, {"post": "yes"}).status_code == 302
    tombstone = Tombstone.objects.get()
    assert (tombstone.of, tombstone.name) == ("publication", "Compendium of election legislation")
    out = run(tmp_path)
    assert "Publication 1 skipped" in out
    assert "publication “Compendium of election legislation”: deleted by an editor" in out
    assert Publication.objects.count() == 2
    # Deleting the tombstone lets the next import bring the stub back.
    tombstone.delete()
    run(tmp_path)
    assert Publication.objects.filter(title="Compendium of election legislation").exists()
