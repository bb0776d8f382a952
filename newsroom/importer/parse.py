"""Read the organisation's page dumps into plain, frozen data.

Kept free of Django (names compare by structures.naming, plain Python too) so that
every rule about the text format can be tested in isolation and fast. Kinds are
recognised by content, never by file name: real archives name their dumps arbitrarily.
"""

import itertools
import re
from dataclasses import dataclass, field
from datetime import date
from difflib import SequenceMatcher
from enum import StrEnum
from functools import lru_cache
from typing import NamedTuple

from structures.naming import fold


class ParseError(Exception):
    """`document`: the parsed document, when it was read whole but breaks a rule."""

    def __init__(self, path, line, reason, *, document=None):
        super().__init__(path, line, reason)
        self.path = str(path)
        self.line = line
        self.reason = reason
        self.document = document
        # What the document was taken for, what it would have written, the failing line.
        self.kind = document.kind if document else None
        self.counts = {}
        self.text = ""

    def __str__(self):
        return f"{self.path}:{self.line}: {self.reason}"


class Kind(StrEnum):
    LISTING = "listing"
    NEWS_PAGE = "news_page"
    FIELD_OF_WORK = "field_of_work"
    ARTICLE = "article"
    NAVIGATION = "navigation"


@dataclass(frozen=True)
class MenuCountry:
    name: str
    chair_year: int | None = None


@dataclass(frozen=True)
class MenuStructure:
    name: str
    section: str  # the menu heading it was listed under, e.g. "Secretariat"


@dataclass(frozen=True)
class MenuPosition:
    title: str
    structure: str  # best guess at the structure's name; the loader resolves it


@dataclass(frozen=True)
class Navigation:
    fields_of_work: tuple[str, ...] = ()
    meeting_series: tuple[str, ...] = ()
    participating_states: tuple[MenuCountry, ...] = ()
    partner_groups: tuple[str, ...] = ()
    structures: tuple[MenuStructure, ...] = ()
    about: tuple[str, ...] = ()
    positions: tuple[MenuPosition, ...] = ()


@dataclass(frozen=True)
class NewsEntry:
    """One news item: a listing entry or the item of a news page."""

    title: str
    line: int
    published_on: date | None = None
    content_type: str | None = None
    structures: tuple[str, ...] = ()
    sources: tuple[str, ...] = ()
    fields_of_work: tuple[str, ...] = ()
    places: tuple[str, ...] = ()
    lead: str = ""
    body: tuple[str, ...] = ()
    caption: str = ""  # a photo caption or credit line found above the lead
    language: str = "en"  # ISO 639-1, see detect_language
    structures_line: int = 0  # where "Where we are" is written (a "(closed)" name's source)


@dataclass(frozen=True)
class Team:
    name: str
    line: int
    established_on: date | None = None  # the first day of what the page gives
    mandate: str = ""
    established_precision: str | None = None  # a Precision when established_on is set


@dataclass(frozen=True)
class RelatedEntry:
    """A publication a field-of-work page lists in one of its sections: a stub to import."""

    title: str
    line: int
    description: str = ""


@dataclass(frozen=True)
class RelatedSection:
    title: str
    description: str = ""
    entries: tuple[RelatedEntry, ...] = ()


@dataclass(frozen=True)
class FieldOfWorkPage:
    title: str
    line: int
    introduction: tuple[str, ...] = ()
    challenge: tuple[str, ...] = ()
    action: tuple[str, ...] = ()
    teams_introduction: tuple[str, ...] = ()
    institutions: tuple[str, ...] = ()
    operations: tuple[str, ...] = ()
    teams: tuple[Team, ...] = ()
    related: tuple[RelatedSection, ...] = ()


@dataclass(frozen=True)
class Article:
    headline: str
    line: int
    caption: str = ""
    credit: str = ""
    paragraphs: tuple[str, ...] = ()


@dataclass(frozen=True)
class Document:
    path: str
    kind: Kind
    navigation: Navigation | None = None
    header: tuple[str, ...] = ()
    items: tuple[NewsEntry, ...] = field(default=())
    page: FieldOfWorkPage | None = None
    article: Article | None = None


MAX_TITLE = 300  # characters; a longer line is no title (and would not fit a news item's)


# --- dates -------------------------------------------------------------------------

