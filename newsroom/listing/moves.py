"""A list's remembered count, page keys and facet counts, brought up to date after moves.

A move (osce_site/caching.py: Move) is an item published or unpublished with nothing else
that lists read changed (newsroom/listing/membership.py). Instead of recounting the archive,
what a list remembered follows it, at the cost of a few queries by key:

- the item counts in a list, or in a facet's options, if it matches the list's filters (or
  the filters but the facet's own) among the *candidates*: the items the list would hold
  were they all published (FilteredListView.candidates()); it matches the same way before
  and after a move, which changes only whether it is published;
- whether it is published now is read from the database (the published() rule); whether
  it was when the remembered value was computed is what the value has already accounted
  for (`known`), else what the move's record says it was before;
- so each count changes by (published now - published then) for each matching item: a
  move seen twice, or one whose transaction was rolled back, changes nothing;
- page keys cannot be shifted by a count: a matching item's move recomputes them (one
  indexed query, or a ranking for a search); others leave them as they were.
"""

from django.utils.functional import cached_property


class ListMoves:
    """The `moves` followers (caching.remember) of one list page's remembered values."""

    def __init__(self, view):
        self.view = view
        self._answers = {}

    @cached_property
    def filterset(self):
        """The page's filters applied to the candidates (published or not)."""
        view = self.view
        kwargs = view.get_filterset_kwargs(view.filterset_class)
        kwargs["queryset"] = view.candidates()
        filterset = view.filterset_class(**kwargs)
        filterset.cleaned  # noqa: B018 (validates: bad values are ignored, as on the page)
        return filterset

    @property
    def label(self):
        return self.filterset.queryset.model._meta.label_lower

    def changes(self, moves, known):
        """({pk: published now - published then} of this list's moved items, known after)."""
        label = self.label
        then = {}
        for move in moves:
            if move.label == label:
                then.setdefault(move.pk, known.get((label, move.pk), move.listed_before))
        if not then:
            return {}, known
        now = self.published(tuple(sorted(then)))
        known = {**known, **{(label, pk): pk in now for pk in then}}
        return {pk: (pk in now) - was for pk, was in then.items() if (pk in now) != was}, known

    def published(self, pks):
        return self._ask(("published", pks), lambda: set(self._published(pks)))

    def _published(self, pks):
        model = self.filterset.queryset.model
        return model._default_manager.published().filter(pk__in=pks).values_list("pk", flat=True)

    def matching(self, pks):
        """The `pks` that the list's filters match among its candidates."""
        return self._ask(
            ("matching", pks),
            lambda: set(self.filterset.filtered().filter(pk__in=pks).values_list("pk", flat=True)),
        )

    def options(self, param, pks):
        """(slug, label, count): the options of facet `param` that the items `pks` count in,
        and how many of them count in each (one grouped query, however many items)."""
        facet_filter = self.filterset.relation_filters[param]
        items = self.filterset.filtered(exclude=param).filter(pk__in=pks).order_by()
        return facet_filter.option_counts(items)

    def _ask(self, question, answer):
        """One query per question per request: count, page keys and facets ask alike."""
        if question not in self._answers:
            self._answers[question] = answer()
        return self._answers[question]

    # The followers ---------------------------------------------------------------------

    def count(self, moves, value, known):
        changes, known = self.changes(moves, known)
        matching = self.matching(tuple(sorted(changes))) if changes else set()
        return value + sum(change for pk, change in changes.items() if pk in matching), known

    def page_keys(self, moves, value, known):
        changes, known = self.changes(moves, known)
        if changes and self.matching(tuple(sorted(changes))):
            return None
        return value, known

    def facet_counts(self, moves, value, known):
        """`value`: {param: {slug: (label, count)}} (facets.count_options())."""
        changes, known = self.changes(moves, known)
        if not changes:
            return value, known
        counted = {param: dict(options) for param, options in value.items()}
        entered = tuple(sorted(pk for pk, change in changes.items() if change > 0))
        left = tuple(sorted(pk for pk, change in changes.items() if change < 0))
        for param, options in counted.items():
            for sign, pks in ((1, entered), (-1, left)):
                for slug, label, count in self.options(param, pks) if pks else ():
                    total = options.get(slug, (label, 0))[1] + sign * count
                    if total > 0:
                        options[slug] = (label, total)
                    else:
                        options.pop(slug, None)
        return counted, known
