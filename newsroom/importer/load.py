"""Write parsed documents to the database, one transaction per document.

Re-importing must change nothing, and an edited document must update its records in
place, so every news item carries a natural key (`import_key`: its title and date) and a
`fingerprint`: a digest of its parsed fields and one of the fields as they were stored.
When one item appears in several documents (a listing entry and its full press-release
page), the fuller version wins and the other is left alone, so a folder imports to a
fixed point whatever the order.

The editor wins. What an editor deleted in the admin has a tombstone (importer.models) and
is skipped; an item whose stored fields no longer match what was imported was edited, and
a changed document that would overwrite it is reported as a conflict instead. Structures
and fields of work keep what an editor wrote: the importer fills empty facts and reports
the ones a document states otherwise. A structure named '… (closed)' is closed, whatever
imported it before, unless an editor set its state.

Imports are serialised (newsroom.importer.sql). Unique constraints and get-or-create in a
savepoint still guard against writers that do not take the lock (the admin, say).
"""

import dataclasses
import hashlib
import json
import re
from contextlib import nullcontext

from django.contrib.contenttypes.models import ContentType
from django.db import DatabaseError, IntegrityError, transaction
from django.utils import timezone
from django.utils.html import escape
from django.utils.text import slugify
from reversion import create_revision, set_comment, set_user
from taggit.models import Tag, TaggedItem

from newsroom.dates import start_of_day
from newsroom.editorial.sanitize import clean_html
from newsroom.importer import reference
from newsroom.importer.models import Tombstone, publication_key
from newsroom.importer.names import Names, Of
from newsroom.importer.parse import (
    PUBLICATION_SECTIONS,
    Kind,
    ParseError,
    detect_language,
    parse_document,
)
from newsroom.importer.report import DocumentReport, Report
from newsroom.importer.sql import BATCH, batched, insert_rows, serialise_imports
from newsroom.models import NewsItem, NewsType
from structures.models import (
    Chairpersonship,
    Country,
    CountryAlias,
    FieldOfWork,
    MeetingSeries,
    Position,
    Structure,
    StructureAlias,
)
from structures.naming import (
    country_key,
    fold,
    marked_closed,
    normalise_structure_name,
    structure_key,
    transliterate,
)

# Bump when the mapping from parsed fields to records changes, so that the next import
# rewrites items instead of calling them unchanged.
LOADER_VERSION = 2
ARTICLE_TYPE = "Article"
TYPE_PLURALS = {"News": "News"}


# --- keys and fingerprints ----------------------------------------------------------


def import_key(title, published_on, *, kind="news"):
    day = published_on.isoformat() if published_on else "undated"
    return hashlib.sha256(f"{kind}|{fold(title)}|{day}".encode()).hexdigest()


def _digest(value):
    payload = json.dumps([LOADER_VERSION, value], default=str, ensure_ascii=False)
    return hashlib.sha256(payload.encode()).hexdigest()


def fingerprint(parsed):
    """sha256 of the parsed fields (not their lines: items move when others are added)."""
    fields = dataclasses.fields(parsed)
    return _digest([getattr(parsed, f.name) for f in fields if not f.name.endswith("line")])


# What an editor may change that the importer also writes; a news item whose fields no
# longer match the digest stored at import time was edited in the admin.
EDITABLE = ("title", "lead", "body", "place", "source", "news_type_id", "image_caption")


def content_digest(values):
    """Digest of a news item's EDITABLE fields, from a dict or an instance."""
    get = values.get if isinstance(values, dict) else lambda name: getattr(values, name)
    return _digest([get(name) or "" for name in EDITABLE])


def stored_fingerprint(parsed_digest, fields):
    """What `NewsItem.fingerprint` holds: 31 characters of the parsed fields' digest, ':',
    32 of the stored fields' (fingerprints without ':' predate edit detection)."""
    return f"{parsed_digest[:31]}:{content_digest(fields)[:32]}"


def same_document(stored, parsed_digest):
    return stored.partition(":")[0] == parsed_digest[:31]


