"""Cursor pagination that stays correct while items are published.

A cursor holds the sort keys of the last item of a page (the sort date and id, with the
rank first when sorting by relevance); the next page is the items strictly after it in the same
order. Items published meanwhile land before the cursor (not seen in this walk) or after it
(seen once); no item that existed at the start is skipped or repeated, which page numbers
(OFFSET) cannot promise. The keys come from the queryset's own ordering, so every sort
order the FilterSet knows pages the same way.
"""

import base64
import binascii
import datetime
import json

from django.db.models import Q


class BadCursor(ValueError):
    pass


def order_keys(queryset):
    """[(field, descending)] of the queryset's ordering: [("sort_date", True), ("id", True)]."""
    keys = []
    for term in queryset.query.order_by:
        if not isinstance(term, str):
            raise TypeError(f"cannot page by {term!r}")
        keys.append((term.lstrip("-"), term.startswith("-")))
    return keys


def encode(sort, item, keys):
    values = [getattr(item, field) for field, _ in keys]
    values = [v.isoformat() if isinstance(v, datetime.datetime) else v for v in values]
    raw = json.dumps([sort, values], separators=(",", ":")).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def decode(cursor, sort, keys):
    """The sort key values in `cursor`; BadCursor when it is not one of ours for `sort`."""
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))
        cursor_sort, values = json.loads(raw)
    except (binascii.Error, ValueError, TypeError) as error:
        raise BadCursor("not a cursor from a `next` link") from error
    if cursor_sort != sort:
        raise BadCursor(f"this cursor pages the '{cursor_sort}' order, not '{sort}'")
    if not isinstance(values, list) or len(values) != len(keys):
        raise BadCursor("not a cursor from a `next` link")
    return [parse(field, value) for (field, _), value in zip(keys, values, strict=True)]


def parse(field, value):
    """A sort key as encode() wrote it: datetimes as ISO strings with their offset."""
    if isinstance(value, str):
        try:
            moment = datetime.datetime.fromisoformat(value)
        except ValueError:
            moment = None
        if moment is not None and moment.tzinfo is not None:
            return moment
    elif isinstance(value, int | float) and not isinstance(value, bool):
        if field != "id" or isinstance(value, int):
            return value
    raise BadCursor("not a cursor from a `next` link")


def after(keys, values):
    """Q for the rows strictly after `values` in the order `keys`.

    Written as a range on the first key, less the rows that tie on it and are not after on
    the rest (sort_date <= d AND NOT (sort_date = d AND id >= i)): the range is an index
    condition, so a deep page starts where the index says rather than at the newest item.
    """
    (field, descending), *rest = keys
    value, *rest_values = values
    if not rest:
        return Q(**{f"{field}__{'lt' if descending else 'gt'}": value})
    within = Q(**{f"{field}__{'lte' if descending else 'gte'}": value})
    return within & ~(Q(**{field: value}) & ~after(rest, rest_values))