# Month names in the organisation's six official languages (English, French, German,
# Italian, Russian in the nominative and the genitive of datelines, Spanish) and the usual
# English abbreviations; looked up folded, so 'Août', 'aout' and 'März' all match.
MONTH_NAMES = [
    ("january jan janvier januar janner gennaio enero январь января", 1),
    ("february feb fevrier februar febbraio febrero февраль февраля", 2),
    ("march mar mars marz maerz marzo март марта", 3),
    ("april apr avril aprile abril апрель апреля", 4),
    ("may mai maggio mayo май мая", 5),
    ("june jun juin juni giugno junio июнь июня", 6),
    ("july jul juillet juli luglio julio июль июля", 7),
    ("august aug aout agosto август августа", 8),
    ("september sep sept septembre settembre septiembre setiembre сентябрь сентября", 9),
    ("october oct octobre oktober ottobre octubre октябрь октября", 10),
    ("november nov novembre noviembre ноябрь ноября", 11),
    ("december dec decembre dezember dicembre diciembre декабрь декабря", 12),
]
MONTHS = {name: number for names, number in MONTH_NAMES for name in names.split()}
_MONTH = r"[^\W\d_]+"  # a word in any script; MONTHS says whether it is a month
_DAY = r"(\d{1,2})(?:st|nd|rd|th|er|\.)?"  # '1st', '1er' (French), '5.' (German)
_YEAR = r"(\d{4})(?:\s*(?:г\.?|года))?"  # '2019 г.' (Russian)
_DE = r"(?:de\s+)?"  # '5 de marzo de 2019' (Spanish)
DAY_MONTH_YEAR = re.compile(rf"{_DAY}\s+{_DE}({_MONTH})\.?,?\s+{_DE}{_YEAR}")
MONTH_DAY_YEAR = re.compile(rf"({_MONTH})\.?\s+{_DAY},?\s+{_YEAR}")
MONTH_YEAR = re.compile(rf"({_MONTH})\.?,?\s+{_DE}{_YEAR}")
YEAR_ONLY = re.compile(r"(?:the\s+(?:year\s+)?)?(\d{4})")
ISO_DATE = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})")
NUMERIC_DATE = re.compile(r"(\d{1,2})[./](\d{1,2})[./](\d{4})")  # day first, as in Europe


class Precision(StrEnum):
    """How much of a date the text gave: '1994', 'March 2000' or '8 December 1995'."""

    YEAR = "year"
    MONTH = "month"
    DAY = "day"


def month_number(word):
    return MONTHS.get(fold(word))


def parse_date(text):
    """A whole date: '15 May 2025', 'May 15, 2025', '2025-05-15', '15.05.2025', and the
    same in the other official languages ('15 mai 2025', '15. Mai 2025', '5 марта 2019 г.',
    '5 de marzo de 2019'); ValueError otherwise."""
    text = " ".join(text.split())
    if m := DAY_MONTH_YEAR.fullmatch(text):
        day, month, year = m[1], month_number(m[2]), m[3]
    elif m := MONTH_DAY_YEAR.fullmatch(text):
        day, month, year = m[2], month_number(m[1]), m[3]
    elif m := ISO_DATE.fullmatch(text):
        day, month, year = m[3], int(m[2]), m[1]
    elif m := NUMERIC_DATE.fullmatch(text):
        day, month, year = m[1], int(m[2]), m[3]
    else:
        raise ValueError(f"unparseable date {text!r}")
    if month is None:
        raise ValueError(f"unparseable date {text!r} (unknown month)")
    try:
        return date(int(year), month, int(day))
    except ValueError:
        raise ValueError(f"unparseable date {text!r} (no such day)") from None


def parse_partial_date(text):
    """(first day, Precision) of a date written as a day, a month or a year: '8 December
    1995', 'March 2000', 'mars 2000', '1994'. ValueError for a malformed day ('40 Smarch
    2001'); None when the text names no date at all ('the early 1990s')."""
    text = " ".join(text.split()).rstrip(".,")
    if m := YEAR_ONLY.fullmatch(text):
        return date(int(m[1]), 1, 1), Precision.YEAR
    if (m := MONTH_YEAR.fullmatch(text)) and (month := month_number(m[1])):
        return date(int(m[2]), month, 1), Precision.MONTH
    if any(p.fullmatch(text) for p in (DAY_MONTH_YEAR, MONTH_DAY_YEAR, ISO_DATE, NUMERIC_DATE)):
        return parse_date(text), Precision.DAY
    return None


# --- languages ---------------------------------------------------------------------

