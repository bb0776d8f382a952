"""The five catalogues of the public site's interface text: complete, current, compiled.

They use GNU gettext's tools, which `make install-test` installs (Makefile: /usr/bin/msgfmt).
"""

import gettext
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings

from tests.subprocesses import ROOT

LANGUAGES = [code for code, _ in settings.LANGUAGES if code != "en"]
# What osce_site's makemessages reads: the project's Python packages and templates (it
# ignores the rest).
SOURCES = [
    "manage.py",
    *(p.name for p in ROOT.iterdir() if (p / "__init__.py").exists() and p.name != "tests"),
]


def catalogue(language):
    return ROOT / "locale" / language / "LC_MESSAGES" / "django.po"


def statistics(po):
    """(translated, fuzzy, untranslated) as msgfmt counts them; fails on a format error."""
    result = subprocess.run(
        ["msgfmt", "--check", "--statistics", "-o", os.devnull, str(po)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    counts = {"translated": 0, "fuzzy": 0, "untranslated": 0}
    for number, kind in re.findall(r"(\d+) (translated|fuzzy|untranslated)", result.stderr):
        counts[kind] = int(number)
    return counts["translated"], counts["fuzzy"], counts["untranslated"]


def compiled(po, *, every_message=False):
    """{msgid: msgstr} of `po` compiled by msgfmt; with `every_message`, the untranslated
    ones too (msgen fills them with their msgid first), so that the keys are all msgids."""
    mo = Path(po).with_suffix(".check.mo")
    source = str(po)
    if every_message:
        source = str(Path(po).with_suffix(".all.po"))
        subprocess.run(["msgen", "-o", source, str(po)], check=True)
    subprocess.run(["msgfmt", "-o", str(mo), source], check=True)
    try:
        with mo.open("rb") as handle:
            return translations(handle)
    finally:
        mo.unlink()
        if every_message:
            Path(source).unlink()


def translations(handle):
    """{msgid or (msgid, plural index): msgstr} of a compiled catalogue, header left out."""
    catalog = dict(gettext.GNUTranslations(handle)._catalog)
    catalog.pop("", None)
    return catalog


@pytest.mark.parametrize("language", LANGUAGES)
def test_catalogue_translates_every_message_with_nothing_fuzzy(language):
    translated, fuzzy, untranslated = statistics(catalogue(language))
    assert translated > 300
    assert (fuzzy, untranslated) == (0, 0)
    # No msgstr copied from the English: an untranslated message may hide as its own msgid.
    text = catalogue(language).read_text()
    assert "#, fuzzy" not in text


@pytest.mark.parametrize("language", LANGUAGES)
def test_compiled_catalogue_matches_its_po(language):
    """The committed .mo (what `make run` serves, no gettext needed) is the .po compiled."""
    po = catalogue(language)
    with po.with_suffix(".mo").open("rb") as handle:
        committed = translations(handle)
    assert committed == compiled(po), "run `make messages` and commit the .mo files"


def test_catalogues_hold_every_message_of_the_sources_and_no_other(tmp_path):
    """Re-extracting the messages from the sources finds no new or removed msgid.

    makemessages runs in a copy of the project, so that it cannot touch the real catalogues.
    """
    for name in [*SOURCES, "templates", "locale"]:
        source = ROOT / name
        if source.is_dir():
            shutil.copytree(source, tmp_path / name, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy(source, tmp_path / name)
    environ = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE"))}
    result = subprocess.run(
        [sys.executable, "manage.py", "makemessages", "--locale", "fr"],
        cwd=tmp_path,
        env={**environ, "DJANGO_DEBUG": "1", "PYTHONPATH": str(tmp_path)},
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    extracted = tmp_path / "locale" / "fr" / "LC_MESSAGES" / "django.po"
    new = set(compiled(extracted, every_message=True)) - set(compiled(catalogue("fr")))
    assert not new, f"messages missing from the catalogues (run `make messages`): {new}"
    _, fuzzy, untranslated = statistics(extracted)
    assert (fuzzy, untranslated) == (0, 0), "a source message changed: translate it again"


def test_public_templates_have_no_untranslated_text():
    """Every text node of the public templates goes through {% translate %}: once the tags,
    comments, variables and markup are removed, no letters are left but names that stay
    the same in every language."""
    kept = {"OSCE", "RSS", "Atom", "JSON", "Feed", "curl"}  # names, not words to translate
    tag = re.compile(r"\{%.*?%\}|\{\{.*?\}\}|\{#.*?#\}", re.DOTALL)
    comment = re.compile(r"\{% comment %\}.*?\{% endcomment %\}", re.DOTALL)
    blocks = re.compile(
        r"\{% (blocktranslate|translate)\b.*?%\}.*?(\{% endblocktranslate %\}|)", re.DOTALL
    )
    untranslated = {}
    for path in (ROOT / "templates").rglob("*.*"):
        relative = path.relative_to(ROOT / "templates")
        if relative.parts[0] == "admin" or path.name == "robots.txt":
            continue
        text = comment.sub("", path.read_text())
        # What people read in attributes: labels, placeholders, titles, alternative texts.
        attributes = re.findall(
            r'\b(?:aria-label|placeholder|title|alt)="((?:\{%.*?%\}|\{\{.*?\}\}|[^"])*)"', text
        )
        text += " ".join(f"<p>{value}</p>" for value in attributes)
        text = re.sub(r"\{% blocktranslate.*?\{% endblocktranslate %\}", "", text, flags=re.S)
        text = blocks.sub("", text)
        text = re.sub(r"<(script|pre|style)\b.*?</\1>", "", text, flags=re.S)
        text = tag.sub(" ", text)
        text = re.sub(r"<[^>]*>", " ", text)  # markup, attribute values with it
        words = {w for w in re.findall(r"[A-Za-z][A-Za-z'’-]+", text) if w not in kept}
        if words:
            untranslated[str(relative)] = sorted(words)
    assert not untranslated