def edited_since_import(stored, row):
    """Whether the item's fields differ from what the import that stored `stored` wrote."""
    _, sep, content = stored.partition(":")
    return bool(sep) and content != content_digest(row)[:32]


def paragraphs_html(paragraphs):
    return clean_html("".join(f"<p>{escape(p)}</p>" for p in paragraphs if p))


def _fit(field, text):
    """`text` cut to the length of the news item's `field`, with '…' where it was cut."""
    length = NewsItem._meta.get_field(field).max_length
    return text if len(text) <= length else text[: length - 1].rstrip() + "…"


def _marks(name):
    """How many letters with diacritics `name` has: 'Priština' 1, 'Pristina' 0."""
    return sum(not c.isascii() for c in name)


def _slug_base(title):
    """A readable slug for any title: Cyrillic is transliterated ('Ош' -> 'osh')."""
    return slugify(transliterate(title))[:200].strip("-") or "item"


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
    def __init__(self, document, report, language=None):
        self.document = document
        self.report = report
        self.language = language  # overrides what detect_language() finds
        self.source = document.path.replace("\\", "/").rsplit("/", 1)[-1]
        self.names = Names()
        self.now = timezone.now()  # when undated items are published

    def skipped(self, model, name):
        """Count and name a record skipped because an editor deleted it."""
        self.report.count(model, "skipped")
        self.report.note_skipped(f"{name}: deleted by an editor")

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
        slug = _unique_slug(model, slugify(transliterate(name)), taken, all_taken=True)
        taken.add(slug)
        return slug

    def record(self, model, known, key, unique, *, slug_from=None, **fields):
        """`known[key]`, or a record created from `unique` and `fields` (with a free slug
        made from `slug_from`), then remembered in `known` and counted.

        Returns the record and what happened to it: None when it was known (each caller
        counts that its own way), "created", or "unchanged" when a concurrent writer
        created it first.
        """
        if (found := known.get(key)) is not None:
            return found, None
        if slug_from is not None:
            fields["slug"] = self.slug(model, slug_from)
        found, created = _create(model, unique, **fields)
        known[key] = found
        outcome = "created" if created else "unchanged"
        self.report.count(model.__name__, outcome)
        return found, outcome

    # reference data -------------------------------------------------------------------

    def ensure_reference(self):
        kinds = Country.Kind
        for names, kind in (
            (reference.PARTICIPATING_STATES, kinds.PARTICIPATING_STATE),
            (reference.ASIAN_PARTNERS, kinds.ASIAN_PARTNER),
            (reference.MEDITERRANEAN_PARTNERS, kinds.MEDITERRANEAN_PARTNER),
        ):
            for name in names:
                self.country(name, kind=kind, count=False, create=True)
        for names, kind in (
            (reference.INSTITUTIONS, Structure.Kind.INSTITUTION),
            (reference.DECISION_MAKING_BODIES, Structure.Kind.DECISION_MAKING_BODY),
        ):
            for name in names:
                _, outcome = self.structure_outcome(name, kind=kind, reported=False)
                if outcome == "updated":
                    self.report.count("Structure", outcome)

    # countries -----------------------------------------------------------------------

    def country(self, name, *, kind=Country.Kind.PARTICIPATING_STATE, count=True, create=False):
        """The country `name` names. Only the reference lists create countries: there are
        57 participating States, and another name of one (an old official name, a long
        form) is an alias, never a new State."""
        canonical = self.names.current(Of.COUNTRY, name)
        country, outcome = self.names.country(name), None
        if country is None and not create:
            self.report.count("Country", "skipped")
            self.report.note_skipped(
                f"{name}: not a participating State or partner; "
                "add it to an existing country as a name variant in the admin"
            )
            return None
        if country is None:
            country, outcome = self.record(
                Country,
                self.names.countries,
                country_key(canonical),
                {"name": canonical},
                slug_from=canonical,
                kind=kind,
            )
            if outcome:
                self.names.country_added()
        if outcome is None and count:
            self.report.count("Country", "unchanged")
        self.country_alias(country, name)
        return country

    def country_alias(self, country, name):
        if country_key(name) == country_key(country.name):
            return  # the name itself, not an alias
        _, outcome = self.record(
            CountryAlias,
            self.names.country_aliases,
            country_key(name),
            {"name": name},
            country=country,
        )
        if outcome:
            self.names.countries.setdefault(country_key(name), country)

    # structures ----------------------------------------------------------------------

    def structure(self, raw_name, **facts):
        return self.structure_outcome(raw_name, **facts)[0]

    def structure_outcome(
        self, raw_name, *, kind=None, parent=None, position=None, reported=True, line=None
    ):
        """The structure `raw_name` names, created when unknown, and what happened to it:
        (None, "skipped") when an editor deleted it.

        A `kind` (from a menu or a page) also upgrades a structure first seen in news
        metadata, which had to be created as kind "other". A name marked '(closed)' closes
        the structure (`line`: where, for its closed_source) unless an editor set its state.
        """
        name = normalise_structure_name(raw_name)
        structure = self.names.structure(name)
        canonical = structure.name if structure else self.names.current(Of.STRUCTURE, name)
        if structure is None and self.names.deleted(
            Tombstone.Of.STRUCTURE, structure_key(canonical)
        ):
            self.skipped("Structure", canonical)
            return None, "skipped"
        closed = marked_closed(raw_name)
        where = f"{self.source}:{line}" if closed and line else ""
        if structure is None:
            return self._create_structure(
                canonical, kind, parent, position, closed, where, reported=reported
            )
        changes = {}
        if closed and not structure.closed and not structure.closed_by_editor:
            changes.update(closed=True, closed_source=where)
            if kind is None and structure.kind == Structure.Kind.OTHER:
                kind = Structure.Kind.FIELD_OPERATION  # SPEC: closed field activities
        if kind is None and not changes:
            return structure, "unchanged"
        if kind is not None and structure.kind == Structure.Kind.OTHER != kind:
            changes["kind"] = kind
        if parent is not None and structure.parent_id is None and structure.pk != parent.pk:
            changes["parent"] = parent
        if position and not 0 < structure.position <= position:
            # Menus of several years disagree: the smallest position wins, in any order.
            changes["position"] = position
        is_operation = changes.get("kind", structure.kind) == Structure.Kind.FIELD_OPERATION
        if (
            is_operation
            and structure.host_country_id is None
            and (host := self._host_country(structure.name))
        ):
            changes["host_country"] = host
        return structure, "updated" if _save_changes(structure, **changes) else "unchanged"

    def _create_structure(self, name, kind, parent, position, closed, where, *, reported=True):
        if kind is None:
            if name in reference.INSTITUTIONS:
                kind = Structure.Kind.INSTITUTION
            elif name in reference.DECISION_MAKING_BODIES:
                kind = Structure.Kind.DECISION_MAKING_BODY
            elif name.casefold() in reference.TOP_LEVEL_KINDS:
                kind = reference.TOP_LEVEL_KINDS[name.casefold()]
            elif closed:
                # SPEC: "closed field activities (named '… (closed)' in news metadata)",
                # whatever their wording; a menu names every other closed structure.
                kind = Structure.Kind.FIELD_OPERATION
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
            closed_source=where,
            host_country=host,
            position=position or 0,
        )
        self.names.structures[structure_key(name)] = structure
        self.names.structure_added()
        if not created:
            return structure, "unchanged"
        self.report.count("Structure", "created")
        if reported:
            self.report.new_structures.append(str(structure))
        for alias in self.names.other_names(Of.STRUCTURE, name):
            self.structure_alias(structure, alias)
        return structure, "created"

    def structure_alias(self, structure, name):
        if self.names.structure(name) not in (None, structure):
            return
        self.record(
            StructureAlias,
            self.names.structure_aliases,
            structure_key(name),
            {"name": name},
            structure=structure,
        )
        self.names.structures[structure_key(name)] = structure

    def _host_country(self, structure_name):
        if host := reference.host_place(structure_name):
            return self.names.country(host)
        return None

    # navigation ----------------------------------------------------------------------

    def load_navigation(self, nav):
        for position, name in enumerate(nav.fields_of_work, start=1):
            self.field_of_work(name, listed_at=position)
        for position, name in enumerate(nav.meeting_series, start=1):
            self.meeting_series(name, position)
        for menu_country in nav.participating_states:
            country = self.country(menu_country.name)
            if country is not None and menu_country.chair_year:
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
            if outcome not in ("created", "skipped"):
                self.report.count("Structure", outcome)
        for position, menu_position in enumerate(nav.positions, start=1):
            if structure := self.structure(menu_position.structure):
                self.position(menu_position.title, structure, position)

    def field_of_work(self, name, *, listed_at=None):
        """The field of work `name` names (or a former name of it); None when an editor
        deleted it."""
        name = self.names.current(Of.FIELD_OF_WORK, name)
        if fold(name) not in self.names.fields and self.names.deleted(
            Tombstone.Of.FIELD_OF_WORK, fold(name)
        ):
            self.skipped("FieldOfWork", name)
            return None
        field, outcome = self.record(
            FieldOfWork,
            self.names.fields,
            fold(name),
            {"name": name},
            slug_from=name,
            listed=listed_at is not None,
            position=listed_at or 0,
        )
        if outcome == "created":
            self.report.new_topics.append(field.name)
        elif outcome is None and listed_at is not None:
            changed = (not field.listed or field.position > listed_at) and _save_changes(
                field, listed=True, position=listed_at
            )
            self.report.count("FieldOfWork", "updated" if changed else "unchanged")
        return field

    def meeting_series(self, name, position):
        name = self.names.current(Of.MEETING_SERIES, name)
        _, outcome = self.record(
            MeetingSeries,
            self.names.series,
            fold(name),
            {"name": name},
            slug_from=name,
            position=position,
        )
        if outcome is None:
            self.report.count("MeetingSeries", "unchanged")

    def chairpersonship(self, country, year):
        chair, outcome = self.record(
            Chairpersonship, self.names.chairs, year, {"year": year}, country=country
        )
        if outcome is None:
            changed = _save_changes(chair, country_id=country.pk)
            self.report.count("Chairpersonship", "updated" if changed else "unchanged")

    def position(self, title, structure, position):
        existing, outcome = self.record(
            Position,
            self.names.positions,
            title,
            {"title": title},
            structure=structure,
            position=position,
        )
        if outcome is None:
            changed = _save_changes(existing, structure_id=structure.pk)
            self.report.count("Position", "updated" if changed else "unchanged")

    # field-of-work page -----------------------------------------------------------------

    def load_field_of_work(self, page):
        field = self.field_of_work(page.title)
        if field is None:
            return
        changed = self.keep_or_fill(
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
            if structure is None:
                continue
            facts = {}
            if team.mandate and not structure.mandate:
                # Pages describe a team each their own way: the first description stays.
                facts["mandate"] = team.mandate
            if team.established_on is not None:
                facts["established_on"] = team.established_on
                facts["established_precision"] = team.established_precision
            changed = self.keep_or_fill(structure, **facts) or outcome == "updated"
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
            names = [structure.name, *self.names.other_names(Of.STRUCTURE, structure.name)]
            if structure.pk not in linked and any(
                re.search(rf"(?<!\w){re.escape(fold(n, keep_case=True))}(?!\w)", text)
                for n in names
                if len(n) > 3
            ):
                structure.fields_of_work.add(field)
                linked.add(structure.pk)
                self.report.count("Structure", "updated")
        self.load_publication_stubs(field, page.related)

    def load_publication_stubs(self, field, sections):
        """Entries of a page's "Studies and reports", "Manuals and guides", "Projects" and
        "OSCE stories" sections: draft publications (no file) linked to the field of work,
        for editors to complete. Matched by kind and title, so a re-import adds nothing; a
        stub an editor changed keeps the editor's text, and one an editor deleted stays
        deleted (its tombstone)."""
        from publications.models import Publication, PublicationKind

        entries = [
            (PUBLICATION_SECTIONS[section.title.casefold()], entry)
            for section in sections
            if section.title.casefold() in PUBLICATION_SECTIONS
            for entry in section.entries
        ]
        if not entries:
            return
        kinds = {kind.slug: kind for kind in PublicationKind.objects.all()}
        for slug, entry in entries:
            kind = kinds.get(slug)
            if kind is None:  # an editor deleted the kind: nothing to file the entry under
                self.report.note_skipped(f"{entry.title!r}: no publication kind {slug!r}")
                continue
            publication = Publication.objects.filter(kind=kind, title=entry.title).first()
            if publication is None and self.names.deleted(
                Tombstone.Of.PUBLICATION, publication_key(slug, entry.title)
            ):
                self.skipped("Publication", f"publication “{entry.title}”")
                continue
            if publication is None:
                publication = Publication.objects.create(
                    title=entry.title,
                    slug=self.publication_slug(entry.title),
                    kind=kind,
                    abstract=entry.description,
                    status=Publication.Status.DRAFT,
                )
                self.report.count("Publication", "created")
            elif not publication.fields_of_work.filter(pk=field.pk).exists():
                self.report.count("Publication", "updated")
            else:
                self.report.count("Publication", "unchanged")
                continue
            publication.fields_of_work.add(field)

    def publication_slug(self, title):
        from publications.models import Publication

        base = slugify(title)[:200] or "publication"
        slug, n = base, 1
        while Publication.objects.filter(slug=slug).exists():
            n += 1
            slug = f"{base}-{n}"
        return slug

    def keep_or_fill(self, record, **facts):
        """Write the facts a document states where the record has none; where it has
        others (an editor's, or an earlier document's), keep them and report a conflict.
        Returns whether anything was written."""
        fill, differ = {}, []
        for name, value in facts.items():
            current = getattr(record, name)
            if not value or current == value:
                continue
            if current in ("", None) or (
                name == "established_precision" and "established_on" in fill
            ):
                fill[name] = value
            elif name != "established_precision":
                differ.append(name.replace("_", " "))
        if differ:
            self.report.note_conflict(
                f"{record._meta.verbose_name} “{record}”: the document gives another "
                f"{', '.join(differ)}; the site's is kept"
            )
        return _save_changes(record, **fill)

    # news --------------------------------------------------------------------------------

    def news_type(self, name):
        if not name:
            return None
        news_type, _ = self.record(
            NewsType,
            self.names.types,
            fold(name),
            {"name": name},
            slug_from=name,
            plural=TYPE_PLURALS.get(name, ""),
        )
        return news_type

    def tag(self, name):
        """The place tag of `name`: one tag for 'PRIŠTINA', 'PRISTINA' and 'Prishtinë/
        Priština' (diacritics folded, name variants resolved), named as the organisation
        writes it today: a variant's current name, else the spelling with diacritics."""
        name = self.names.current(Of.PLACE, name)
        keys = (fold(key) for key in (name, *name.split("/")))
        tag = next((found for key in keys if (found := self.names.tags.get(key))), None)
        if tag is None:
            try:
                with transaction.atomic():
                    tag = Tag.objects.create(name=name, slug=self.slug(Tag, name))
                self.report.count("Tag", "created")
            except IntegrityError:
                tag = Tag.objects.get(name__iexact=name)
            self.names.tag_added(tag)
        elif tag.name != name and (
            self.names.current(Of.PLACE, tag.name) == name
            or (fold(tag.name) == fold(name) and _marks(name) > _marks(tag.name))
        ):
            _save_changes(tag, name=name)  # 'Pristina' imported first becomes 'Priština'
            self.names.tag_added(tag)
            self.report.count("Tag", "updated")
        return tag

    def links(self, entry):
        """Structures, fields of work, countries and tags an entry names."""
        structures = {}
        for name in (*entry.structures, *entry.sources):
            structure = self.structure(name, line=entry.structures_line or entry.line)
            if structure is not None:
                structures[structure.pk] = structure
        fields = {f.pk: f for f in (self.field_of_work(name) for name in entry.fields_of_work) if f}
        text = f"{entry.title}\n{entry.lead}"
        countries = {c.pk: c for c in self.names.countries_in(text)}
        operations = [*structures.values(), *self.names.operations_in(text)]
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
            "place": _fit("place", ", ".join(entry.places)),
            "source": _fit("source", ", ".join(entry.sources)),
            "lead": entry.lead,
            "body": paragraphs_html(body),
            "image_caption": _fit("image_caption", entry.caption),
            "undated": entry.published_on is None,
            "language": entry.language,
        }

    def plan(self, keyed):
        """Parsed items, given with their import keys: those to create as (key, parsed,
        fingerprint) and those to update as (pk, parsed, fingerprint). The others are
        counted: unchanged (repeated in this document, unchanged since the last import, or
        loaded in a fuller version from another document), skipped (deleted by an editor)
        or conflict (edited by an editor since a document that changed)."""
        plans, seen = [], set()
        for key, parsed in keyed:
            if key in seen:
                self.report.count("NewsItem", "unchanged")
                continue
            seen.add(key)
            plans.append((key, parsed, fingerprint(parsed)))
        existing = {}
        for batch in batched([key for key, _, _ in plans]):
            for row in NewsItem.objects.filter(import_key__in=batch).values(
                "pk", "import_key", "fingerprint", "source_document", *EDITABLE
            ):
                existing[row["import_key"]] = row
        new, changed = [], []
        for key, parsed, digest in plans:
            row = existing.get(key)
            title = f"news item “{getattr(parsed, 'title', None) or parsed.headline}”"
            if row is None:
                if self.names.deleted(Tombstone.Of.NEWS_ITEM, key):
                    self.skipped("NewsItem", title)
                else:
                    new.append((key, parsed, digest))
                continue
            edited = edited_since_import(row["fingerprint"], row)
            if same_document(row["fingerprint"], digest):
                self.report.count("NewsItem", "unchanged")
                if edited:
                    self.report.note_kept(f"{title}: edited by an editor, kept")
            elif not (
                row["source_document"] == self.source
                or (self.document.kind == Kind.NEWS_PAGE and not row["body"])
            ):
                self.report.count("NewsItem", "unchanged")  # a fuller version is loaded
            elif edited:
                self.report.count("NewsItem", "conflict")
                self.report.note_conflict(
                    f"{title} ({self.source}:{parsed.line}): the document changed since it "
                    "was imported, and an editor edited the item; the editor's version is kept"
                )
            else:
                changed.append((row["pk"], parsed, digest))
        return new, changed

    def new_item(self, key, digest, slug, published_on, fields):
        item = NewsItem(
            slug=slug,
            status=NewsItem.Status.PUBLISHED,
            # Undated items are flagged (`undated`): no date is shown as the source's.
            publish_at=start_of_day(published_on) if published_on else self.now,
            source_document=self.source,
            import_key=key,
            **fields,
        )
        item.fingerprint = stored_fingerprint(digest, item)
        return item

    def refresh_item(self, item, digest, published_on, fields):
        for name, value in fields.items():
            setattr(item, name, value)
        if published_on:
            item.publish_at = start_of_day(published_on)
        item.source_document = self.source
        item.fingerprint = stored_fingerprint(digest, item)
        item.save()

    def load_news(self, entries):
        for entry in entries:
            self.report.count_language(entry.language)
        new, changed = self.plan(
            (import_key(entry.title, entry.published_on), entry) for entry in entries
        )
        self.create_items(new)
        self.update_items(changed)

    def create_items(self, plans):
        if not plans:
            return
        items, links = [], []
        taken = set()
        bases = {key: _slug_base(entry.title) for key, entry, _ in plans}
        for batch in batched(set(bases.values())):
            taken.update(NewsItem.objects.filter(slug__in=batch).values_list("slug", flat=True))
        # Listings run newest first; creating them oldest first keeps that order on ties.
        for key, entry, digest in reversed(plans):
            slug = bases[key]
            if slug in taken:
                suffix = entry.published_on.isoformat() if entry.published_on else None
                slug = _unique_slug(NewsItem, slug, taken, suffix=suffix)
            taken.add(slug)
            fields = self.item_fields(entry)
            items.append(self.new_item(key, digest, slug, entry.published_on, fields))
            links.append(self.links(entry))
        NewsItem.objects.bulk_create(items, batch_size=BATCH)
        if any(item.pk is None for item in items):  # backends that return no ids
            ids = {}
            for batch in batched([item.import_key for item in items]):
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
        for name, model in through.items():
            field = NewsItem._meta.get_field(name)
            insert_rows(model, (field.m2m_column_name(), field.m2m_reverse_name()), rows[name])
        insert_rows(TaggedItem, ("content_type_id", "object_id", "tag_id"), tagged)

    def update_items(self, plans):
        if not plans:
            return
        instances = NewsItem.objects.in_bulk([pk for pk, _, _ in plans])
        for pk, entry, digest in plans:
            item = instances[pk]
            old_places = {fold(p) for p in item.place.split(", ") if p}
            self.refresh_item(item, digest, entry.published_on, self.item_fields(entry))
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
        """An article has no date; it links only to the countries its headline and lead name
        (editors' structures, topics and tags stay when it is imported again).

        A dump whose first line is a structure's name and that has no metadata is a page
        about that structure cut from its context, not news: it is refused, not published
        as an item titled with the name."""
        if self.names.structure(article.headline) or reference.names_a_structure(article.headline):
            error = ParseError(
                self.document.path,
                article.line,
                f"starts with the name of a structure (“{article.headline}”) and has no "
                "metadata (no date, no content type): not a news item",
                document=self.document,
            )
            error.text = article.headline
            raise error
        new, changed = self.plan([(import_key(article.headline, None, kind="article"), article)])
        lead = article.paragraphs[0] if article.paragraphs else ""
        fields = {
            "title": _fit("title", article.headline),
            "news_type": self.news_type(ARTICLE_TYPE),
            "source": _fit("source", article.credit),
            "lead": lead,
            "body": paragraphs_html(article.paragraphs),
            "image_caption": _fit("image_caption", article.caption),
            "undated": True,
            "language": self.language or detect_language(f"{article.headline}\n{lead}"),
        }
        countries = [c.pk for c in self.names.countries_in(f"{article.headline}\n{lead}")]
        for key, _, digest in new:
            slug = _unique_slug(NewsItem, _slug_base(article.headline))
            item = self.new_item(key, digest, slug, None, fields)
            item.save()
            item.countries.set(countries)
            self.report.count("NewsItem", "created")
        for pk, _, digest in changed:
            item = NewsItem.objects.get(pk=pk)
            self.refresh_item(item, digest, None, fields)
            item.countries.set(countries)
            self.report.count("NewsItem", "updated")