# A few of each official language's commonest words; Russian is told by its script.
LANGUAGE_WORDS = {
    "en": set("the and of to in for with on is was said by".split()),
    "fr": set("le les des et du une pour dans avec est sur au aux".split()),
    "de": set("der die das und den mit für von zu im ist des dem".split()),
    "it": set("il della delle dei per con una nel sono degli che alla".split()),
    "es": set("el los las del y con para una por es que al".split()),
}
# Month names tell a dateline's language ('5 mai 2019', '5. März 2019', '5 de marzo'); a
# name several languages share counts for each, and the common words decide.
MONTH_WORDS = {
    "en": "january february march april may june july august september october november december",
    "fr": "janvier fevrier mars avril mai juin juillet aout septembre octobre novembre decembre",
    "de": "januar janner februar marz maerz april mai juni juli august september oktober "
    "november dezember",
    "it": "gennaio febbraio marzo aprile maggio giugno luglio agosto settembre ottobre novembre "
    "dicembre",
    "es": "enero febrero marzo abril mayo junio julio agosto septiembre setiembre octubre "
    "noviembre diciembre",
}
MONTH_LANGUAGES = {code: set(names.split()) for code, names in MONTH_WORDS.items()}
CYRILLIC = re.compile(r"[\u0400-\u04ff]")
LETTER = re.compile(r"[^\W\d_]")
WORD = re.compile(r"[^\W\d_]+")
LANGUAGE_REACH = 200  # characters: a title and the start of a lead tell the language


def detect_language(text):
    """The ISO 639-1 code of the language `text` is written in: en, fr, de, it, es or ru
    (English when nothing tells). Cyrillic script is Russian; otherwise the commonest
    words and the month names of each language are counted."""
    text = text[:LANGUAGE_REACH]
    if (
        not text.isascii()
        and CYRILLIC.search(text)
        and len(CYRILLIC.findall(text)) * 2 > len(LETTER.findall(text))
    ):
        return "ru"
    words = WORD.findall(text.casefold())
    months = {fold(word) for word in words}
    scores = {
        code: len(common.intersection(words)) + len(MONTH_LANGUAGES[code] & months)
        for code, common in LANGUAGE_WORDS.items()
    }
    best = max(scores, key=scores.get)
    return best if scores[best] else "en"


# --- datelines and places ----------------------------------------------------------

_UPPER = "".join(chr(c) for c in range(0x41, 0x530) if chr(c).isupper())
_WORD = rf"[{_UPPER}][^\s,/]*"
_JOIN = r"(?:\s+(?:and|of|on|upon|de|la|am|an|der)\s+|[\s/])"
DATELINE = re.compile(
    rf"(?:^|(?<=\s))(?P<place>{_WORD}(?:{_JOIN}{_WORD})*),\s*"
    rf"(?P<date>{_DAY}\s+{_DE}{_MONTH}\.?(?:,?\s+{_DE}{_YEAR})?)\s*[-\u2013\u2014:]"
)
DATELINE_REACH = 160  # a dateline sits at the start, sometimes after a stray caption
SMALL_WORDS = {"and", "of", "on", "upon", "de", "la", "am", "an", "der", "the"}


@dataclass(frozen=True)
class Dateline:
    places: tuple[str, ...]
    day: str  # as written; the year may be missing ("VIENNA, 14 May - …")

    @property
    def date(self):
        """The dateline's date when it names a year, else None; ValueError if malformed."""
        return parse_date(self.day) if re.search(r"\d{4}", self.day) else None


def find_dateline(text):
    if m := DATELINE.search(text[:DATELINE_REACH]):
        return Dateline(split_places(m["place"]), m["date"])
    return None


def _same_place(a, b):
    """'PRISHTINË' / 'PRIŠTINA' are one place in two languages; 'VIENNA' / 'HELSINKI' two."""
    return SequenceMatcher(None, fold(a), fold(b)).ratio() >= 0.7


@lru_cache(maxsize=4096)
def split_places(raw):
    places = []
    for part in (p.strip() for p in raw.split("/")):
        if not part:
            continue
        if places and _same_place(places[-1].rsplit("/", 1)[-1], part):
            places[-1] = f"{places[-1]}/{part}"
        else:
            places.append(part)
    return tuple(normal_case(p) for p in places)


def normal_case(place):
    """'VIENNA' -> 'Vienna', 'THE HAGUE' -> 'The Hague'; mixed case is left as written."""
    place = " ".join(place.split())
    if place != place.upper():
        return place
    words = []
    for i, word in enumerate(place.lower().split(" ")):
        if i and word in SMALL_WORDS:
            words.append(word)
        else:
            words.append(re.sub(r"(^|[/\-'\u2019])(\w)", lambda m: m[1] + m[2].upper(), word))
    return " ".join(words)


def _unique(values):
    seen, result = set(), []
    for value in values:
        if value and (key := fold(value)) not in seen:
            seen.add(key)
            result.append(value)
    return tuple(result)


def _unique_by(values, name):
    first = {}
    for value in values:
        first.setdefault(fold(name(value)), value)
    return tuple(first.values())


