"""The admin of a content model the editorial workflow runs: news items and publications.

EditorialAdmin is the ModelAdmin base both NewsItemAdmin and PublicationAdmin build on, so
that one implementation gives both the workflow of issue 17: drafts, review (submit,
approve, send back), an Editor's change to a live item held as a proposal, edit locking,
preview, withdrawal and corrections, history with compare and restore, and the scope of a
scoped Editor. It works on `self.model`; the pages it mounts (newsroom/editorial/views.py)
take the model from it. Its subclass adds what is the model's own (list columns,
fieldsets, inlines, and `removed_model`, which keeps the URLs of deleted live items).

Every answer about rights comes from the request's EditorialPolicy over `self.model`
(newsroom/editorial/policy.py).
"""

from django.contrib import admin, messages
from django.contrib.admin.templatetags.admin_urls import admin_urlname
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import path, reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html
from reversion import add_to_revision, create_revision, set_comment, set_user
from reversion.admin import VersionAdmin
from reversion.models import Version

from newsroom.editorial import diff, locking, review, workflow
from newsroom.editorial.checks import content_checks_html
from newsroom.editorial.fields import editorial_fields
from newsroom.editorial.policy import PUBLICATION_FIELDS, Publication, policy_for
from newsroom.editorial.views import CompareView, CorrectView, ReviewView, WithdrawView
from newsroom.preview import preview_url


class PublicationFilter(admin.SimpleListFilter):
    title = "publication"
    parameter_name = "publication"

    def lookups(self, request, model_admin):
        return [
            ("draft", "Draft"),
            ("scheduled", "Scheduled"),
            ("public", "Published (public now)"),
        ]

    def queryset(self, request, queryset):
        match self.value():
            case "draft":
                return queryset.drafts()
            case "scheduled":
                return queryset.scheduled()
            case "public":
                return queryset.published()
        return queryset


class ReviewFilter(admin.SimpleListFilter):
    title = "review"
    parameter_name = "review"

    def lookups(self, request, model_admin):
        return [("pending", "Waiting for review"), ("sent_back", "Sent back")]

    def queryset(self, request, queryset):
        match self.value():
            case "pending":
                return review.waiting(queryset)
            case "sent_back":
                return review.sent_back(queryset)
        return queryset


def keep_baseline_versions(items):
    """Items imported or generated in bulk have no version yet: keep their state as the first.

    Without it, the first admin edit would be the oldest version, and the imported text
    could never be restored.
    """
    missing = [item for item in items if not Version.objects.get_for_object(item).exists()]
    if not missing:
        return
    with create_revision(manage_manually=True):
        set_comment("As it was before its first change in the admin (imported or generated).")
        for item in missing:
            add_to_revision(item)


def status_badge_parts(item):
    if item.status == item.Status.DRAFT:
        return "draft", "Draft"
    if item.is_withdrawn:
        return "withdrawn", "Withdrawn"
    if item.is_scheduled:
        when = date_format(timezone.localtime(item.publish_at), "j M Y, H:i")
        return "scheduled", f"Scheduled for {when}"
    return "published", "Published"