# --- entry point ------------------------------------------------------------------------


def _load(document, report, user=None, language=None):
    try:
        # Records the import saves get a version in the history, like admin edits
        # (bulk-created items get theirs before their first admin edit).
        with transaction.atomic(), create_revision(atomic=False):
            set_comment(f"Imported from {document.path}")
            if user is not None:
                set_user(user)
            serialise_imports()
            DocumentLoader(document, report, language).load()
    except ParseError as error:  # a rule only the database can tell (e.g. a known name)
        report.fail(error, document)
    except (DatabaseError, ValueError) as error:
        report.fail(f"{document.path}:1: could not be stored: {error}", document)


def in_language(document, language):
    """`document` with every news entry said to be in `language`: their fingerprints change
    with it, so re-importing with another language updates the items."""
    items = tuple(dataclasses.replace(item, language=language) for item in document.items)
    return dataclasses.replace(document, items=items)


def import_documents(sources, *, dry_run=False, user=None, language=None):
    """Import `sources`, pairs of (name, bytes). Returns a Report; never raises for bad input.

    Each news item's language is detected from its text (parse.detect_language); `language`
    (a code of settings.LANGUAGES) says it for every item of these documents instead.

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
            document_report.fail(error, error.document)
            continue
        document_report.kind = document.kind
        if language:
            document = in_language(document, language)
        parsed.append((document, document_report))
    # Menus first, so that content finds the topics, countries and structures they list.
    parsed.sort(key=lambda pair: pair[0].navigation is None)
    with transaction.atomic() if dry_run else nullcontext():
        for document, document_report in parsed:
            _load(document, document_report, user, language)
        if dry_run:
            transaction.set_rollback(True)
    return report
