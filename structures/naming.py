"""When two spellings name the same thing, and how a closed structure is written.

The page dumps write one name in several ways ("Priština"/"PRISTINA", "OSCE’s"/"OSCE's",
"OSCE Mission to Skopje (closed)"/"Mission to Skopje"). The parser, the importer's look-ups
and the models all compare names by the rules below, and nowhere else. Plain Python, no
Django: the parser stays pure, and the models can import it without importing the importer.
"""

import functools
import re
import unicodedata

CLOSED_MARK = "(closed)"
CLOSED_SUFFIX = re.compile(rf"\s*{re.escape(CLOSED_MARK)}\s*$", re.IGNORECASE)
OSCE_PREFIX = re.compile(r"^(the\s+)?osce\s+", re.IGNORECASE)
COMBINING_MARK = re.compile(r"[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]")
PUNCTUATION = str.maketrans(
    {"\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"', "\u2013": "-", "\u2014": "-"}
)


def strip_marks(text):
    """'Priština' -> 'Pristina'; case is kept."""
    if text.isascii():
        return text
    return COMBINING_MARK.sub("", unicodedata.normalize("NFKD", text))


@functools.lru_cache(maxsize=65536)
def fold(text, *, keep_case=False):
    """The form names are compared in: without diacritics, typographic quotes and dashes,
    repeated spaces and (unless `keep_case`) case. 'PRIŠTINA' and 'Pristina' fold alike."""
    if not text.isascii():
        text = text.translate(PUNCTUATION)
    text = " ".join(text.split())
    return strip_marks(text if keep_case else text.casefold())


def normalise_structure_name(name):
    """'OSCE Mission to Skopje (closed)' -> 'Mission to Skopje': how structures are stored."""
    name = " ".join(name.split())
    name = CLOSED_SUFFIX.sub("", name)
    return OSCE_PREFIX.sub("", name).strip()


@functools.lru_cache(maxsize=65536)
def structure_key(name):
    """Structure names compare by this key: with or without 'OSCE' and '(closed)'."""
    return fold(normalise_structure_name(name))


def marked_closed(name):
    """Whether a name written in news metadata says its structure is closed."""
    return bool(CLOSED_SUFFIX.search(name))


def structure_label(name, closed):
    """How a structure is named in lists and metadata: 'Mission to Georgia (closed)'."""
    return f"{name} {CLOSED_MARK}" if closed else name
