"""The importer records each item's language: detected, or said with --language."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from newsroom.importer.load import import_documents
from newsroom.importer.parse import detect_language
from newsroom.models import NewsItem
from tests.importer.documents import ARCHIVE, sources

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("GENÈVE, 5 février 2019 – OSCE", "fr"),  # no common word: the month tells
        ("GENF, 5. Dezember 2019 – OSZE", "de"),
        ("GINEVRA, 5 febbraio 2019 – OSCE", "it"),
        ("GINEBRA, 5 febrero 2019 – OSCE", "es"),
        ("ЖЕНЕВА, 5 февраля 2019 г. – ОБСЕ", "ru"),  # the script tells
        ("GENEVA, 5 February 2019 – OSCE", "en"),
        ("OSCE", "en"),  # nothing tells
    ],
)
def test_language_is_detected_from_script_and_month_names(text, language):
    assert detect_language(text) == language


def test_language_option_overrides_detection_and_a_rerun_applies_it(tmp_path):
    path = tmp_path / "languages.txt"
    path.write_text(ARCHIVE["languages.txt"])
    call_command("import_seeds", str(path), stdout=StringIO())
    assert set(NewsItem.objects.values_list("language", flat=True)) == {
        "en",
        "fr",
        "de",
        "it",
        "es",
    }
    call_command("import_seeds", str(path), "--language", "fr", stdout=StringIO())
    assert set(NewsItem.objects.values_list("language", flat=True)) == {"fr"}
    assert NewsItem.objects.count() == 6


def test_language_option_takes_only_the_sites_languages(tmp_path):
    with pytest.raises(CommandError, match="invalid choice: 'pt'"):
        call_command("import_seeds", str(tmp_path), "--language", "pt", stdout=StringIO())


def test_imported_items_live_under_their_languages_prefix(client):
    report = import_documents(sources("russian.txt"), language=None)
    assert report.ok
    item = NewsItem.objects.get()
    assert item.get_absolute_url() == f"/ru/newsroom/{item.slug}/"
    assert item.slug.isascii()  # transliterated
    assert item.slug.startswith("obse-")
    assert client.get(item.get_absolute_url()).status_code == 200
    assert client.get(f"/newsroom/{item.slug}/").status_code == 301
