"""Write parsed documents to the database, one transaction per document.

Re-importing must change nothing, and an edited document must update its records in
place, so every news item carries a natural key (`import_key`: its title and date) and a
`fingerprint` of its parsed fields. When one item appears in several documents (a
listing entry and its full press-release page), the fuller version wins and the other is
left alone, so a folder imports to a fixed point whatever the order.

Imports are serialised: SQLite opens write transactions with BEGIN IMMEDIATE (see
settings), PostgreSQL takes an advisory lock. Unique constraints and get-or-create in a
savepoint still guard against writers that do not take the lock (the admin, say).
"""

import dataclasses
import functools
import hashlib
import json
import re
from collections import Counter, defaultdict
from contextlib import nullcontext
from datetime import datetime, time

from django.contrib.contenttypes.models import ContentType
from django.db import DatabaseError, IntegrityError, connection, transaction
from django.utils import timezone
from django.utils.html import escape
from django.utils.text import slugify
from reversion import create_revision, set_comment, set_user
from taggit.models import Tag, TaggedItem

from newsroom.editorial.sanitize import clean_html
from newsroom.importer import reference
from newsroom.importer.parse import Kind, ParseError, folded, parse_document, strip_marks
from newsroom.models import NewsItem, NewsType
from structures.models import (
    CLOSED_SUFFIX,
    Chairpersonship,
    Country,
    CountryAlias,
    FieldOfWork,
    MeetingSeries,
    Position,
    Structure,
    StructureAlias,
    normalise_structure_name,
)

# Bump when the mapping from parsed fields to records changes, so that the next import
# rewrites items instead of calling them unchanged.
LOADER_VERSION = 1
ADVISORY_LOCK = 0x05CE_1A7  # PostgreSQL advisory lock key shared by every import
BATCH = 500
ARTICLE_TYPE = "Article"
TYPE_PLURALS = {"News": "News"}
OUTCOMES = ("created", "updated", "unchanged", "failed")


# --- the report ---------------------------------------------------------------------


@dataclasses.dataclass
class DocumentReport:
    path: str
    kind: str | None = None
    counts: dict = dataclasses.field(default_factory=lambda: defaultdict(Counter))
    new_structures: list = dataclasses.field(default_factory=list)
    new_topics: list = dataclasses.field(default_factory=list)
    error: str | None = None

    @property
    def ok(self):
        return self.error is None

    def count(self, model, outcome, n=1):
        if n:
            self.counts[model][outcome] += n

    def fail(self, error, items=0):
        self.error = str(error)
        self.counts = defaultdict(Counter)
        self.new_structures, self.new_topics = [], []
        if items:
            model = "FieldOfWork" if self.kind == Kind.FIELD_OF_WORK else "NewsItem"
            self.count(model, "failed", items)

    @property
    def rows(self):
        """(model, created, updated, unchanged, failed) per model, for templates."""
        return [
            (model, *(c.get(outcome, 0) for outcome in OUTCOMES))
            for model, c in sorted(self.counts.items())
        ]

    def to_dict(self):
        return {
            "path": self.path,
            "kind": str(self.kind) if self.kind else None,
            "ok": self.ok,
            "error": self.error,
            "counts": {model: dict(sorted(c.items())) for model, c in sorted(self.counts.items())},
            "new_structures": self.new_structures,
            "new_topics": self.new_topics,
        }


@dataclasses.dataclass
class Report:
    dry_run: bool = False
    documents: list = dataclasses.field(default_factory=list)

    @property
    def ok(self):
        return all(document.ok for document in self.documents)

    @property
    def failed(self):
        return [document for document in self.documents if not document.ok]

    def totals(self):
        totals = defaultdict(Counter)
        for document in self.documents:
            for model, counts in document.counts.items():
                totals[model].update(counts)
        return {model: dict(sorted(c.items())) for model, c in sorted(totals.items())}

    def to_dict(self):
        return {
            "dry_run": self.dry_run,
            "ok": self.ok,
            "documents": [document.to_dict() for document in self.documents],
            "totals": self.totals(),
        }


