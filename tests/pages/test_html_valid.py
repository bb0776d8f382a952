"""Every public page type is valid HTML5, as the Nu HTML Checker (the W3C's validator) sees it.

vnu.jar comes from npm (package.json) and runs on Debian's Java; `make install-test`
installs both. All pages are checked in one run: the JVM starts once.
"""

import json
import subprocess
from pathlib import Path

import pytest
from django.utils import timezone

from library import extraction
from library.models import Document, ItemDocument
from newsroom.editorial import workflow
from publications.models import RemovedPublication
from tests.factories import (
    build_site,
    make_document,
    make_image,
    make_news_item,
    make_publication,
    make_rich_news_item,
    public_pages,
    text_pdf,
)

VNU = (
    Path(__file__).resolve().parents[2] / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
)


def publication_with_files(site):
    """A publication whose English and French PDFs the worker has read (thumbnail, pages)."""
    documents = []
    for language, text in [("en", "The quokka method"), ("fr", "La methode quokka")]:
        document = make_document(content=text_pdf(text, "Annex"), language=language)
        document.text_status = Document.TextStatus.PENDING
        extraction.extract(document)
        documents.append(document)
    publication = make_publication(
        "Observation manual", documents=documents, fields_of_work=[site["elections"]]
    )
    return publication.get_absolute_url()


def html_errors(documents):
    """{name: [error, …]} for {name: html}: the checker's errors, warnings left out."""
    folder = Path(documents.pop("_folder"))
    files = {}
    for number, (name, html) in enumerate(documents.items()):
        path = folder / f"page{number:02d}.html"
        path.write_bytes(html)
        files[path.name] = name
    result = subprocess.run(
        [
            "java",
            "-jar",
            str(VNU),
            "--errors-only",
            "--format",
            "json",
            "--stdout",
            *map(str, folder.glob("*.html")),
        ],
        capture_output=True,
        text=True,
        timeout=300,
    )
    messages = json.loads(result.stdout)["messages"]
    errors = {}
    for message in messages:
        url = message.get("url", "?")
        name = files.get(url.rsplit("/", 1)[-1], url)
        where = f"line {message.get('lastLine', '?')}"
        errors.setdefault(name, []).append(
            f"{where}: {message['message']} [{message.get('extract', '').strip()}]"
        )
    return errors


@pytest.mark.django_db
def test_html_every_public_page_type_is_valid_html5(client, tmp_path, media):
    site = build_site(news=25)
    illustrated = make_news_item(
        "Item with a lead image and documents",
        lead_image=make_image(caption="Monitors at work", credit="OSCE/Evgeniy Maloletka"),
    )
    for position, title in enumerate(["Final report", "Annex"]):
        ItemDocument.objects.create(
            item=illustrated, document=make_document(title=title), position=position
        )
    # Imported and code-scheduled items carry microseconds, which <time datetime> must not.
    undated = make_news_item("Undated background article", undated=True, publish_at=timezone.now())
    withdrawn = make_publication("Withdrawn study", fields_of_work=[site["elections"]])
    withdrawn.corrections.create(note="The year of the survey was wrong.")
    workflow.withdraw(withdrawn, "Superseded by the 2026 study.", None)
    RemovedPublication.objects.create(slug="removed-study", title="Removed study")
    pages = {
        **public_pages(site),
        "newsroom": "/newsroom/",
        "newsroom page 2": "/newsroom/?page=2",
        "newsroom search": "/newsroom/?q=elections",
        "newsroom with bad parameters": "/newsroom/?page=abc&from=2024-13-45&type=nope",
        "tag": "/newsroom/tags/observation/",
        "undated item": undated.get_absolute_url(),
        "item with image and documents": illustrated.get_absolute_url(),
        "item with figure, table and video": make_rich_news_item().get_absolute_url(),
        "publication with files in two languages": publication_with_files(site),
        "publications matching a PDF's text": "/publications/?q=quokka",
        "site search matching a PDF's text": "/search/?q=quokka",
        "withdrawn publication with a correction": withdrawn.get_absolute_url(),
        "removed publication (410)": "/publications/removed-study/",
    }
    documents = {"_folder": tmp_path}
    for name, url in pages.items():
        response = client.get(url)
        assert response.status_code in (200, 404, 410), (name, url, response.status_code)
        documents[name] = response.content

    errors = html_errors(documents)

    assert errors == {}, "\n".join(
        f"{name}: {error}" for name, found in errors.items() for error in found
    )


def test_html_checker_reports_invalid_html(tmp_path):
    """Positive control: the harness sees an error when there is one."""
    invalid = b"<!DOCTYPE html><html lang='en'><head><title>x</title></head><body>"
    invalid += (
        b"<time datetime='2024-03-10T12:00:00.123456+01:00'>then</time><p><div></div></body></html>"
    )

    errors = html_errors({"_folder": tmp_path, "broken": invalid})

    assert list(errors) == ["broken"]
    assert any("datetime" in error for error in errors["broken"])
