"""Who may do what with news items and publications: the one answer the admin, the preview and
the dashboard ask.

A policy answers for one content model (news items unless told; publications for the
publications admin). Django's model permissions say what a role may do at all: the Editor
group writes, the Publisher group also holds the model's publish permission
(`newsroom.publish_newsitem`, `publications.publish_publication`), and only that lets a user
change an item's status or publish time (publish, unpublish, schedule). An EditorScope
narrows a user to the items of chosen structures; everyone else (superusers, users without a
scope) reaches all items. Hidden or read-only fields are not a check: every hook that can
change an item asks this policy, so a hand-made POST meets the same refusals as the form.

The same scope governs the other records editors keep (may()): a scoped Editor changes the
structures in their scope and nothing the whole organisation shares (fields of work, tags,
countries), which they still see; structures/admin.py and the tag admin ask it.
"""

import weakref
from datetime import datetime
from functools import cached_property
from typing import NamedTuple

from django.contrib.auth import get_permission_codename
from django.db.models import Model
from taggit.models import Tag

from newsroom.models import EditorScope, NewsItem
from structures.models import Structure

PUBLICATION_FIELDS = ("status", "publish_at")


class Publication(NamedTuple):
    """What decides whether and when an item is public."""

    status: str
    publish_at: datetime | None

    @classmethod
    def of(cls, item):
        """From an item or from its fields as a mapping (a version's, a values() row)."""
        if isinstance(item, Model):
            return cls(item.status, item.publish_at)
        return cls(item.get("status"), item.get("publish_at"))


class EditorialPolicy:
    """One user's rights over the items of a content model (news items unless told); make it
    once a request with policy_for()."""

    def __init__(self, user, model=NewsItem):
        self.user = user
        self.model = model

    def _has(self, action):
        opts = self.model._meta
        return self.user.has_perm(f"{opts.app_label}.{action}_{opts.model_name}")

    # What the roles allow.

    def can_publish(self):
        """Publish, unpublish, schedule: set an item's status or publish time."""
        return self._has("publish")

    def can_add(self):
        return self._has("add")

    def can_view(self, item=None):
        return (self._has("view") or self._has("change")) and self.reaches(item)

    def can_change(self, item=None):
        return self._has("change") and self.reaches(item)

    def can_delete(self, item=None):
        """Deleting what the public has seen (its URL answers 410 after) is for Publishers."""
        if item is not None and item.pk is not None and item.is_live and not self.can_publish():
            return False
        return self._has("delete") and self.reaches(item)

    # The workflow: review, live edits, withdrawal, corrections.

    def can_submit(self, item):
        """Ask a Publisher to review a draft (a live item's changes are submitted by saving)."""
        return item.pk is not None and not item.is_live and self.can_change(item)

    def can_review(self, item=None):
        """Approve or send back what an Editor submitted."""
        return self.can_publish() and self.reaches(item)

    def saves_directly(self, item):
        """Whether a save of item changes it, or (an Editor's edit of a live item) becomes a
        proposal the public does not see until a Publisher approves it."""
        return item is None or item.pk is None or not item.is_live or self.can_publish()

    def can_withdraw(self, item):
        return item.status == item.Status.PUBLISHED and self.can_review(item)

    def can_correct(self, item):
        return item.is_live and self.can_review(item)

    def can_preview(self):
        """See items that are not public (yet) on the public layout."""
        return self.user.is_active and self.user.is_staff and self.can_view()

    def readonly_fields(self, item=None):
        """The publication is a Publisher's to set. An Editor's change to a live item is a
        proposal (saves_directly), and may propose another publish time for it."""
        if self.can_publish():
            return ()
        if item is not None and not self.saves_directly(item):
            return ("status",)
        return PUBLICATION_FIELDS

    def may_change_publication(self, before, after):
        """Whether a save may turn the publication `before` (None: a new item) into `after`.

        Without the publish permission a new item is a draft, and an existing one keeps its
        status, and its publish time while it is published.
        """
        if self.can_publish():
            return True
        draft = self.model.Status.DRAFT
        if before is None:
            return after.status == draft
        if after.status != before.status:
            return False
        return after.status == draft or after.publish_at == before.publish_at

    # Where the user works.

    @cached_property
    def scope_ids(self):
        """None when the user reaches all items; otherwise the ids of their structures."""
        if not self.user.is_authenticated or self.user.is_superuser:
            return None
        scope = EditorScope.objects.filter(user=self.user).first()
        return None if scope is None else frozenset(scope.structures.values_list("pk", flat=True))

    @property
    def is_scoped(self):
        return self.scope_ids is not None

    def limit(self, queryset):
        """The items of queryset the user reaches."""
        if not self.is_scoped:
            return queryset
        reached = queryset.model.objects.filter(structures__in=self.scope_ids).values("pk")
        return queryset.filter(pk__in=reached)

    def reaches(self, item):
        if item is None or item.pk is None or not self.is_scoped:
            return True
        return item.structures.filter(pk__in=self.scope_ids).exists()

    def keeps_reach(self, structures):
        """Whether an item with these structures stays within the user's reach."""
        return not self.is_scoped or bool({s.pk for s in structures} & self.scope_ids)

    # The records beside news items: structures, fields of work, countries, tags.

    def may(self, action, model, record=None):
        """Whether the user may `action` ("add", "change", "delete") `record`, or records of
        `model` at all when it is None: the role's model permission, narrowed by the scope.

        A scoped Editor changes only the structures in their scope (not add or delete
        any), and nothing organisation-wide: a field-of-work page, a country or a tag is
        every structure's, so it stays theirs to see and to use, not to rewrite or merge.
        """
        opts = model._meta
        if not self.user.has_perm(f"{opts.app_label}.{get_permission_codename(action, opts)}"):
            return False
        if not self.is_scoped:
            return True
        if issubclass(model, Structure) and action == "change":
            return record is None or record.pk in self.scope_ids
        return False

    def can_merge_tags(self):
        """Merging rewrites the tags of every item that carries them: organisation-wide."""
        return self.may("change", Tag)


# One policy per live request and content model, so the admin's many hooks read the scope
# once. The request is only the key: nothing is stored on it, and an entry goes when its
# request does.
_policies = weakref.WeakKeyDictionary()


def policy_for(request, model=NewsItem):
    """The policy of request's user over `model`'s items, made on the request's first question."""
    policies = _policies.setdefault(request, {})
    policy = policies.get(model)
    if policy is None or policy.user is not request.user:  # e.g. the user signed in since
        policy = policies[model] = EditorialPolicy(request.user, model)
    return policy
