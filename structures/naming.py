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


# Cyrillic letters in Latin (the United Nations/BGN style for Russian, with the letters of
# Ukrainian, Belarusian, Serbian, Macedonian and Kazakh), so that non-Latin titles and
# names get readable slugs.
CYRILLIC = dict(
    zip(
        "абвгдеёжзийклмнопрстуфхцчшщъыьэюяіїєґўђјљњћџѓќѕәғқңөұүһ",
        "a b v g d e yo zh z i y k l m n o p r s t u f kh ts ch sh shch _ y _ e yu ya i yi ye g "
        "u dj j lj nj c dz gj kj dz a g q n o u u h".split(),
        strict=True,
    )
)
CYRILLIC = {k: ("" if v == "_" else v) for k, v in CYRILLIC.items()}
CYRILLIC |= {k.upper(): v.capitalize() for k, v in CYRILLIC.items()}


def transliterate(text):
    """'Ош' -> 'Osh', 'Душанбе' -> 'Dushanbe'; Latin text is returned as it is."""
    if text.isascii():
        return text
    return "".join(CYRILLIC.get(c, c) for c in text)


ARTICLE = re.compile(r"^the\s+", re.IGNORECASE)


@functools.lru_cache(maxsize=4096)
def country_key(name):
    """Country names compare by this key: with or without their article ('the former
    Yugoslav Republic of Macedonia', 'Netherlands' / 'The Netherlands')."""
    return fold(ARTICLE.sub("", " ".join(name.split())))
