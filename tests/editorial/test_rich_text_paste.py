"""What Word and Google Docs put on the clipboard, through the sanitiser.

The editor does the same in a browser (tests/browser/test_rich_text_editor.py), where Word's
list paragraphs also become real lists; here, posted as HTML, their text is kept.
"""

from pathlib import Path

import pytest

from newsroom.editorial.sanitize import clean_html, removals

CLIPBOARD = Path(__file__).parent / "clipboard"
DROPPED = ["style=", "class=", "<span", "<font", "<!--", "<o:p", "mso-", "<meta", "<div", "lang="]


def clipboard(name):
    return (CLIPBOARD / f"{name}.html").read_text(encoding="utf-8")


@pytest.mark.parametrize("name", ["word", "google_docs"])
def test_rich_text_paste_drops_styles_classes_spans_fonts_comments(name):
    cleaned = clean_html(clipboard(name))
    for needle in DROPPED:
        assert needle not in cleaned, needle
    found, formatting = removals(clipboard(name))
    assert found == []  # formatting only: counted in one line, not a warning per span
    assert formatting["style attributes"] > 5


def test_rich_text_paste_from_word_keeps_headings_bold_italic_links_tables():
    cleaned = " ".join(clean_html(clipboard("word")).split())
    assert "<h2>Election observation in Central Asia</h2>" in cleaned
    assert "<b>42 long-term observers</b>" in cleaned
    assert "<i>300 short-term observers</i>" in cleaned
    assert '<a href="https://www.osce.org/odihr/elections" rel="noopener noreferrer">' in cleaned
    assert "<td> <p><b>Country</b></p> </td>" in cleaned
    for item in ["Voter registration", "Campaign finance", "Media coverage"]:
        assert item in cleaned


def test_rich_text_paste_from_google_docs_keeps_headings_bold_italic_links_lists_tables():
    cleaned = clean_html(clipboard("google_docs"))
    assert "<h2>Border management training in Dushanbe</h2>" in cleaned
    assert "<strong>OSCE Border Management Staff College</strong>" in cleaned
    assert "<em>25 officers</em>" in cleaned
    assert "trained <em>" in cleaned  # the wrapper's <b> does not make everything bold
    assert not cleaned.startswith("<b>")
    assert "<ul><li><p>Risk analysis</p></li><li><p>Document security</p></li></ul>" in cleaned
    assert "<ol><li><p>Apply by 1 March</p></li></ol>" in cleaned
    assert (
        '<a href="https://www.osce.org/secretariat/borders" rel="noopener noreferrer">' in cleaned
    )
    assert "<td><p><strong>Course</strong></p></td>" in cleaned