def split_values(text):
    return _unique(v.strip() for v in text.split(","))


# --- reading the file --------------------------------------------------------------


CONTROL_CHARACTER = re.compile(r"[\x00-\x08\x0e-\x1f\x7f]")


class Line(NamedTuple):
    number: int
    text: str


def decode(path, data):
    if (nul := data.find(b"\x00")) >= 0:
        raise ParseError(path, data.count(b"\n", 0, nul) + 1, "binary file (NUL byte)")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        bad = data[error.start]
        raise ParseError(path, line, f"not UTF-8 text (byte 0x{bad:02x})") from None
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    lines = text.split("\n")
    if control := CONTROL_CHARACTER.search(text):
        line = text.count("\n", 0, control.start()) + 1
        raise ParseError(path, line, "binary file (control character)")
    if not any(raw.strip() for raw in lines):
        raise ParseError(path, 1, "empty file")
    return [Line(n, " ".join(t.split())) for n, t in enumerate(lines, start=1)]


# --- navigation menus --------------------------------------------------------------

FIELDS_OF_WORK = "fields of work"
MEETINGS = "meetings and conferences"
COUNTRIES = "countries"
PARTICIPATING_STATES = "participating states"
STRUCTURES = "structures and institutions"
SECRETARIAT = "secretariat"
FIELD_OPERATIONS = "field operations"
ABOUT_US = "about us"
LEADERSHIP = "leadership"

# Menu entries that link to a listing page rather than name a thing.
TOPIC_LINKS = {"field operations", "projects"}
MEETING_LINKS = {"partnerships"}
COUNTRY_LINKS = {"all"}
STRUCTURE_LINKS = {
    "institutions",
    "closed field activities",
    "organizational structure",
    "about us",
}
# Entries that sit beside "Secretariat" and "Field operations", ending their sub-menus.
STRUCTURE_LEVEL = STRUCTURE_LINKS | {
    "chairpersonship",
    "secretariat",
    "field operations",
    "parliamentary assembly",
    "court of conciliation and arbitration",
}
PARTNER_GROUP = re.compile(r"partners? for co-?operation$", re.IGNORECASE)
CHAIRPERSONSHIP = re.compile(
    r"^(?P<name>.+?)\s*[-\u2013\u2014]\s*(?:OSCE\s+)?Chair(?:person|man)ship\s+(?P<year>\d{4})$",
    re.IGNORECASE,
)
POSITION = re.compile(
    r"^(?:OSCE\s+)?(?:(?:First\s+)?Deputy\s+|Acting\s+)?(?:Head|Director|Chief|Secretary General"
    r"|High Commissioner|Representative|Special Representative|Co-?ordinator|Senior Adviser"
    r"|President|Chairperson|Personal Representative)\b",
    re.IGNORECASE,
)
POSITION_OF = re.compile(
    r"^(?:OSCE\s+)?(?:(?:First\s+)?Deputy\s+|Acting\s+)?(?:Head|Director|Chief)\s+(?:of|for)\s+"
    r"(?:the\s+)?(?:office\s+of\s+the\s+)?(?:OSCE\s+)?(?P<structure>.+)$",
    re.IGNORECASE,
)


def is_menu_line(line):
    return line.text == "-" or line.text.startswith("- ")


def split_menu(lines):
    """The menu's lines and the index where the page's own content starts."""
    first = next((i for i, line in enumerate(lines) if line.text), len(lines))
    if first == len(lines) or not is_menu_line(lines[first]):
        return [], first
    i, previous = first, None
    while i < len(lines):
        line = lines[i]
        if is_menu_line(line) or (previous == "-" and line.text):
            previous = line.text
            i += 1
        elif not line.text:
            i += 1
        else:
            break
    return lines[first:i], i


def position_structure(title):
    title = " ".join(title.split())
    if m := POSITION_OF.match(title):
        return m["structure"]
    return re.sub(r"^OSCE\s+", "", title)


