"""A few publications with files in several languages, one of them a scan."""

from types import SimpleNamespace

import pytest

from library.models import Document
from tests.factories import (
    make_country,
    make_document,
    make_field_of_work,
    make_publication,
    make_structure,
    text_pdf,
)

PDF_PHRASE = "quokka ballot reconciliation"


def extracted_document(django_capture_on_commit_callbacks, pages, **fields):
    """A library document whose PDF text the task has read, as after an upload."""
    with django_capture_on_commit_callbacks(execute=True):
        document = make_document(
            content=text_pdf(*pages), text_status=Document.TextStatus.PENDING, **fields
        )
        from library import extraction

        extraction.schedule(document)
    document.refresh_from_db()
    return document


@pytest.fixture
def shelf(db, media, django_capture_on_commit_callbacks):
    ns = SimpleNamespace()
    ns.elections = make_field_of_work("Elections")
    ns.gender = make_field_of_work("Gender equality")
    ns.mission = make_structure("Mission to Skopje")
    ns.serbia = make_country("Serbia")
    ns.english = extracted_document(
        django_capture_on_commit_callbacks,
        ["Introduction to observing elections", f"The {PDF_PHRASE} method is described here"],
        title="Handbook (English)",
        language="en",
    )
    ns.french = extracted_document(
        django_capture_on_commit_callbacks,
        ["Introduction a l'observation", "Methode de reconciliation"],
        title="Manuel (French)",
        language="fr",
    )
    ns.scan = extracted_document(
        django_capture_on_commit_callbacks, ["", ""], title="Old scan", language="ru"
    )
    ns.handbook = make_publication(
        "Handbook for election observation",
        kind="manuals-and-guides",
        fields_of_work=[ns.elections],
        structures=[ns.mission],
        documents=[ns.english, ns.french],
        tags=["observation"],
    )
    ns.report = make_publication(
        "Gender equality in the workplace",
        kind="studies-and-reports",
        fields_of_work=[ns.gender],
        countries=[ns.serbia],
        documents=[ns.scan],
    )
    ns.draft = make_publication(
        "Unfinished draft study", published=False, fields_of_work=[ns.elections]
    )
    return ns
