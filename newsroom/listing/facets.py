"""Facet counts: how many items each option would yield, given the OTHER active filters.

One grouped query per facet (never one per option), so the newsroom's query count stays
constant however many options, items or filters there are.
"""

from dataclasses import dataclass, field

from django.http import QueryDict

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


def count_options(filterset):
    """{param: {slug: (label, count)}}: what each facet's options count, given every active
    filter but the facet's own (what is remembered, and followed after moves)."""
    filterset.cleaned  # noqa: B018 (validates the filters once: bad values become notes)
    return {
        param: {
            slug: (label, count)
            for slug, label, count in facet_filter.option_counts(
                filterset.filtered(exclude=param).order_by()
            )
        }
        for param, facet_filter in filterset.relation_filters.items()
    }


def facet_counts(filterset, counted=None):
    """Every facet's options with counts; options with zero hidden unless selected.

    The facets are the FilterSet's relation filters: each counts its own options, given
    every active filter but its own (`counted`: count_options(), computed if not given).
    """
    counted = count_options(filterset) if counted is None else counted
    facets = []
    cleaned = filterset.cleaned
    for param, facet_filter in filterset.relation_filters.items():
        selected = {obj.slug: obj for obj in cleaned.get(param) or []}
        options = {
            slug: Option(slug, label, count, slug in selected)
            for slug, (label, count) in counted[param].items()
        }
        for slug, obj in selected.items():
            options.setdefault(slug, Option(slug, str(obj), 0, True))
        ordered = sorted(options.values(), key=lambda o: (not o.selected, -o.count, o.name))
        facets.append(Facet(param, facet_filter.label, ordered))
    return facets


def query_without(pairs, param, value):
    """The query string of `pairs` without one (param, value): a chip's link."""
    query = QueryDict(mutable=True)
    for name, val in pairs:
        if (name, val) != (param, value):
            query.appendlist(name, val)
    return query.urlencode()