def parse_navigation(menu):
    sections = []  # (heading, [entry, ...])
    heading, expect_heading = None, False
    for line in menu:
        if line.text == "-":
            expect_heading = True
        elif expect_heading and not line.text.startswith("- "):
            heading, expect_heading = line.text, False
            sections.append((heading, []))
        elif line.text.startswith("- "):
            expect_heading = False
            if not sections:
                sections.append((None, []))
            sections[-1][1].append(line.text[2:].strip())

    nav = {
        "fields_of_work": [],
        "meeting_series": [],
        "participating_states": [],
        "partner_groups": [],
        "structures": [],
        "about": [],
        "positions": [],
    }

    def structure_level(entry):
        if entry.casefold() not in STRUCTURE_LINKS:
            nav["structures"].append(MenuStructure(entry, "Structures and institutions"))

    for heading, entries in sections:
        key = (heading or "").casefold()
        if key == FIELDS_OF_WORK:
            nav["fields_of_work"] += [e for e in entries if e.casefold() not in TOPIC_LINKS]
        elif key == MEETINGS:
            nav["meeting_series"] += [e for e in entries if e.casefold() not in MEETING_LINKS]
        elif key in (COUNTRIES, PARTICIPATING_STATES):
            in_states = key == PARTICIPATING_STATES
            for entry in entries:
                if PARTNER_GROUP.search(entry):
                    nav["partner_groups"].append(entry)
                    in_states = False
                elif entry.casefold() in COUNTRY_LINKS or not in_states:
                    in_states = False
                elif m := CHAIRPERSONSHIP.match(entry):
                    nav["participating_states"].append(MenuCountry(m["name"], int(m["year"])))
                else:
                    nav["participating_states"].append(MenuCountry(entry))
        elif key == STRUCTURES:
            for entry in entries:
                structure_level(entry)
        elif key in (SECRETARIAT, FIELD_OPERATIONS):
            if key == SECRETARIAT:
                nav["structures"].append(MenuStructure(heading, "Structures and institutions"))
            below = True
            for entry in entries:
                below = below and entry.casefold() not in STRUCTURE_LEVEL
                if not below:
                    structure_level(entry)
                elif key == SECRETARIAT and POSITION.match(entry):
                    nav["positions"].append(MenuPosition(entry, heading))
                else:
                    nav["structures"].append(MenuStructure(entry, heading))
        elif key == ABOUT_US:
            nav["about"] += entries
        elif key == LEADERSHIP:
            below = True
            for entry in entries:
                below = below and bool(POSITION.match(entry))
                if below:
                    nav["positions"].append(MenuPosition(entry, position_structure(entry)))
                else:
                    nav["about"].append(entry)
    return Navigation(
        fields_of_work=_unique(nav["fields_of_work"]),
        meeting_series=_unique(nav["meeting_series"]),
        participating_states=_unique_by(nav["participating_states"], lambda c: c.name),
        partner_groups=_unique(nav["partner_groups"]),
        structures=_unique_by(nav["structures"], lambda s: s.name),
        about=_unique(nav["about"]),
        positions=_unique_by(nav["positions"], lambda p: p.title),
    )


# --- newsroom listing --------------------------------------------------------------

LISTING_KEYS = {
    "publishing date": "published_on",
    "content type": "content_type",
    "where we are": "structures",
    "what we do": "fields_of_work",
    "source": "sources",
    "place": "places",
}
LISTING_META = re.compile(
    r"^(?P<key>Publishing date|Content type|Where we are|What we do|Source|Place)"
    r"\s*:\s*(?P<value>.*)$",
    re.IGNORECASE,
)


def is_listing(content):
    return any(
        (m := LISTING_META.match(line.text)) and m["key"].casefold() == "publishing date"
        for line in content
    )


def _date_or_error(path, line, text):
    try:
        return parse_date(text)
    except ValueError as error:
        raise ParseError(path, line.number, str(error)) from None


def _places(dateline, written=()):
    places = [normal_case(p) for value in written for p in split_values(value)]
    if dateline:
        places += dateline.places
    return _unique(places)


def _dateline_date(path, line, dateline):
    if dateline is None:
        return None
    try:
        return dateline.date
    except ValueError as error:
        raise ParseError(path, line.number, f"dateline: {error}") from None


def _meta_values(meta, name):
    return split_values(meta[name][1]) if name in meta else ()