# --- keys and fingerprints ----------------------------------------------------------

_PUNCTUATION = str.maketrans(
    {"\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"', "\u2013": "-", "\u2014": "-"}
)


@functools.lru_cache(maxsize=65536)
def fold(text, *, keep_case=False):
    """Compare names across spellings: diacritics, quotes, spacing and (unless kept) case."""
    if not text.isascii():
        text = text.translate(_PUNCTUATION)
    text = " ".join(text.split())
    return strip_marks(text) if keep_case else folded(text)


def batched(values, size):
    values = list(values)
    for start in range(0, len(values), size):
        yield values[start : start + size]


@functools.lru_cache(maxsize=65536)
def structure_key(name):
    return fold(normalise_structure_name(name))


def import_key(title, published_on, *, kind="news"):
    day = published_on.isoformat() if published_on else "undated"
    return hashlib.sha256(f"{kind}|{fold(title)}|{day}".encode()).hexdigest()


def fingerprint(parsed):
    """sha256 of the parsed fields (not the line: items move when others are added)."""
    fields = [getattr(parsed, f.name) for f in dataclasses.fields(parsed) if f.name != "line"]
    payload = json.dumps([LOADER_VERSION, fields], default=str, ensure_ascii=False)
    return hashlib.sha256(payload.encode()).hexdigest()


def paragraphs_html(paragraphs):
    return clean_html("".join(f"<p>{escape(p)}</p>" for p in paragraphs if p))


def publish_at(day):
    return timezone.make_aware(datetime.combine(day, time.min))


def _truncate(text, length):
    return text if len(text) <= length else text[: length - 1].rstrip() + "…"


# --- lookups shared by one document's load -------------------------------------------


class Names:
    """Records by folded name and alias, loaded once per document inside its transaction."""

    def __init__(self):
        self.structures = {}
        for structure in Structure.objects.all():
            self.structures[structure_key(structure.name)] = structure
        by_id = {s.pk: s for s in self.structures.values()}
        for alias in StructureAlias.objects.all():
            self.structures.setdefault(structure_key(alias.name), by_id[alias.structure_id])
        self.countries = {fold(c.name): c for c in Country.objects.all()}
        by_id = {c.pk: c for c in self.countries.values()}
        self.country_aliases = {}
        for alias in CountryAlias.objects.all():
            self.country_aliases[fold(alias.name)] = alias
            self.countries.setdefault(fold(alias.name), by_id[alias.country_id])
        self.fields = {fold(f.name): f for f in FieldOfWork.objects.all()}
        self.types = {fold(t.name): t for t in NewsType.objects.all()}
        self.series = {fold(s.name): s for s in MeetingSeries.objects.all()}
        self.positions = {p.title: p for p in Position.objects.all()}
        self.chairs = {c.year: c for c in Chairpersonship.objects.all()}
        self.tags = {}
        self.slugs = {}
        self._country_pattern = self._operation_pattern = None

    def country_pattern(self):
        if self._country_pattern is None:
            names = {}
            for country in self.countries.values():
                names[fold(country.name, keep_case=True)] = country
            for alias in self.country_aliases.values():
                names[fold(alias.name, keep_case=True)] = self.countries[fold(alias.name)]
            for canonical, aliases in reference.COUNTRY_ALIASES.items():
                if country := self.countries.get(fold(canonical)):
                    for alias in aliases:
                        names.setdefault(fold(alias, keep_case=True), country)
            self._country_pattern = _whole_words(names)
        return self._country_pattern

    def taken_slugs(self, model):
        if model not in self.slugs:
            self.slugs[model] = set(model._default_manager.values_list("slug", flat=True))
        return self.slugs[model]

    def operation_pattern(self):
        if self._operation_pattern is None:
            names = {
                fold(s.name, keep_case=True): s
                for s in self.structures.values()
                if s.kind == Structure.Kind.FIELD_OPERATION and s.host_country_id
            }
            self._operation_pattern = _whole_words(names)
        return self._operation_pattern


def _whole_words(names):
    if not names:
        return None, {}
    alternatives = sorted(names, key=len, reverse=True)
    pattern = re.compile(r"(?<!\w)(" + "|".join(map(re.escape, alternatives)) + r")(?!\w)")
    return pattern, names


def _matches(pattern_and_names, text):
    pattern, names = pattern_and_names
    if pattern is None:
        return []
    return [names[m] for m in dict.fromkeys(pattern.findall(fold(text, keep_case=True)))]


def _unique_slug(model, base, taken=(), *, suffix=None, all_taken=False):
    """A slug for `base` not in `taken` nor, unless `all_taken` says so, in the database."""
    base = (base or model.__name__.lower())[:200].strip("-")
    candidates = [base] + ([f"{base}-{suffix}"] if suffix else [])
    candidates += [f"{candidates[-1]}-{n}" for n in range(2, 1000)]
    for slug in candidates:
        if slug in taken:
            continue
        if not all_taken and model._default_manager.filter(slug=slug).exists():
            continue
        return slug
    raise ValueError(f"no free slug for {base!r}")


def _create(model, unique, **fields):
    """Create in a savepoint; if a concurrent writer won the race, return its record."""
    try:
        with transaction.atomic():
            return model._default_manager.create(**unique, **fields), True
    except IntegrityError:
        existing = model._default_manager.filter(**unique).first()
        if existing is None:
            raise
        return existing, False


def _save_changes(instance, **changes):
    changed = [name for name, value in changes.items() if getattr(instance, name) != value]
    for name in changed:
        setattr(instance, name, changes[name])
    if changed:
        fields = [*changed, "updated_at"] if hasattr(instance, "updated_at") else changed
        instance.save(update_fields=fields)
    return bool(changed)


# --- one document ---------------------------------------------------------------------


class DocumentLoader:
    def __init__(self, document, report):
        self.document = document
        self.report = report
        self.source = document.path.replace("\\", "/").rsplit("/", 1)[-1]
        self.names = Names()

    def load(self):
        self.ensure_reference()
        if self.document.navigation:
            self.load_navigation(self.document.navigation)
        if self.document.kind in (Kind.LISTING, Kind.NEWS_PAGE):
            self.load_news(self.document.items)
        elif self.document.kind == Kind.FIELD_OF_WORK:
            self.load_field_of_work(self.document.page)
        elif self.document.kind == Kind.ARTICLE:
            self.load_article(self.document.article)

    def slug(self, model, name):
        taken = self.names.taken_slugs(model)
        slug = _unique_slug(model, slugify(name), taken, all_taken=True)
        taken.add(slug)
        return slug

    # reference data -------------------------------------------------------------------

    def ensure_reference(self):
        kinds = Country.Kind
        for names, kind in (
            (reference.PARTICIPATING_STATES, kinds.PARTICIPATING_STATE),
            (reference.ASIAN_PARTNERS, kinds.ASIAN_PARTNER),
            (reference.MEDITERRANEAN_PARTNERS, kinds.MEDITERRANEAN_PARTNER),
        ):
            for name in names:
                self.country(name, kind=kind, count=False)
        for canonical, aliases in reference.COUNTRY_ALIASES.items():
            if country := self.names.countries.get(fold(canonical)):
                for alias in aliases:
                    self.country_alias(country, alias)
        for names, kind in (
            (reference.INSTITUTIONS, Structure.Kind.INSTITUTION),
            (reference.DECISION_MAKING_BODIES, Structure.Kind.DECISION_MAKING_BODY),
        ):
            for name in names:
                _, outcome = self.structure_outcome(name, kind=kind, reported=False)
                if outcome == "updated":
                    self.report.count("Structure", outcome)

    # countries -----------------------------------------------------------------------

    def country(self, name, *, kind=Country.Kind.PARTICIPATING_STATE, count=True):
        canonical = reference.canonical_country(name)
        country = self.names.countries.get(fold(name)) or self.names.countries.get(fold(canonical))
        if country is None:
            country, created = _create(
                Country,
                {"name": canonical},
                slug=self.slug(Country, canonical),
                kind=kind,
            )
            self.names.countries[fold(canonical)] = country
            self.names._country_pattern = None
            self.report.count("Country", "created" if created else "unchanged")
        elif count:
            self.report.count("Country", "unchanged")
        if fold(name) != fold(country.name):
            self.country_alias(country, name)
        return country

    def country_alias(self, country, name):
        if fold(name) in self.names.country_aliases or fold(name) == fold(country.name):
            return
        alias, created = _create(CountryAlias, {"name": name}, country=country)
        self.names.country_aliases[fold(name)] = alias
        self.names.countries.setdefault(fold(name), country)
        self.report.count("CountryAlias", "created" if created else "unchanged")

    # structures ----------------------------------------------------------------------

    def structure(self, raw_name, **facts):
        return self.structure_outcome(raw_name, **facts)[0]

    def structure_outcome(self, raw_name, *, kind=None, parent=None, position=None, reported=True):
        """The structure `raw_name` names, created when unknown, and what happened to it.

        A `kind` (from a menu or a page) also upgrades a structure first seen in news
        metadata, which had to be created as kind "other".
        """
        closed = bool(CLOSED_SUFFIX.search(raw_name))
        name = normalise_structure_name(raw_name)
        canonical = _canonical_structure(name)
        structure = self.names.structures.get(structure_key(name)) or self.names.structures.get(
            structure_key(canonical)
        )
        if structure is None:
            return self._create_structure(
                canonical, kind, parent, position, closed, reported=reported
            )
        if kind is None:
            return structure, "unchanged"
        changes = {}
        if structure.kind == Structure.Kind.OTHER and kind != Structure.Kind.OTHER:
            changes["kind"] = kind
        if parent is not None and structure.parent_id is None and structure.pk != parent.pk:
            changes["parent"] = parent
        if (kind == Structure.Kind.FIELD_OPERATION and structure.host_country_id is None) and (
            host := self._host_country(structure.name)
        ):
            changes["host_country"] = host
        return structure, "updated" if _save_changes(structure, **changes) else "unchanged"

    def _create_structure(self, name, kind, parent, position, closed, *, reported=True):
        if kind is None:
            if closed and reference.looks_like_field_operation(name):
                kind = Structure.Kind.FIELD_OPERATION
            elif name in reference.INSTITUTIONS:
                kind = Structure.Kind.INSTITUTION
            elif name in reference.DECISION_MAKING_BODIES:
                kind = Structure.Kind.DECISION_MAKING_BODY
            elif name.casefold() in reference.TOP_LEVEL_KINDS:
                kind = reference.TOP_LEVEL_KINDS[name.casefold()]
            else:
                kind = Structure.Kind.OTHER
        host = self._host_country(name) if kind == Structure.Kind.FIELD_OPERATION else None
        structure, created = _create(
            Structure,
            {"name": name},
            slug=self.slug(Structure, name),
            kind=kind,
            parent=parent,
            closed=closed,
            host_country=host,
            position=position or 0,
        )
        self.names.structures[structure_key(name)] = structure
        self.names._operation_pattern = None
        if not created:
            return structure, "unchanged"
        self.report.count("Structure", "created")
        if reported:
            self.report.new_structures.append(str(structure))
        for alias in reference.STRUCTURE_ALIASES.get(name, []):
            self.structure_alias(structure, alias)
        return structure, "created"

    def structure_alias(self, structure, name):
        if structure_key(name) in self.names.structures:
            return
        _, created = _create(StructureAlias, {"name": name}, structure=structure)
        self.names.structures[structure_key(name)] = structure
        self.report.count("StructureAlias", "created" if created else "unchanged")

    def _host_country(self, structure_name):
        if host := reference.host_country(structure_name):
            return self.country(host, count=False)
        return None

    # navigation ----------------------------------------------------------------------

    def load_navigation(self, nav):
        for position, name in enumerate(nav.fields_of_work, start=1):
            self.field_of_work(name, listed_at=position)
        for position, name in enumerate(nav.meeting_series, start=1):
            self.meeting_series(name, position)
        for menu_country in nav.participating_states:
            country = self.country(menu_country.name)
            if menu_country.chair_year:
                self.chairpersonship(country, menu_country.chair_year)
        secretariat = None
        for position, entry in enumerate(nav.structures, start=1):
            section = entry.section.casefold()
            parent = None
            if section in reference.SECTION_KINDS:
                kind = reference.SECTION_KINDS[section]
                if section == "secretariat":
                    parent = secretariat = secretariat or self.structure(
                        "Secretariat", kind=Structure.Kind.SECRETARIAT
                    )
            else:
                kind = reference.TOP_LEVEL_KINDS.get(entry.name.casefold(), Structure.Kind.OTHER)
            structure, outcome = self.structure_outcome(
                entry.name, kind=kind, parent=parent, position=position
            )
            if entry.name.casefold() == "secretariat":
                secretariat = structure
            if outcome != "created":
                self.report.count("Structure", outcome)
        for position, menu_position in enumerate(nav.positions, start=1):
            structure = self.structure(menu_position.structure)
            self.position(menu_position.title, structure, position)

    def field_of_work(self, name, *, listed_at=None):
        field = self.names.fields.get(fold(name))
        if field is None:
            field, created = _create(
                FieldOfWork,
                {"name": name},
                slug=self.slug(FieldOfWork, name),
                listed=listed_at is not None,
                position=listed_at or 0,
            )
            self.names.fields[fold(name)] = field
            self.report.count("FieldOfWork", "created" if created else "unchanged")
            if created:
                self.report.new_topics.append(field.name)
        elif listed_at is not None:
            changed = not field.listed and _save_changes(field, listed=True, position=listed_at)
            self.report.count("FieldOfWork", "updated" if changed else "unchanged")
        return field

    def meeting_series(self, name, position):
        name = reference.canonical_meeting_series(name)
        if fold(name) in self.names.series:
            self.report.count("MeetingSeries", "unchanged")
            return
        series, created = _create(
            MeetingSeries,
            {"name": name},
            slug=self.slug(MeetingSeries, name),
            position=position,
        )
        self.names.series[fold(name)] = series
        self.report.count("MeetingSeries", "created" if created else "unchanged")

    def chairpersonship(self, country, year):
        chair = self.names.chairs.get(year)
        if chair is None:
            chair, created = _create(Chairpersonship, {"year": year}, country=country)
            self.names.chairs[year] = chair
            self.report.count("Chairpersonship", "created" if created else "unchanged")
        else:
            changed = _save_changes(chair, country_id=country.pk)
            self.report.count("Chairpersonship", "updated" if changed else "unchanged")

    def position(self, title, structure, position):
        existing = self.names.positions.get(title)
        if existing is None:
            existing, created = _create(
                Position, {"title": title}, structure=structure, position=position
            )
            self.names.positions[title] = existing
            self.report.count("Position", "created" if created else "unchanged")
        else:
            changed = _save_changes(existing, structure_id=structure.pk)
            self.report.count("Position", "updated" if changed else "unchanged")

    # field-of-work page -----------------------------------------------------------------

    def load_field_of_work(self, page):
        field = self.field_of_work(page.title)
        changed = _save_changes(
            field,
            introduction="\n\n".join(page.introduction),
            challenge="\n\n".join(page.challenge),
            action="\n\n".join(page.action),
        )
        self.report.count("FieldOfWork", "updated" if changed else "unchanged")
        linked = set(field.structures.values_list("pk", flat=True))
        for team in page.teams:
            kind = (
                Structure.Kind.FIELD_OPERATION
                if reference.looks_like_field_operation(normalise_structure_name(team.name))
                else None
            )
            structure, outcome = self.structure_outcome(team.name, kind=kind)
            changes = {}
            if team.established_on is not None:
                changes["established_on"] = team.established_on
            if team.mandate:
                changes["mandate"] = team.mandate
            changed = _save_changes(structure, **changes) or outcome == "updated"
            if structure.pk not in linked:
                structure.fields_of_work.add(field)
                linked.add(structure.pk)
                changed = True
            if outcome != "created":
                self.report.count("Structure", "updated" if changed else "unchanged")
        # Institutions are named in prose ("Our flagship institution … is the ODIHR").
        named = {
            s.pk: s
            for s in self.names.structures.values()
            if s.kind
            in (
                Structure.Kind.INSTITUTION,
                Structure.Kind.PARLIAMENTARY_ASSEMBLY,
                Structure.Kind.DEPARTMENT,
            )
        }
        text = fold(" ".join(page.institutions), keep_case=True)
        for structure in named.values():
            names = [structure.name, *reference.STRUCTURE_ALIASES.get(structure.name, [])]
            if structure.pk not in linked and any(
                re.search(rf"(?<!\w){re.escape(fold(n, keep_case=True))}(?!\w)", text)
                for n in names
                if len(n) > 3
            ):
                structure.fields_of_work.add(field)
                linked.add(structure.pk)
                self.report.count("Structure", "updated")

    # news --------------------------------------------------------------------------------

    def news_type(self, name):
        if not name:
            return None
        news_type = self.names.types.get(fold(name))
        if news_type is None:
            news_type, created = _create(
                NewsType,
                {"name": name},
                slug=self.slug(NewsType, name),
                plural=TYPE_PLURALS.get(name, ""),
            )
            self.names.types[fold(name)] = news_type
            self.report.count("NewsType", "created" if created else "unchanged")
        return news_type

    def tag(self, name):
        if (tag := self.names.tags.get(fold(name))) is None:
            tag = Tag.objects.filter(name__iexact=name).first()
            if tag is None:
                try:
                    with transaction.atomic():
                        tag = Tag.objects.create(name=name, slug=self.slug(Tag, name))
                    self.report.count("Tag", "created")
                except IntegrityError:
                    tag = Tag.objects.get(name__iexact=name)
            self.names.tags[fold(name)] = tag
        return tag

    def links(self, entry):
        """Structures, fields of work, countries and tags an entry names."""
        structures = {}
        for name in (*entry.structures, *entry.sources):
            structure = self.structure(name)
            structures[structure.pk] = structure
        fields = {f.pk: f for f in (self.field_of_work(name) for name in entry.fields_of_work)}
        text = f"{entry.title}\n{entry.lead}"
        countries = {c.pk: c for c in _matches(self.names.country_pattern(), text)}
        operations = [*structures.values(), *_matches(self.names.operation_pattern(), text)]
        for structure in operations:
            if structure.kind == Structure.Kind.FIELD_OPERATION and structure.host_country_id:
                countries.setdefault(structure.host_country_id, structure.host_country_id)
        tags = [self.tag(place) for place in entry.places]
        return list(structures), list(fields), list(countries), tags

    def item_fields(self, entry):
        full_page = self.document.kind == Kind.NEWS_PAGE
        body = (entry.lead, *entry.body) if entry.body or full_page else ()
        return {
            "title": entry.title,
            "news_type": self.news_type(entry.content_type),
            "place": _truncate(", ".join(entry.places), 200),
            "source": _truncate(", ".join(entry.sources), 300),
            "lead": entry.lead,
            "body": paragraphs_html(body),
            "undated": entry.published_on is None,
        }

    def load_news(self, entries):
        plans, seen = [], set()
        for entry in entries:
            if len(entry.title) > 300:
                raise ParseError(self.document.path, entry.line, "title longer than 300 characters")
            key = import_key(entry.title, entry.published_on)
            if key in seen:
                self.report.count("NewsItem", "unchanged")
                continue
            seen.add(key)
            plans.append((key, entry, fingerprint(entry)))
        existing = {}
        for batch in batched([key for key, _, _ in plans], BATCH):
            for row in NewsItem.objects.filter(import_key__in=batch).values(
                "pk", "import_key", "fingerprint", "source_document", "body"
            ):
                existing[row["import_key"]] = row
        new, changed = [], []
        for key, entry, digest in plans:
            row = existing.get(key)
            if row is None:
                new.append((key, entry, digest))
            elif row["fingerprint"] == digest:
                self.report.count("NewsItem", "unchanged")
            elif row["source_document"] == self.source or (
                self.document.kind == Kind.NEWS_PAGE and not row["body"]
            ):
                changed.append((row["pk"], entry, digest))
            else:
                self.report.count("NewsItem", "unchanged")  # a fuller version is loaded
        self.create_items(new)
        self.update_items(changed)

    def create_items(self, plans):
        if not plans:
            return
        now = timezone.now()
        items, links = [], []
        taken = set()
        bases = {key: slugify(entry.title)[:200].strip("-") or "item" for key, entry, _ in plans}
        for batch in batched(set(bases.values()), BATCH):
            taken.update(NewsItem.objects.filter(slug__in=batch).values_list("slug", flat=True))
        # Listings run newest first; creating them oldest first keeps that order on ties.
        for key, entry, digest in reversed(plans):
            slug = bases[key]
            if slug in taken:
                suffix = entry.published_on.isoformat() if entry.published_on else None
                slug = _unique_slug(NewsItem, slug, taken, suffix=suffix)
            taken.add(slug)
            fields = self.item_fields(entry)
            items.append(
                NewsItem(
                    slug=slug,
                    status=NewsItem.Status.PUBLISHED,
                    publish_at=publish_at(entry.published_on) if entry.published_on else now,
                    source_document=self.source,
                    import_key=key,
                    fingerprint=digest,
                    **fields,
                )
            )
            links.append(self.links(entry))
        NewsItem.objects.bulk_create(items, batch_size=BATCH)
        if any(item.pk is None for item in items):  # backends that return no ids
            ids = {}
            for batch in batched([item.import_key for item in items], BATCH):
                ids.update(
                    NewsItem.objects.filter(import_key__in=batch).values_list("import_key", "pk")
                )
            for item in items:
                item.pk = ids[item.import_key]
        self._bulk_link(items, links)
        self.report.count("NewsItem", "created", len(items))

    def _bulk_link(self, items, links):
        through = {
            name: getattr(NewsItem, name).through
            for name in ("structures", "fields_of_work", "countries")
        }
        rows = {name: [] for name in through}
        tagged = []
        content_type = ContentType.objects.get_for_model(NewsItem).pk
        for item, (structures, fields, countries, tags) in zip(items, links, strict=True):
            rows["structures"] += [(item.pk, pk) for pk in structures]
            rows["fields_of_work"] += [(item.pk, pk) for pk in fields]
            rows["countries"] += [(item.pk, pk) for pk in countries]
            tagged += [(content_type, item.pk, tag.pk) for tag in tags]
        # Plain INSERTs: model instances for ~50,000 link rows would cost seconds.
        for name, model in through.items():
            field = NewsItem._meta.get_field(name)
            _insert(model, (field.m2m_column_name(), field.m2m_reverse_name()), rows[name])
        _insert(TaggedItem, ("content_type_id", "object_id", "tag_id"), tagged)

    def update_items(self, plans):
        if not plans:
            return
        instances = NewsItem.objects.in_bulk([pk for pk, _, _ in plans])
        for pk, entry, digest in plans:
            item = instances[pk]
            old_places = {fold(p) for p in item.place.split(", ") if p}
            for name, value in self.item_fields(entry).items():
                setattr(item, name, value)
            if entry.published_on:
                item.publish_at = publish_at(entry.published_on)
            item.source_document = self.source
            item.fingerprint = digest
            item.save()
            structures, fields, countries, tags = self.links(entry)
            item.structures.set(structures)
            item.fields_of_work.set(fields)
            item.countries.set(countries)
            # Editors add tags of their own: replace only the dateline places.
            stale = [t for t in item.tags.all() if fold(t.name) in old_places and t not in tags]
            item.tags.remove(*stale)
            item.tags.add(*tags)
            self.report.count("NewsItem", "updated")

    # article -----------------------------------------------------------------------------

    def load_article(self, article):
        key = import_key(article.headline, None, kind="article")
        digest = fingerprint(article)
        lead = article.paragraphs[0] if article.paragraphs else ""
        fields = {
            "title": _truncate(article.headline, 300),
            "news_type": self.news_type(ARTICLE_TYPE),
            "source": _truncate(article.credit, 300),
            "lead": lead,
            "body": paragraphs_html(article.paragraphs),
            "image_caption": _truncate(article.caption, 300),
            "undated": True,
        }
        named = _matches(self.names.country_pattern(), f"{article.headline}\n{lead}")
        countries = [country.pk for country in named]
        item = NewsItem.objects.filter(import_key=key).first()
        if item is None:
            item = NewsItem(
                slug=_unique_slug(NewsItem, slugify(article.headline)),
                status=NewsItem.Status.PUBLISHED,
                publish_at=timezone.now(),  # flagged undated: no date is shown as the source's
                source_document=self.source,
                import_key=key,
                fingerprint=digest,
                **fields,
            )
            item.save()
            item.countries.set(countries)
            self.report.count("NewsItem", "created")
        elif item.fingerprint != digest and item.source_document == self.source:
            for name, value in fields.items():
                setattr(item, name, value)
            item.fingerprint = digest
            item.save()
            item.countries.set(countries)
            self.report.count("NewsItem", "updated")
        else:
            self.report.count("NewsItem", "unchanged")


def _insert(model, columns, rows):
    if not rows:
        return
    quote = connection.ops.quote_name
    sql = "INSERT INTO {} ({}) VALUES ({})".format(
        quote(model._meta.db_table),
        ", ".join(map(quote, columns)),
        ", ".join(["%s"] * len(columns)),
    )
    with connection.cursor() as cursor:
        for batch in batched(rows, BATCH * 10):
            cursor.executemany(sql, batch)


@functools.cache
def _canonical_structures():
    return {
        structure_key(name): canonical
        for canonical, aliases in reference.STRUCTURE_ALIASES.items()
        for name in (canonical, *aliases)
    }


def _canonical_structure(name):
    return _canonical_structures().get(structure_key(name), name)


# --- entry points ---------------------------------------------------------------------


def _serialise_imports():
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [ADVISORY_LOCK])


