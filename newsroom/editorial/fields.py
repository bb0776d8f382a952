"""Which fields of a content model the editorial workflow handles, and how, read from the model.

A content model (EditorialContent: news items, publications) names in PROPOSED_FIELDS what
an Editor's change to a live item may carry; review, history, restore and the conflict page
handle those fields and its status. Whether each is a plain value, a foreign key, a
many-to-many relation or the tags comes from the model's _meta, so the workflow's modules
have one code path for every content model instead of a list of names each.
"""

from dataclasses import dataclass
from functools import cache

from django.utils.text import capfirst
from taggit.managers import TaggableManager

# Where a field's own name is too terse for an editor reading a list of changes.
LABELS = {"slug": "URL slug", "body": "Body text", "status": "Status"}


@dataclass(frozen=True)
class EditorialFields:
    proposed: tuple  # what a proposal carries, in the model's order
    labels: dict  # every handled field (the proposed ones and status), in display order
    foreign_keys: tuple
    many: tuple  # many-to-many relations but the tags
    related: dict  # field name → the model its ids point to
    scalars: tuple  # plain values

    def plain(self, name, value):
        """A form's or an item's value of field `name` as JSON data."""
        if name == "tags":
            return sorted(str(getattr(tag, "name", tag)) for tag in value or ())
        if name in self.many:
            return sorted(getattr(obj, "pk", obj) for obj in value or ())
        if name in self.foreign_keys:
            return getattr(value, "pk", value)
        return value


@cache
def editorial_fields(model):
    proposed = tuple(model.PROPOSED_FIELDS)
    names = list(proposed)
    names.insert(names.index("publish_at") if "publish_at" in names else len(names), "status")
    fields = {name: model._meta.get_field(name) for name in names}
    tags = {name for name, field in fields.items() if isinstance(field, TaggableManager)}
    if tags - {"tags"}:
        raise ValueError(f"{model.__name__}: the workflow knows the tags as `tags` only.")
    many = tuple(n for n, f in fields.items() if f.many_to_many and n not in tags)
    foreign_keys = tuple(n for n, f in fields.items() if f.many_to_one)
    return EditorialFields(
        proposed=proposed,
        labels={name: LABELS.get(name) or capfirst(fields[name].verbose_name) for name in names},
        foreign_keys=foreign_keys,
        many=many,
        related={name: fields[name].related_model for name in (*foreign_keys, *many)},
        scalars=tuple(n for n in names if n not in (*foreign_keys, *many, *tags)),
    )