def parse_listing(path, content):
    # A block of metadata lines marks an item; the line just before it is the title.
    blocks, i = [], 0
    while i < len(content):
        if LISTING_META.match(content[i].text):
            start = i
            while i < len(content) and LISTING_META.match(content[i].text):
                i += 1
            blocks.append((start, i))
        else:
            i += 1

    header_end = blocks[0][0] - 1
    items = []
    for index, (start, end) in enumerate(blocks):
        title_at = start - 1
        previous_end = blocks[index - 1][1] if index else 0
        if title_at < previous_end or title_at < 0 or not content[title_at].text:
            raise ParseError(path, content[start].number, "listing item without a title")
        title = content[title_at]
        if len(title.text) > MAX_TITLE or find_dateline(title.text[:40]):
            raise ParseError(
                path, title.number, "listing item without a title (this line reads as a lead)"
            )
        meta = {}
        for line in content[start:end]:
            m = LISTING_META.match(line.text)
            name = LISTING_KEYS[m["key"].casefold()]
            if name in meta:
                raise ParseError(path, line.number, "listing item without a title")
            meta[name] = (line, m["value"].strip())

        next_title = blocks[index + 1][0] - 1 if index + 1 < len(blocks) else len(content)
        caption, _, text = split_captions(
            [line.text for line in content[end:next_title] if line.text]
        )
        lead, body = (text[0], tuple(text[1:])) if text else ("", ())
        dateline = find_dateline(lead)

        published_on = None
        if "published_on" in meta:
            line, value = meta["published_on"]
            if not value:
                raise ParseError(path, line.number, "empty publishing date")
            published_on = _date_or_error(path, line, value)
        else:
            published_on = _dateline_date(path, title, dateline)
            if published_on is None:
                raise ParseError(path, title.number, "listing item without a publishing date")

        items.append(
            NewsEntry(
                title=title.text,
                line=title.number,
                published_on=published_on,
                content_type=meta.get("content_type", (None, ""))[1] or None,
                structures=_meta_values(meta, "structures"),
                sources=_meta_values(meta, "sources"),
                fields_of_work=_meta_values(meta, "fields_of_work"),
                places=_places(dateline, [meta["places"][1]] if "places" in meta else []),
                lead=lead,
                body=body,
                caption=caption,
                language=detect_language(f"{title.text}\n{lead}"),
                structures_line=meta["structures"][0].number if "structures" in meta else 0,
            )
        )
    header = tuple(line.text for line in content[:header_end] if line.text)
    return header, tuple(items)


# --- news page (press release, statement, …) ----------------------------------------

PAGE_KEY = re.compile(r"^-\s*(?P<key>[A-Z][\w /-]{0,40}?)\s*:\s*(?P<value>.*)$")
PAGE_KEYS = {
    "date": "date",
    "publishing date": "date",
    "place": "places",
    "source": "sources",
    "fields of work": "fields_of_work",
    "what we do": "fields_of_work",
    "where we are": "structures",
    "structures": "structures",
    "content type": "content_type",
}


def news_page_block(content):
    """Index of the '- Date:' block among the first lines, or None."""
    texts = [i for i, line in enumerate(content) if line.text][:3]
    for i in texts:
        if (m := PAGE_KEY.match(content[i].text)) and m["key"].casefold() in PAGE_KEYS:
            return i
    return None


def _first_line(key_lines, *keys):
    return min((key_lines[key].number for key in keys if key in key_lines), default=0)


def parse_news_page(path, content, block):
    before = [line for line in content[:block] if line.text]
    if not before:
        raise ParseError(path, content[block].number, "news page without a title")
    title = before[-1]
    content_type = before[-2].text if len(before) >= 2 else None

    values, key_lines, key, i = {}, {}, None, block
    while i < len(content):
        line = content[i]
        if m := PAGE_KEY.match(line.text):
            key = PAGE_KEYS.get(m["key"].casefold(), m["key"].casefold())
            key_lines.setdefault(key, line)
            values.setdefault(key, [])
            if m["value"].strip():
                values[key].append(m["value"].strip())
        elif line.text == "-" or line.text.startswith("- "):
            if line.text[2:].strip():
                values.setdefault(key, []).append(line.text[2:].strip())
        elif line.text:
            break
        i += 1
    paragraphs = [line for line in content[i:] if line.text]
    caption, _, texts = split_captions([line.text for line in paragraphs])
    paragraphs = paragraphs[len(paragraphs) - len(texts) :]
    lead = paragraphs[0].text if paragraphs else ""
    dateline = find_dateline(lead)

    dates = values.get("date", [])
    if dates:
        published_on = _date_or_error(path, key_lines["date"], dates[0])
    else:
        published_on = _dateline_date(path, paragraphs[0] if paragraphs else title, dateline)

    def listed(name):
        return _unique(v for value in values.get(name, []) for v in split_values(value))

    entry = NewsEntry(
        title=title.text,
        line=title.number,
        published_on=published_on,
        content_type=content_type or (values.get("content_type") or [None])[0],
        structures=listed("structures"),
        sources=listed("sources"),
        fields_of_work=listed("fields_of_work"),
        places=_places(dateline, values.get("places", [])),
        lead=lead,
        body=tuple(p.text for p in paragraphs[1:]),
        caption=caption,
        language=detect_language(f"{title.text}\n{lead}"),
        structures_line=_first_line(key_lines, "structures", "sources"),
    )
    return (entry,)


# --- field-of-work page ------------------------------------------------------------