def _load(document, report, user=None):
    try:
        # Records the import saves get a version in the history, like admin edits
        # (bulk-created items get theirs before their first admin edit).
        with transaction.atomic(), create_revision(atomic=False):
            set_comment(f"Imported from {document.path}")
            if user is not None:
                set_user(user)
            _serialise_imports()
            DocumentLoader(document, report).load()
    except ParseError as error:
        report.fail(error, items=len(document.items) or 1)
    except (DatabaseError, ValueError) as error:
        reason = f"{document.path}:1: could not be stored: {error}"
        report.fail(reason, items=len(document.items) or 1)


def import_documents(sources, *, dry_run=False, user=None):
    """Import `sources`, pairs of (name, bytes). Returns a Report; never raises for bad input.

    With `dry_run`, everything runs inside a transaction that is rolled back at the end,
    so the report tells exactly what a real run would do.
    """
    report = Report(dry_run=dry_run)
    parsed = []
    for path, data in sources:
        document_report = DocumentReport(str(path))
        report.documents.append(document_report)
        try:
            document = parse_document(path, data)
        except ParseError as error:
            document_report.fail(error)
            continue
        document_report.kind = document.kind
        parsed.append((document, document_report))
    # Menus first, so that content finds the topics, countries and structures they list.
    parsed.sort(key=lambda pair: pair[0].navigation is None)
    with transaction.atomic() if dry_run else nullcontext():
        for document, document_report in parsed:
            _load(document, document_report, user)
        if dry_run:
            transaction.set_rollback(True)
    return report
