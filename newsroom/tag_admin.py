"""The admin of tags, in place of django-taggit's: who may rename, delete and merge them is the
request's EditorialPolicy's answer (a tag is every structure's, so a scoped Editor may not).

Merging is an action with a confirmation page, like deleting: the selected tags become one
(an existing tag or a new name), every item keeps one of it, the others are deleted.
"""

import taggit.admin  # noqa: F401 -- registers taggit's TagAdmin first, replaced below
from django import forms
from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Count
from django.template.response import TemplateResponse
from taggit.models import Tag, TaggedItem

from newsroom.editorial.policy import policy_for


class MergeForm(forms.Form):
    into = forms.CharField(
        label="Merge into",
        max_length=100,
        help_text="The name of the tag they become: one of them, another tag or a new one.",
    )

    def clean_into(self):
        name = " ".join(self.cleaned_data["into"].split())
        if not name:
            raise forms.ValidationError("Name the tag they become.")
        return name


def merge(tags, name):
    """Make `tags` one tag named `name` (found case-insensitively, else created); each item
    keeps one tag where it had several of them. Returns the tag."""
    with transaction.atomic():
        target = Tag.objects.filter(name__iexact=name).first() or Tag.objects.create(name=name)
        sources = [tag.pk for tag in tags if tag.pk != target.pk]
        seen = set(TaggedItem.objects.filter(tag=target).values_list("content_type", "object_id"))
        move, drop = [], []
        rows = TaggedItem.objects.filter(tag__in=sources).order_by("pk")
        for pk, *key in rows.values_list("pk", "content_type", "object_id"):
            (drop if tuple(key) in seen else move).append(pk)
            seen.add(tuple(key))
        TaggedItem.objects.filter(pk__in=move).update(tag=target)
        TaggedItem.objects.filter(pk__in=drop).delete()
        Tag.objects.filter(pk__in=sources).delete()
    return target


admin.site.unregister(Tag)


@admin.register(Tag)
class TagAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "uses"]
    ordering = ["name"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}
    actions = ["merge_tags"]
    show_full_result_count = False  # one COUNT a page, not two

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(uses=Count("taggit_taggeditem_items"))

    @admin.display(description="items", ordering="uses")
    def uses(self, tag):
        return tag.uses

    def has_add_permission(self, request):
        return policy_for(request).may("add", Tag)

    def has_change_permission(self, request, obj=None):
        return policy_for(request).may("change", Tag, obj)

    def has_delete_permission(self, request, obj=None):
        return policy_for(request).may("delete", Tag, obj)

    def has_merge_permission(self, request):
        return policy_for(request).can_merge_tags()

    @admin.action(description="Merge selected tags", permissions=["merge"])
    def merge_tags(self, request, queryset):
        if not self.has_merge_permission(request):  # the admin checks; a direct call too
            raise PermissionDenied("Tags are the whole organisation's: you may not merge them.")
        tags = list(queryset.order_by("name"))
        if len(tags) < 2:
            messages.warning(request, "Select two or more tags to merge.")
            return None
        form = MergeForm(request.POST if "apply" in request.POST else None)
        if form.is_valid():
            target = merge(tags, form.cleaned_data["into"])
            names = ", ".join(f"“{tag.name}”" for tag in tags if tag.pk != target.pk)
            messages.success(request, f"Merged {names} into “{target.name}”.")
            return None
        context = {
            **self.admin_site.each_context(request),
            "title": "Merge tags",
            "opts": self.model._meta,
            "tags": tags,
            "form": form,
            "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
        }
        return TemplateResponse(request, "admin/taggit/tag/merge.html", context)