CHALLENGE, ACTION, TEAMS = "our challenge", "our action", "our teams"
INSTITUTIONS, OPERATIONS = "our institutions and offices", "our operations on the ground"
FIELD_OF_WORK_HEADINGS = {CHALLENGE, ACTION, TEAMS}
# The sections that end a field-of-work page, by heading: the slug of the publication kind
# their entries are (publications.PublicationKind, made by its migration).
PUBLICATION_SECTIONS = {
    "studies and reports": "studies-and-reports",
    "manuals and guides": "manuals-and-guides",
    "projects": "projects",
    "osce stories": "stories",
    "stories": "stories",
}
# "Established on 8 December 1995", "Set up in March 2000", "was established in 1994 as …":
# a date of any precision (parse_partial_date); a malformed day is an error, words that
# name no date ("in the early 1990s") are no date.
ESTABLISHED = re.compile(
    r"\b(?:established|set up|opened|deployed|created|founded|launched)\s+(?:on|in)\s+"
    r"(?P<date>\d{1,2}(?:st|nd|rd|th|er|\.)?\s+(?:de\s+)?[^\W\d_]+\.?,?\s+(?:de\s+)?\d{4}"
    r"|[^\W\d_]+\.?\s+\d{1,2}(?:st|nd|rd|th)?,?\s+\d{4}"
    r"|\d{4}-\d{1,2}-\d{1,2}|\d{1,2}[./]\d{1,2}[./]\d{4}"
    r"|[^\W\d_]+\.?\s+\d{4}|\d{4}|\S+(?:\s+\S+){0,2})(?!\d)",
    re.IGNORECASE,
)


def established(path, line):
    """(date, Precision) of the establishment `line` states, or (None, None)."""
    if m := ESTABLISHED.search(line.text):
        try:
            if found := parse_partial_date(m["date"]):
                return found
        except ValueError as error:
            raise ParseError(path, line.number, str(error)) from None
    return None, None


def is_field_of_work_page(content):
    return any(line.text.casefold() in FIELD_OF_WORK_HEADINGS for line in content)


def parse_field_of_work(path, content):
    lines = [line for line in content if line.text]
    title = lines[0]
    if title.text.casefold() in FIELD_OF_WORK_HEADINGS:
        raise ParseError(path, title.number, "field-of-work page without a title")
    parts = {
        "introduction": [],
        CHALLENGE: [],
        ACTION: [],
        TEAMS: [],
        INSTITUTIONS: [],
        OPERATIONS: [],
    }
    current, teams, related, i = "introduction", [], [], 1
    while i < len(lines):
        line, key = lines[i], lines[i].text.casefold()
        doubled = i + 1 < len(lines) and lines[i + 1].text == line.text
        if key in parts and not related:
            current = key
            i += 1
        elif doubled and current in (TEAMS, INSTITUTIONS, OPERATIONS) and not related:
            described = lines[i + 2] if i + 2 < len(lines) else Line(line.number, "")
            description = described.text
            established_on, precision = established(path, described)
            teams.append(Team(line.text, line.number, established_on, description, precision))
            i += 3
        elif key in PUBLICATION_SECTIONS and (teams or related or current != "introduction"):
            # A known section: its heading, its description, then (title, description) entries.
            description = lines[i + 1].text if i + 1 < len(lines) else ""
            related.append(RelatedSection(line.text, description))
            i += 2
        elif related and related[-1].title.casefold() in PUBLICATION_SECTIONS:
            description = lines[i + 1].text if i + 1 < len(lines) else ""
            section = related[-1]
            entry = RelatedEntry(line.text, line.number, description)
            related[-1] = RelatedSection(
                section.title, section.description, (*section.entries, entry)
            )
            i += 2
        elif teams or related:
            description = lines[i + 1].text if i + 1 < len(lines) else ""
            related.append(RelatedSection(line.text, description))
            i += 2
        else:
            parts[current].append(line.text)
            i += 1
    return FieldOfWorkPage(
        title=title.text,
        line=title.number,
        introduction=tuple(parts["introduction"]),
        challenge=tuple(parts[CHALLENGE]),
        action=tuple(parts[ACTION]),
        teams_introduction=tuple(parts[TEAMS]),
        institutions=tuple(parts[INSTITUTIONS]),
        operations=tuple(parts[OPERATIONS]),
        teams=tuple(teams),
        related=tuple(related),
    )


# --- plain article -----------------------------------------------------------------

CREDIT = re.compile(
    r"^(?P<caption>.*?)\(?\b(?:Photo|Photograph|Image|Picture|Фото)(?:\s+credit)?\s*:\s*"
    r"(?P<credit>[^()]+?)\s*\.?\)?\.?$",
    re.IGNORECASE,
)
# A caption that ends in its credit in brackets: "(OSCE/Jonathan Perfect)", "(UNDP)".
BRACKETED_CREDIT = re.compile(
    r"^(?P<caption>.{0,200}?)\s*\((?P<credit>[^()/]{1,60}/[^()]{1,60})\)\.?$"
)
CAPTION_REACH = 2  # caption lines sit just above the lead, one or two of them


