from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Exists, F, OuterRef
from django.forms import Script
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.loader import render_to_string
from django.urls import path, reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html
from reversion import (
    add_to_revision,
    create_revision,
    is_registered,
    register,
    set_comment,
    set_user,
)
from reversion.admin import VersionAdmin
from reversion.models import Version
from taggit.models import TaggedItem

from library.admin import ItemDocumentInline
from newsroom.editorial import diff, locking, review, workflow
from newsroom.editorial.checks import content_checks_html
from newsroom.editorial.choosers import link_chooser
from newsroom.editorial.forms import NewsItemAdminForm
from newsroom.editorial.policy import PUBLICATION_FIELDS, Publication, policy_for
from newsroom.editorial.views import (
    CompareView,
    CorrectView,
    ReviewView,
    TranslateView,
    WithdrawView,
)
from newsroom.importer.admin import RemembersDeletions
from newsroom.importer.upload import ImportDocumentsView
from newsroom.models import EditorScope, NewsItem, NewsType, SlugRedirect
from newsroom.preview import preview_url
from newsroom.tag_admin import TagAdmin  # noqa: F401 -- registered there, in taggit's place
from newsroom.translations import group_states
from structures.admin import EnglishFallbackAdmin

EDITORIAL_CSS = {"all": ["newsroom/admin.css"]}

admin.site.site_header = "OSCE – Organization for Security and Co-operation in Europe"
admin.site.site_title = "OSCE newsroom admin"
admin.site.index_title = "Editorial desk"


@admin.register(NewsType)
class NewsTypeAdmin(EnglishFallbackAdmin):
    list_display = ["name", "plural", "slug"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}


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


class TranslationFilter(admin.SimpleListFilter):
    title = "translation"
    parameter_name = "translation"

    def lookups(self, request, model_admin):
        return [
            ("source", "Has translations"),
            ("translation", "Is a translation"),
            ("outdated", "Outdated translation"),
            ("alone", "In one language only"),
        ]

    def queryset(self, request, queryset):
        has_translations = Exists(NewsItem.objects.filter(translation_of=OuterRef("pk")))
        match self.value():
            case "source":
                return queryset.filter(has_translations)
            case "translation":
                return queryset.filter(translation_of__isnull=False)
            case "outdated":
                return queryset.filter(translation_of__updated_at__gt=F("updated_at"))
            case "alone":
                return queryset.filter(translation_of__isnull=True).exclude(has_translations)
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


def stored_fields(pk):
    """What an item's publication and version are in the database, before a save."""
    return NewsItem.objects.filter(pk=pk).values(*PUBLICATION_FIELDS, "version").first()


def status_badge_parts(item):
    if item.status == NewsItem.Status.DRAFT:
        return "draft", "Draft"
    if item.is_withdrawn:
        return "withdrawn", "Withdrawn"
    if item.is_scheduled:
        when = date_format(timezone.localtime(item.publish_at), "j M Y, H:i")
        return "scheduled", f"Scheduled for {when}"
    return "published", "Published"


# An item's versions hold its tags too (a tag is a TaggedItem row, not a field of the item):
# restoring a version brings back the tags it had and drops those added since.
if not is_registered(TaggedItem):
    register(TaggedItem)
if not is_registered(NewsItem):
    register(NewsItem, follow=["tagged_items"])


