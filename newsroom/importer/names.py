"""The records one document's load can name, by folded name, alias and name variant.

Loaded once per document, inside its transaction, so that linking thousands of news items
asks the database nothing per name. Names compare by structures.naming; other names (old
official names, long forms, spellings without diacritics) resolve through the
NameVariant rows editors keep. Countries and field operations named in running text are
found by one whole-word pattern each.
"""

import functools
import re

from taggit.models import Tag

from newsroom.importer.models import Tombstone
from newsroom.models import NewsType
from structures.models import (
    Chairpersonship,
    Country,
    CountryAlias,
    FieldOfWork,
    MeetingSeries,
    NameVariant,
    Position,
    Structure,
    StructureAlias,
)
from structures.naming import country_key, fold, structure_key

Of = NameVariant.Of
# How the names of each kind compare.
KEYS = {
    Of.COUNTRY: country_key,
    Of.STRUCTURE: structure_key,
    Of.FIELD_OF_WORK: fold,
    Of.MEETING_SERIES: fold,
    Of.PLACE: fold,
}
# 'Republic of Moldova', 'Kingdom of the Netherlands': a long form of a known short name.
LONG_FORM = re.compile(
    r"^(?:the\s+)?(?:(?:federal\s+|islamic\s+|kyrgyz\s+|swiss\s+)?(?:republic|kingdom"
    r"|principality|grand\s+duchy|confederation|state)\s+of\s+)(?P<name>.+)$",
    re.IGNORECASE,
)


class Names:
    def __init__(self):
        self.structures = {}  # by structure_key of each name and alias
        for structure in Structure.objects.all():
            self.structures[structure_key(structure.name)] = structure
        by_id = {s.pk: s for s in self.structures.values()}
        self.structure_aliases = {}
        for alias in StructureAlias.objects.all():
            self.structure_aliases[structure_key(alias.name)] = alias
            self.structures.setdefault(structure_key(alias.name), by_id[alias.structure_id])
        self.countries = {country_key(c.name): c for c in Country.objects.all()}  # and aliases
        by_id = {c.pk: c for c in self.countries.values()}
        self.country_aliases = {}
        for alias in CountryAlias.objects.all():
            self.country_aliases[country_key(alias.name)] = alias
            self.countries.setdefault(country_key(alias.name), by_id[alias.country_id])
        self.fields = {fold(f.name): f for f in FieldOfWork.objects.all()}
        self.types = {fold(t.name): t for t in NewsType.objects.all()}
        self.series = {fold(s.name): s for s in MeetingSeries.objects.all()}
        self.positions = {p.title: p for p in Position.objects.all()}
        self.chairs = {c.year: c for c in Chairpersonship.objects.all()}
        self.slugs = {}

    # Read when first needed: a re-import of unchanged documents needs neither.

    @functools.cached_property
    def variants(self):
        """(of, key) -> current name, and (of, key of a current name) -> its other names."""
        current, others = {}, {}
        for variant in NameVariant.objects.all():
            key = KEYS[variant.of]
            current[variant.of, key(variant.name)] = variant.current
            others.setdefault((variant.of, key(variant.current)), []).append(variant.name)
        return current, others

    @functools.cached_property
    def tombstones(self):
        return set(Tombstone.objects.values_list("of", "key"))

    @functools.cached_property
    def tags(self):
        """Tags by the folded name of each place they stand for ('Prishtinë/Priština' stands
        for 'Prishtinë' and 'Priština' too)."""
        tags = {}
        for tag in Tag.objects.all():
            _file_tag(tags, tag)
        return tags

    def tag_added(self, tag):
        _file_tag(self.tags, tag)

    def current(self, of, name):
        """The name in use today for `name` (a NameVariant), else `name` itself."""
        return self.variants[0].get((of, KEYS[of](name)), name)

    def other_names(self, of, name):
        """The variants of the current `name`."""
        return self.variants[1].get((of, KEYS[of](name)), [])

    def deleted(self, of, key):
        """Whether an editor deleted the record with this import key (a Tombstone)."""
        return (of, key) in self.tombstones

    def country(self, name):
        """The country `name` names: its name, an alias, a variant or a long form."""
        for candidate in (name, self.current(Of.COUNTRY, name)):
            if found := self.countries.get(country_key(candidate)):
                return found
            if (m := LONG_FORM.match(candidate)) and (found := self.country(m["name"])):
                return found
        return None

    def structure(self, name):
        """The structure `name` names, with or without 'OSCE' and '(closed)', an alias or a
        variant."""
        return self.structures.get(structure_key(name)) or self.structures.get(
            structure_key(self.current(Of.STRUCTURE, name))
        )

    def taken_slugs(self, model):
        if model not in self.slugs:
            self.slugs[model] = set(model._default_manager.values_list("slug", flat=True))
        return self.slugs[model]

    # Names in running text ---------------------------------------------------------------

    def countries_in(self, text):
        return _matches(self.country_pattern, text)

    def operations_in(self, text):
        return _matches(self.operation_pattern, text)

    def country_added(self):
        self.__dict__.pop("country_pattern", None)  # built again when next needed

    def structure_added(self):
        self.__dict__.pop("operation_pattern", None)

    @functools.cached_property
    def country_pattern(self):
        names = {}
        for country in self.countries.values():
            names[fold(country.name, keep_case=True)] = country
        for alias in self.country_aliases.values():
            names[fold(alias.name, keep_case=True)] = self.countries[country_key(alias.name)]
        for (of, _), current in self.variants[0].items():
            if of == Of.COUNTRY and (country := self.country(current)):
                for name in self.other_names(of, current):
                    names.setdefault(fold(name, keep_case=True), country)
        return _whole_words(names)

    @functools.cached_property
    def operation_pattern(self):
        names = {
            fold(s.name, keep_case=True): s
            for s in self.structures.values()
            if s.kind == Structure.Kind.FIELD_OPERATION and s.host_country_id
        }
        return _whole_words(names)


def _file_tag(tags, tag):
    for key in (tag.name, *tag.name.split("/")):
        tags.setdefault(fold(key), tag)


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
