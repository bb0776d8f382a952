"""What changed between two states of an item (news item, publication), field by field, in
words an editor reads.

A state is a mapping of field name to plain data (relations as ids, tags as names): what an
item holds now (fields_of), what a saved version held (fields_of_version) or what a
proposal asks for (newsroom/editorial/review.py). History, review and the conflict page all
show changes() of two states; a field that did not change is not shown.
"""

import re
from dataclasses import dataclass
from datetime import datetime
from difflib import SequenceMatcher

from django.contrib.contenttypes.models import ContentType
from django.utils.html import escape, strip_tags
from django.utils.safestring import SafeString, mark_safe
from taggit.models import Tag, TaggedItem

from newsroom.editorial.fields import editorial_fields
from newsroom.editorial.workflow import vienna_time


@dataclass
class Change:
    name: str
    label: str
    before: str
    after: str

    @property
    def words(self) -> SafeString:
        """The two texts as one, deleted words in <del>, added ones in <ins>."""
        old, new = _words(self.before), _words(self.after)
        parts = []
        for op, i1, i2, j1, j2 in SequenceMatcher(None, old, new, autojunk=False).get_opcodes():
            if op in ("delete", "replace"):
                parts.append(f"<del>{escape(''.join(old[i1:i2]))}</del>")
            if op in ("insert", "replace"):
                parts.append(f"<ins>{escape(''.join(new[j1:j2]))}</ins>")
            if op == "equal":
                parts.append(escape("".join(old[i1:i2])))
        return mark_safe("".join(parts))  # every part is escaped above


def _words(text):
    return re.split(r"(\s+)", text)


def fields_of(item):
    """The item as it is stored."""
    spec = editorial_fields(type(item))
    data = {name: getattr(item, name) for name in spec.scalars}
    for name in spec.foreign_keys:
        data[name] = getattr(item, f"{name}_id")
    for name in spec.many:
        data[name] = sorted(getattr(item, name).values_list("pk", flat=True))
    data["tags"] = sorted(item.tags.names())
    return data


def fields_of_version(version):
    """The item as a django-reversion Version of it holds it (tags from the same revision)."""
    spec = editorial_fields(version.content_type.model_class())
    stored = version.field_dict
    data = {name: stored.get(name) for name in spec.scalars}
    for name in spec.foreign_keys:
        data[name] = stored.get(f"{name}_id")
    for name in spec.many:
        data[name] = sorted(int(pk) for pk in stored.get(name) or ())
    tag_ids = tag_ids_of_version(version)
    data["tags"] = sorted(Tag.objects.filter(pk__in=tag_ids).values_list("name", flat=True))
    return data


def tag_ids_of_version(version):
    """The ids of the tags a version's item had (its revision holds their TaggedItem rows)."""
    tagged = version.revision.version_set.filter(
        content_type=ContentType.objects.get_for_model(TaggedItem)
    )
    return {v.field_dict["tag_id"] for v in tagged}


def lost_tags(version):
    """Whether tags the version's item had are gone since (merged or deleted): reverting the
    whole revision would write tagged rows for tags that no longer exist."""
    ids = tag_ids_of_version(version)
    return Tag.objects.filter(pk__in=ids).count() < len(ids)


def changes(before, after, model):
    """The fields of `model` whose values differ, with readable before and after texts."""
    spec = editorial_fields(model)
    names = [n for n in spec.labels if n in before and n in after and before[n] != after[n]]
    old, new = readable(spec, before, names), readable(spec, after, names)
    return [Change(name, spec.labels[name], old[name], new[name]) for name in names]


def readable(spec, data, names):
    """Each named field as text: names for ids, plain text for HTML (one query a relation)."""
    shown = {}
    for name in names:
        value = data[name]
        if name in spec.related:
            ids = value if name in spec.many else [value] if value else []
            found = spec.related[name].objects.in_bulk(ids)
            value = ", ".join(str(found[pk]) for pk in ids if pk in found)
        elif name == "tags":
            value = ", ".join(value)
        elif isinstance(value, datetime):
            value = vienna_time(value)
        elif name == "body":
            value = strip_tags(re.sub(r"</(p|h\d|li|blockquote)>", "\n", value or "")).strip()
        shown[name] = "" if value is None else str(value)
    return shown
