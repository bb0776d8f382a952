"""Facet counts: how many items each option would yield, given the OTHER active filters.

One grouped query per facet (never one per option), so the newsroom's query count stays
constant however many options, items or filters there are.
"""

from dataclasses import dataclass, field

from django.db.models import Count
from django.http import QueryDict

from newsroom.listing.filters import link_rows
from structures.naming import structure_label

VISIBLE_OPTIONS = 10  # per facet; the rest go behind "Show more"


@dataclass
class Option:
    slug: str
    name: str
    count: int
    selected: bool


@dataclass
class Facet:
    param: str
    legend: str
    options: list = field(default_factory=list)

    @property
    def shown(self):
        return self.options[:VISIBLE_OPTIONS]

    @property
    def more(self):
        return self.options[VISIBLE_OPTIONS:]


# (parameter, legend, relation on NewsItem, extra value needed for the option's label)
FACETS = [
    ("type", "Content type", "news_type", None),
    ("field", "What we do", "fields_of_work", None),
    ("structure", "Where we are", "structures", "closed"),
    ("country", "Country", "countries", None),
    ("tag", "Tag", "tags", None),
]


def option_name(row, relation, extra):
    name = row[f"{relation}__name"]
    if extra == "closed" and row[f"{relation}__closed"]:
        return structure_label(name, closed=True)
    return name


def facet_counts(filterset):
    """Every facet's options with counts; options with zero hidden unless selected."""
    facets = []
    cleaned = filterset.cleaned
    for param, legend, relation, extra in FACETS:
        items = filterset.filtered(exclude=param).order_by()
        if relation == "news_type":
            rows, counted, option = items, "pk", relation
        else:
            # Count on the link table: each (item, option) pair is there once.
            links, counted, option = link_rows(relation)
            rows = links.filter(**{f"{counted}__in": items.values("pk")})
        columns = [f"{option}__slug", f"{option}__name"]
        if extra:
            columns.append(f"{option}__{extra}")
        rows = rows.values(*columns).annotate(count=Count(counted))
        selected = {obj.slug: obj for obj in cleaned.get(param) or []}
        options = {}
        for row in rows:
            slug = row[f"{option}__slug"]
            if slug is None:  # items without a content type
                continue
            options[slug] = Option(
                slug, option_name(row, option, extra), row["count"], slug in selected
            )
        for slug, obj in selected.items():
            options.setdefault(slug, Option(slug, str(obj), 0, True))
        ordered = sorted(options.values(), key=lambda o: (not o.selected, -o.count, o.name))
        facets.append(Facet(param, legend, ordered))
    return facets


def query_without(pairs, param, value):
    """The query string of `pairs` without one (param, value): a chip's link."""
    query = QueryDict(mutable=True)
    for name, val in pairs:
        if (name, val) != (param, value):
            query.appendlist(name, val)
    return query.urlencode()