@admin.register(NewsItem)
class NewsItemAdmin(RemembersDeletions, VersionAdmin):
    form = NewsItemAdminForm
    list_display = [
        "title",
        "status_badge",
        "language",
        "translation_status",
        "news_type",
        "structure_names",
        "created_by",
        "publish_at",
        "updated_at",
    ]
    list_filter = [
        PublicationFilter,
        ReviewFilter,
        "language",
        TranslationFilter,
        "status",
        "news_type",
        ("structures", admin.RelatedOnlyFieldListFilter),
        ("countries", admin.RelatedOnlyFieldListFilter),
        "fields_of_work",
        ("tags", admin.RelatedOnlyFieldListFilter),
        ("created_by", admin.RelatedOnlyFieldListFilter),
    ]
    search_fields = ["title", "lead", "place", "body"]
    show_full_result_count = False  # one COUNT a page, not two
    prepopulated_fields = {"slug": ["title"]}
    autocomplete_fields = ["news_type", "structures", "fields_of_work", "countries"]
    raw_id_fields = ["lead_image"]  # its button opens the image library: search, thumbnails
    inlines = [ItemDocumentInline]
    list_select_related = ["news_type", "created_by"]
    readonly_fields = [
        "uuid",
        "created_at",
        "updated_at",
        "source_document",
        "preview",
        "content_checks",
    ]
    actions = ["publish_now", "unpublish"]
    history_latest_first = True
    object_history_template = "admin/newsroom/newsitem/object_history.html"
    change_list_template = "admin/newsroom/newsitem/change_list.html"  # adds "Import documents"
    fieldsets = [
        (
            None,
            {
                "fields": [
                    "title",
                    "slug",
                    "language",
                    "news_type",
                    "status",
                    "publish_at",
                    "backdate",
                    "preview",
                    "opened_version",
                ]
            },
        ),
        ("Content", {"fields": ["place", "source", "lead", "body", "content_checks"]}),
        ("Lead image", {"fields": ["lead_image", "image_caption"]}),
        (
            "Where we are and what we do",
            {"fields": ["structures", "fields_of_work", "countries", "tags"]},
        ),
        (
            "Record",
            {
                "fields": [
                    "uuid",
                    ("undated", "placed_at"),
                    "created_at",
                    "updated_at",
                    "source_document",
                ],
                "classes": ["collapse"],
            },
        ),
    ]

    class Media:
        css = EDITORIAL_CSS
        js = [
            Script("newsroom/admin-counters.js", defer=True),
            Script("newsroom/admin-publication.js", defer=True),
            Script("newsroom/admin-unsaved.js", defer=True),
            Script("newsroom/admin-a11y.js", defer=True),
        ]

    def get_urls(self):
        view = ImportDocumentsView.as_view(admin_site=self.admin_site)
        acts = [
            ("withdraw", WithdrawView),
            ("correct", CorrectView),
            ("review", ReviewView),
            ("translate", TranslateView),
        ]
        return [
            path("import/", self.admin_site.admin_view(view), name="newsroom_newsitem_import"),
            path("link-chooser/", link_chooser, name="newsroom_newsitem_link_chooser"),
            *(
                path(
                    f"<path:object_id>/{name}/",
                    self.admin_site.admin_view(act.as_view(model_admin=self)),
                    name=f"newsroom_newsitem_{name}",
                )
                for name, act in acts
            ),
            path(
                "<path:object_id>/history/<int:version_id>/compare/",
                self.admin_site.admin_view(CompareView.as_view(model_admin=self)),
                name="newsroom_newsitem_compare",
            ),
            *super().get_urls(),
        ]

    # Display.

    @admin.display(description="status", ordering="status")
    def status_badge(self, item):
        kind, label = status_badge_parts(item)
        return format_html('<span class="status-badge status-badge--{}">{}</span>', kind, label)

    @admin.display(description="translations")
    def translation_status(self, item):
        """Which languages exist (linked), which are outdated and which are missing; the
        page's groups are read once (get_changelist_instance)."""
        state = getattr(item, "translation_state", None)
        if state is None:
            return ""
        return render_to_string(
            "admin/newsroom/newsitem/translation_status.html", {"item": item, "state": state}
        )

    def get_changelist_instance(self, request):
        changelist = super().get_changelist_instance(request)
        states = group_states(changelist.result_list)
        for item in changelist.result_list:
            item.translation_state = states.get(item.pk)
        return changelist

    @admin.display(description="where we are")
    def structure_names(self, item):
        return ", ".join(structure.name for structure in item.structures.all())

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
        return policy_for(request).can_publish()

    def has_add_permission(self, request):
        return policy_for(request).can_add()

    def has_view_permission(self, request, obj=None):
        return policy_for(request).can_view(obj)

    def has_change_permission(self, request, obj=None):
        return policy_for(request).can_change(obj)

    def has_delete_permission(self, request, obj=None):
        return policy_for(request).can_delete(obj)

    def get_queryset(self, request):
        items = super().get_queryset(request).prefetch_related("structures")
        return policy_for(request).limit(items)

    def get_object(self, request, object_id, from_field=None):
        item = super().get_object(request, object_id, from_field)
        if item is None and policy_for(request).is_scoped:
            try:
                exists = NewsItem.objects.filter(pk=object_id).exists()
            except (ValueError, ValidationError):
                exists = False
            if exists:  # someone else's item: refuse rather than pretend it is gone
                raise PermissionDenied
        return item

    def get_readonly_fields(self, request, obj=None):
        policy = policy_for(request)
        return [*super().get_readonly_fields(request, obj), *policy.readonly_fields(obj)]

    def get_fieldsets(self, request, obj=None):
        if policy_for(request).can_publish():
            return super().get_fieldsets(request, obj)
        return [
            (name, {**options, "fields": [f for f in options["fields"] if f != "backdate"]})
            for name, options in super().get_fieldsets(request, obj)
        ]

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change=change, **kwargs)
        form.policy = policy_for(request)
        if obj is not None and not form.policy.saves_directly(obj):
            pending = review.pending(obj)  # the Editor goes on from the proposal under review
            form.proposal = pending.proposal if pending else None
        return form

    # Saving.

    def add_view(self, request, form_url="", extra_context=None):
        context = {**self.workflow_context(request, None), **(extra_context or {})}
        return super().add_view(request, form_url, context)

    def change_view(self, request, object_id, form_url="", extra_context=None):
        item = self.get_object(request, unquote(object_id))
        if request.method == "POST" and item:
            if locking.is_stale(request.POST, item):
                return locking.conflict_response(self, request, item)
            if not policy_for(request).saves_directly(item) and (
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
        proposal = review.proposal_from(form.cleaned_data)
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
        """What the change form offers besides saving (templates/admin/newsroom/newsitem/)."""
        policy = policy_for(request)
        reviews = (
            list(item.reviews.select_related("submitted_by", "decided_by")[:1]) if item else []
        )
        return {
            "translation_state": group_states([item])[item.pk] if item else None,
            "can_translate": item is not None and policy.can_add(),
            "can_publish": policy.can_publish(),
            "can_withdraw": item is not None and policy.can_withdraw(item),
            "can_correct": item is not None and policy.can_correct(item),
            "can_submit": item is not None and policy.can_submit(item),
            "proposes": item is not None and not policy.saves_directly(item),
            "last_review": reviews[0] if reviews else None,
        }

    def save_model(self, request, obj, form, change):
        before = stored_fields(obj.pk) if change else None
        publication = Publication.of(before) if before else None
        if not policy_for(request).may_change_publication(publication, Publication.of(obj)):
            raise PermissionDenied
        if not change:
            obj.created_by = request.user
        elif not self.is_restore(request):
            obj.version = locking.claim(obj.pk, before["version"])
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
        changed = diff.changes(before, diff.fields_of(form.instance))
        return [{"changed": {"fields": [change.label for change in changed]}}] if changed else []

    def initial_fields(self, form):
        """The item as the form was opened, in diff.fields_of()'s terms."""
        initial = {name: form.initial.get(name) for name in diff.LABELS if name in form.initial}
        for name in (*diff.FOREIGN_KEYS, *diff.MANY):
            if name in initial:
                value = initial[name]
                initial[name] = (
                    sorted(getattr(v, "pk", v) for v in value or ())
                    if name in diff.MANY
                    else getattr(value, "pk", value)
                )
        if "tags" in initial:
            initial["tags"] = sorted(getattr(t, "name", t) for t in initial["tags"] or ())
        return initial

    def delete_model(self, request, obj):
        workflow.remember_removed([obj])
        super().delete_model(request, obj)

    def delete_queryset(self, request, queryset):
        if not all(policy_for(request).can_delete(item) for item in queryset):
            raise PermissionDenied
        workflow.remember_removed(queryset)
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
        if "_submit_review" in request.POST and policy_for(request).can_submit(obj):
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
        before = stored_fields(unquote(object_id))
        if before is None:  # a deleted item comes back through recover_view
            raise Http404("No news item found")
        item = NewsItem.objects.get(pk=unquote(object_id))
        if diff.lost_tags(version):
            messages.warning(
                request,
                "Some of this version's tags were merged or deleted since, so the version "
                "cannot be reverted whole. Restore its text here; the item keeps its current "
                "tags.",
            )
            compare = reverse("admin:newsroom_newsitem_compare", args=[item.pk, version.pk])
            return HttpResponseRedirect(compare)
        if not policy_for(request).saves_directly(item) and (
            response := self.propose(request, item)
        ):
            return response  # an Editor's restore of a live item's text waits for review
        restored = Publication.of(version.field_dict)
        if not policy_for(request).may_change_publication(Publication.of(before), restored):
            raise PermissionDenied
        with transaction.atomic():
            response = super().revision_view(request, object_id, version_id, extra_context)
            if response.status_code == 302:
                # The reverted row holds the old version number: count on from the newest.
                NewsItem.objects.filter(pk=item.pk).update(version=before["version"] + 1)
        return response

    def history_view(self, request, object_id, extra_context=None):
        """Reversion's list of versions, each with a link to what it changed."""
        response = super().history_view(request, object_id, extra_context)
        if getattr(response, "context_data", None):
            ids = Version.objects.get_for_object_reference(NewsItem, unquote(object_id))
            for action, pk in zip(
                response.context_data["action_list"],
                ids.order_by("-pk").values_list("pk", flat=True),
                strict=False,
            ):
                action["compare_url"] = reverse(
                    "admin:newsroom_newsitem_compare", args=[unquote(object_id), pk]
                )
        return response

    def is_restore(self, request):
        """Whether this save is reversion's restore of a version (revision_view)."""
        return request.resolver_match.url_name == "newsroom_newsitem_revision"

    def recover_view(self, request, version_id, extra_context=None):
        if request.method == "POST":
            version = get_object_or_404(Version, pk=version_id)
            recovered = Publication.of(version.field_dict)
            if not policy_for(request).may_change_publication(None, recovered):
                raise PermissionDenied
        return super().recover_view(request, version_id, extra_context)

    # Actions.

    def _set_status(self, request, queryset, *, status, comment):
        if not policy_for(request).can_publish():
            raise PermissionDenied
        now = timezone.now()
        changed = 0
        with transaction.atomic(), create_revision():
            set_user(request.user)
            set_comment(comment)
            for item in queryset:
                if status == NewsItem.Status.PUBLISHED:
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
            request, queryset, status=NewsItem.Status.PUBLISHED, comment="Published now."
        )
        messages.success(request, f"{changed} item(s) published now.")

    @admin.action(description="Unpublish (back to draft)", permissions=["publish"])
    def unpublish(self, request, queryset):
        changed = self._set_status(
            request, queryset, status=NewsItem.Status.DRAFT, comment="Unpublished (back to draft)."
        )
        messages.success(request, f"{changed} item(s) back to draft.")


@admin.register(SlugRedirect)
class SlugRedirectAdmin(admin.ModelAdmin):
    list_display = ["old_slug", "item", "created_at"]
    search_fields = ["old_slug", "item__title"]
    autocomplete_fields = ["item"]
    list_select_related = ["item"]


@admin.register(EditorScope)
class EditorScopeAdmin(admin.ModelAdmin):
    list_display = ["user"]
    search_fields = ["user__username", "user__email", "structures__name"]
    autocomplete_fields = ["user", "structures"]