class EditorialAdmin(VersionAdmin):
    removed_model = None  # the RemovedRecord keeping the URLs of deleted live items
    # The pages of editorial acts on one item, mounted as <item>/<name>/.
    acts = [("withdraw", WithdrawView), ("correct", CorrectView), ("review", ReviewView)]
    actions = ["publish_now", "unpublish"]
    history_latest_first = True
    object_history_template = "admin/editorial/object_history.html"
    show_full_result_count = False  # one COUNT a page, not two

    def policy(self, request):
        return policy_for(request, self.model)

    def url_name(self, view):
        """The name of the admin URL `view` of the model, without the namespace."""
        return admin_urlname(self.model._meta, view).removeprefix("admin:")

    def get_urls(self):
        return [
            *(
                path(
                    f"<path:object_id>/{name}/",
                    self.admin_site.admin_view(act.as_view(model_admin=self)),
                    name=self.url_name(name),
                )
                for name, act in self.acts
            ),
            path(
                "<path:object_id>/history/<int:version_id>/compare/",
                self.admin_site.admin_view(CompareView.as_view(model_admin=self)),
                name=self.url_name("compare"),
            ),
            *super().get_urls(),
        ]

    # Display.

    @admin.display(description="status", ordering="status")
    def status_badge(self, item):
        kind, label = status_badge_parts(item)
        return format_html('<span class="status-badge status-badge--{}">{}</span>', kind, label)

    @admin.display(description="preview")
    def preview(self, item):
        if item.pk is None:
            return "Save the item first (“Save and preview”)."
        return format_html('<a href="{}">Preview on the site</a>', preview_url(item))

    @admin.display(description="content checks")
    def content_checks(self, item):
        return content_checks_html(item.body)

    def view_on_site(self, item):
        return item.get_absolute_url() if item.is_public else preview_url(item)

    # Permissions: every answer comes from the request's EditorialPolicy.

    def has_publish_permission(self, request):
        return self.policy(request).can_publish()

    def has_add_permission(self, request):
        return self.policy(request).can_add()

    def has_view_permission(self, request, obj=None):
        return self.policy(request).can_view(obj)

    def has_change_permission(self, request, obj=None):
        return self.policy(request).can_change(obj)

    def has_delete_permission(self, request, obj=None):
        return self.policy(request).can_delete(obj)

    def get_queryset(self, request):
        items = super().get_queryset(request).prefetch_related("structures")
        return self.policy(request).limit(items)

    def get_object(self, request, object_id, from_field=None):
        item = super().get_object(request, object_id, from_field)
        if item is None and self.policy(request).is_scoped:
            try:
                exists = self.model.objects.filter(pk=object_id).exists()
            except (ValueError, ValidationError):
                exists = False
            if exists:  # someone else's item: refuse rather than pretend it is gone
                raise PermissionDenied
        return item

    def get_readonly_fields(self, request, obj=None):
        policy = self.policy(request)
        return [*super().get_readonly_fields(request, obj), *policy.readonly_fields(obj)]

    def get_fieldsets(self, request, obj=None):
        if self.policy(request).can_publish():
            return super().get_fieldsets(request, obj)
        return [
            (name, {**options, "fields": [f for f in options["fields"] if f != "backdate"]})
            for name, options in super().get_fieldsets(request, obj)
        ]

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change=change, **kwargs)
        form.policy = self.policy(request)
        if obj is not None and not form.policy.saves_directly(obj):
            pending = review.pending(obj)  # the Editor goes on from the proposal under review
            form.proposal = pending.proposal if pending else None
        return form

    # Saving.

    def stored_fields(self, pk):
        """What an item's publication and version are in the database, before a save."""
        return self.model.objects.filter(pk=pk).values(*PUBLICATION_FIELDS, "version").first()

    def add_view(self, request, form_url="", extra_context=None):
        context = {**self.workflow_context(request, None), **(extra_context or {})}
        return super().add_view(request, form_url, context)

    def change_view(self, request, object_id, form_url="", extra_context=None):
        item = self.get_object(request, unquote(object_id))
        if request.method == "POST" and item:
            if locking.is_stale(request.POST, item):
                return locking.conflict_response(self, request, item)
            if not self.policy(request).saves_directly(item) and (
                response := self.propose(request, item)
            ):
                return response
            keep_baseline_versions([item])
        context = {**self.workflow_context(request, item), **(extra_context or {})}
        try:
            return super().change_view(request, object_id, form_url, context)
        except locking.EditConflict:  # saved by someone else between the check and the save
            return locking.conflict_response(self, request, self.get_object(request, object_id))

    def propose(self, request, item):
        """An Editor's valid change to a live item waits for review as a proposal; the live
        item is not touched. None when the form has errors: the admin shows them."""
        form = self.get_form(request, item, change=True)(request.POST, request.FILES, instance=item)
        if not form.is_valid():
            return None
        proposal = review.proposal_from(self.model, form.cleaned_data)
        item.refresh_from_db()  # the form wrote its values onto item: the live one is reviewed
        if self.is_restore(request):  # a restore brings back text, not the publish time
            proposal.pop("publish_at", None)
        review.submit(item, request.user, proposal)
        messages.success(
            request,
            f"Your change to “{item}” is waiting for a Publisher's review. The public page "
            "shows the published version until the change is approved.",
        )
        return HttpResponseRedirect(request.path)

    def workflow_context(self, request, item):
        """What the change form offers besides saving (templates/admin/editorial/)."""
        policy = self.policy(request)
        reviews = (
            list(item.reviews.select_related("submitted_by", "decided_by")[:1]) if item else []
        )
        return {
            "can_publish": policy.can_publish(),
            "can_withdraw": item is not None and policy.can_withdraw(item),
            "can_correct": item is not None and policy.can_correct(item),
            "can_submit": item is not None and policy.can_submit(item),
            "proposes": item is not None and not policy.saves_directly(item),
            "last_review": reviews[0] if reviews else None,
        }

    def save_model(self, request, obj, form, change):
        before = self.stored_fields(obj.pk) if change else None
        publication = Publication.of(before) if before else None
        if not self.policy(request).may_change_publication(publication, Publication.of(obj)):
            raise PermissionDenied
        if not change:
            obj.created_by = request.user
        elif not self.is_restore(request):
            obj.version = locking.claim(self.model, obj.pk, before["version"])
        super().save_model(request, obj, form, change)
        for warning in form.editorial_warnings():
            messages.warning(request, warning)
        if (publication is None or Publication.of(obj) != publication) and (
            message := workflow.publication_message(obj)
        ):
            messages.info(request, message)

    def construct_change_message(self, request, form, formsets, add=False):
        """Name only the fields whose stored value changed: a body the cleaner rewrites the
        same way, or an unchanged date sent again, is not a change."""
        if add or not form.instance.pk:
            return super().construct_change_message(request, form, formsets, add)
        before = {**diff.fields_of(form.instance), **self.initial_fields(form)}
        changed = diff.changes(before, diff.fields_of(form.instance), self.model)
        labels = [str(change.label) for change in changed]  # stored as JSON
        return [{"changed": {"fields": labels}}] if changed else []

    def initial_fields(self, form):
        """The item as the form was opened, in diff.fields_of()'s terms."""
        spec = editorial_fields(self.model)
        initial = {name: form.initial.get(name) for name in spec.labels if name in form.initial}
        for name in (*spec.foreign_keys, *spec.many, "tags"):
            if name in initial:
                initial[name] = spec.plain(name, initial[name])
        return initial

    def delete_model(self, request, obj):
        workflow.remember_removed([obj], self.removed_model)
        super().delete_model(request, obj)

    def delete_queryset(self, request, queryset):
        if not all(self.policy(request).can_delete(item) for item in queryset):
            raise PermissionDenied
        workflow.remember_removed(queryset, self.removed_model)
        super().delete_queryset(request, queryset)

    def response_add(self, request, obj, post_url_continue=None):
        self.submit_if_asked(request, obj)
        response = super().response_add(request, obj, post_url_continue)
        return self.preview_after_save(request, obj, response)

    def response_change(self, request, obj):
        self.submit_if_asked(request, obj)
        return self.preview_after_save(request, obj, super().response_change(request, obj))

    def submit_if_asked(self, request, obj):
        """“Save and submit for review”: the draft as saved goes to the Publishers."""
        if "_submit_review" in request.POST and self.policy(request).can_submit(obj):
            review.submit(obj, request.user)
            messages.success(request, f"“{obj}” was submitted for review; Publishers are told.")

    def preview_after_save(self, request, obj, response):
        """“Save and preview” shows the preview; the admin's response has left its message."""
        if "_preview" in request.POST:
            return HttpResponseRedirect(preview_url(obj))
        return response

    def revision_view(self, request, object_id, version_id, extra_context=None):
        """Restore an earlier version: its text for anyone, its publication state for Publishers.

        Reversion writes the version before the form is saved, so save_model sees the
        restored state (the old URL is kept by newsroom/redirects.py).
        """
        if request.method != "POST":
            return super().revision_view(request, object_id, version_id, extra_context)
        version = get_object_or_404(Version, pk=version_id, object_id=unquote(object_id))
        before = self.stored_fields(unquote(object_id))
        if before is None:  # a deleted item comes back through recover_view
            raise Http404(f"No {self.model._meta.verbose_name} found")
        item = self.model.objects.get(pk=unquote(object_id))
        if diff.lost_tags(version):
            messages.warning(
                request,
                "Some of this version's tags were merged or deleted since, so the version "
                "cannot be reverted whole. Restore its text here; the item keeps its current "
                "tags.",
            )
            return HttpResponseRedirect(
                reverse(admin_urlname(self.model._meta, "compare"), args=[item.pk, version.pk])
            )
        policy = self.policy(request)
        if not policy.saves_directly(item) and (response := self.propose(request, item)):
            return response  # an Editor's restore of a live item's text waits for review
        restored = Publication.of(version.field_dict)
        if not policy.may_change_publication(Publication.of(before), restored):
            raise PermissionDenied
        with transaction.atomic():
            response = super().revision_view(request, object_id, version_id, extra_context)
            if response.status_code == 302:
                # The reverted row holds the old version number: count on from the newest.
                self.model.objects.filter(pk=item.pk).update(version=before["version"] + 1)
        return response

    def history_view(self, request, object_id, extra_context=None):
        """Reversion's list of versions, each with a link to what it changed."""
        response = super().history_view(request, object_id, extra_context)
        if getattr(response, "context_data", None):
            ids = Version.objects.get_for_object_reference(self.model, unquote(object_id))
            compare = admin_urlname(self.model._meta, "compare")
            for action, pk in zip(
                response.context_data["action_list"],
                ids.order_by("-pk").values_list("pk", flat=True),
                strict=False,
            ):
                action["compare_url"] = reverse(compare, args=[unquote(object_id), pk])
        return response

    def is_restore(self, request):
        """Whether this save is reversion's restore of a version (revision_view)."""
        return request.resolver_match.url_name == self.url_name("revision")

    def recover_view(self, request, version_id, extra_context=None):
        if request.method == "POST":
            version = get_object_or_404(Version, pk=version_id)
            recovered = Publication.of(version.field_dict)
            if not self.policy(request).may_change_publication(None, recovered):
                raise PermissionDenied
        return super().recover_view(request, version_id, extra_context)

    # Actions.

    def _set_status(self, request, queryset, *, status, comment):
        if not self.policy(request).can_publish():
            raise PermissionDenied
        now = timezone.now()
        changed = 0
        with transaction.atomic(), create_revision():
            set_user(request.user)
            set_comment(comment)
            for item in queryset:
                if status == item.Status.PUBLISHED:
                    if item.is_public:
                        continue
                    item.publish_at = now
                elif item.status == status:
                    continue
                item.status = status
                item.save(update_fields=["status", "publish_at", "updated_at"])
                changed += 1
        return changed

    @admin.action(description="Publish now", permissions=["publish"])
    def publish_now(self, request, queryset):
        changed = self._set_status(
            request, queryset, status=self.model.Status.PUBLISHED, comment="Published now."
        )
        messages.success(request, f"{changed} item(s) published now.")

    @admin.action(description="Unpublish (back to draft)", permissions=["publish"])
    def unpublish(self, request, queryset):
        changed = self._set_status(
            request,
            queryset,
            status=self.model.Status.DRAFT,
            comment="Unpublished (back to draft).",
        )
        messages.success(request, f"{changed} item(s) back to draft.")
