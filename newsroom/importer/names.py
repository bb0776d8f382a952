"""The records one document's load can name, by folded name and alias.

Loaded once per document, inside its transaction, so that linking thousands of news items
asks the database nothing per name. Names compare by structures.naming; countries and field
operations named in running text are found by one whole-word pattern each.
"""

import functools
import re

from newsroom.importer import reference
from newsroom.models import NewsType
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
from structures.naming import fold, structure_key


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
        self.countries = {fold(c.name): c for c in Country.objects.all()}  # names and aliases
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

    def country(self, name):
        return self.countries.get(fold(name))

    def structure(self, name):
        """The structure `name` names, with or without 'OSCE' and '(closed)', or an alias."""
        return self.structures.get(structure_key(name))

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
            names[fold(alias.name, keep_case=True)] = self.countries[fold(alias.name)]
        for canonical, aliases in reference.COUNTRY_ALIASES.items():
            if country := self.country(canonical):
                for alias in aliases:
                    names.setdefault(fold(alias, keep_case=True), country)
        return _whole_words(names)

    @functools.cached_property
    def operation_pattern(self):
        names = {
            fold(s.name, keep_case=True): s
            for s in self.structures.values()
            if s.kind == Structure.Kind.FIELD_OPERATION and s.host_country_id
        }
        return _whole_words(names)


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