def credit_of(text):
    """The credit a caption line gives ('The Danish Defence', 'OSCE/Name'), else None."""
    if len(text) > MAX_TITLE or (":" not in text and not text.rstrip(".").endswith(")")):
        return None  # most lines: a lead, not a caption, told without a pattern
    m = CREDIT.match(text) or BRACKETED_CREDIT.match(text)
    return m["credit"].strip() if m and not find_dateline(text) else None


def split_captions(paragraphs):
    """(caption, credit, the rest): photo captions and credit lines before the lead are
    the image's, never the lead or body."""
    captions, credit = [], ""
    while paragraphs and len(captions) < CAPTION_REACH and (found := credit_of(paragraphs[0])):
        captions.append(paragraphs[0])
        credit = credit or found
        paragraphs = paragraphs[1:]
    return " ".join(captions), credit, paragraphs


def parse_article(path, content):
    lines = [line.text for line in content if line.text]
    headline = next(line for line in content if line.text)
    caption, credit, rest = split_captions(lines[1:])
    if not caption and len(rest) > 1:  # a caption may also follow a first, short line
        caption, credit, after = split_captions(rest[1:])
        rest = rest[:1] + after
    return Article(
        headline=headline.text,
        line=headline.number,
        caption=caption,
        credit=credit,
        paragraphs=tuple(rest),
    )


# --- the document ------------------------------------------------------------------


def parse_document(path, data):
    """Parse one dump: `data` is the file's bytes, `path` names it in errors."""
    document = read_document(str(path), data)
    for entry in document.items:
        if len(entry.title) > MAX_TITLE:
            reason = f"title longer than {MAX_TITLE} characters"
            error = ParseError(document.path, entry.line, reason, document=document)
            error.text = entry.title
            raise error
    return document


def document_kind(content, navigation):
    """What a document is, told by its content alone; None when nothing fits."""
    texts = [line for line in content if line.text]
    if not texts:
        return Kind.NAVIGATION if navigation is not None else None
    if news_page_block(content) is not None:
        return Kind.NEWS_PAGE
    if is_listing(content):
        return Kind.LISTING
    if is_field_of_work_page(content):
        return Kind.FIELD_OF_WORK
    if navigation is None and len(texts) >= 2:
        return Kind.ARTICLE
    return None


def would_write(kind, content):
    """What a document of `kind` would have written, counted without parsing it whole:
    the report of a rejected document says what was lost."""
    if kind == Kind.LISTING:
        dates = sum(
            1
            for line in content
            if (m := LISTING_META.match(line.text)) and m["key"].casefold() == "publishing date"
        )
        return {"NewsItem": max(dates, 1)}
    if kind == Kind.FIELD_OF_WORK:
        texts = [line.text for line in content if line.text]
        teams = sum(1 for a, b in itertools.pairwise(texts) if a == b)
        return {"FieldOfWork": 1, **({"Structure": teams} if teams else {})}
    if kind in (Kind.NEWS_PAGE, Kind.ARTICLE):
        return {"NewsItem": 1}
    return {}


def read_document(path, data):
    lines = decode(path, data)
    menu, start = split_menu(lines)
    content = lines[start:]
    kind = None
    try:
        navigation = parse_navigation(menu) if menu else None
        kind = document_kind(content, navigation)
        return _read(path, kind, content, navigation)
    except ParseError as error:
        error.kind = error.kind or kind
        error.counts = error.counts or would_write(kind, content)
        if 0 < error.line <= len(lines):
            error.text = lines[error.line - 1].text
        raise


def _read(path, kind, content, navigation):
    if kind is None:
        texts = [line for line in content if line.text]
        if not texts:
            raise ParseError(path, 1, "empty file")
        raise ParseError(
            path,
            texts[0].number,
            "unknown document kind (not a listing, news page, field-of-work page or article)",
        )
    if kind == Kind.NAVIGATION:
        return Document(path, kind, navigation)
    if kind == Kind.NEWS_PAGE:
        items = parse_news_page(path, content, news_page_block(content))
        return Document(path, kind, navigation, items=items)
    if kind == Kind.LISTING:
        header, items = parse_listing(path, content)
        return Document(path, kind, navigation, header=header, items=items)
    if kind == Kind.FIELD_OF_WORK:
        return Document(path, kind, navigation, page=parse_field_of_work(path, content))
    return Document(path, kind, article=parse_article(path, content))
