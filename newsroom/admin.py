from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.forms import Script
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404
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

from newsroom.editorial.forms import NewsItemAdminForm
from newsroom.editorial.images import refresh_renditions
from newsroom.editorial.roles import can_publish, in_scope, limit_to_scope, scope_structure_ids
from newsroom.importer.upload import ImportDocumentsView
from newsroom.models import EditorScope, NewsItem, NewsType, SlugRedirect
from newsroom.redirects import remember_old_slug

EDITORIAL_CSS = {"all": ["newsroom/admin.css"]}


@admin.register(NewsType)
class NewsTypeAdmin(admin.ModelAdmin):
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
    if item.status == NewsItem.Status.DRAFT:
        return "draft", "Draft"
    if item.publish_at > timezone.now():
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
class NewsItemAdmin(VersionAdmin):
    form = NewsItemAdminForm
    list_display = ["title", "status_badge", "news_type", "publish_at", "updated_at", "preview"]
    list_filter = [PublicationFilter, "news_type", "fields_of_work"]
    search_fields = ["title", "lead", "place"]
    date_hierarchy = "publish_at"
    prepopulated_fields = {"slug": ["title"]}
    autocomplete_fields = ["news_type", "structures", "fields_of_work", "countries"]
    list_select_related = ["news_type"]
    readonly_fields = ["uuid", "created_at", "updated_at", "source_document", "preview"]
    actions = ["publish_now", "unpublish"]
    history_latest_first = True
    change_list_template = "admin/newsroom/newsitem/change_list.html"  # adds "Import documents"
    fieldsets = [
        (None, {"fields": ["title", "slug", "news_type", "status", "publish_at", "preview"]}),
        ("Content", {"fields": ["place", "source", "lead", "body"]}),
        ("Lead image", {"fields": ["image", "image_alt", "image_caption"]}),
        (
            "Where we are and what we do",
            {"fields": ["structures", "fields_of_work", "countries", "tags"]},
        ),
        (
            "Record",
            {
                "fields": ["uuid", "undated", "created_at", "updated_at", "source_document"],
                "classes": ["collapse"],
            },
        ),
    ]

    class Media:
        css = EDITORIAL_CSS
        js = [Script("newsroom/admin-counters.js", defer=True)]

    def get_urls(self):
        view = ImportDocumentsView.as_view(admin_site=self.admin_site)
        return [
            path("import/", self.admin_site.admin_view(view), name="newsroom_newsitem_import"),
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
        url = reverse("newsroom:newsitem-preview", args=[item.uuid])
        return format_html('<a href="{}">Preview on the site</a>', url)

    def view_on_site(self, item):
        if item.is_public:
            return item.get_absolute_url()
        return reverse("newsroom:newsitem-preview", args=[item.uuid])

    # Permissions: publishing and row-level scope.

    def has_publish_permission(self, request):
        return can_publish(request.user)

    def get_queryset(self, request):
        return limit_to_scope(super().get_queryset(request), request.user)

    def has_view_permission(self, request, obj=None):
        allowed = super().has_view_permission(request, obj)
        return allowed and (obj is None or in_scope(obj, request.user))

    def has_change_permission(self, request, obj=None):
        allowed = super().has_change_permission(request, obj)
        return allowed and (obj is None or in_scope(obj, request.user))

    def has_delete_permission(self, request, obj=None):
        allowed = super().has_delete_permission(request, obj)
        return allowed and (obj is None or in_scope(obj, request.user))

    def get_object(self, request, object_id, from_field=None):
        item = super().get_object(request, object_id, from_field)
        if item is None and scope_structure_ids(request.user) is not None:
            try:
                exists = NewsItem.objects.filter(pk=object_id).exists()
            except (ValueError, ValidationError):
                exists = False
            if exists:  # someone else's item: refuse rather than pretend it is gone
                raise PermissionDenied
        return item

    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        if not self.has_publish_permission(request):
            fields += ["status", "publish_at"]
        return fields

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change=change, **kwargs)
        form.can_publish = self.has_publish_permission(request)
        form.scope_structure_ids = scope_structure_ids(request.user)
        return form

    # Saving.

    def change_view(self, request, object_id, form_url="", extra_context=None):
        if request.method == "POST":
            try:
                item = self.get_queryset(request).filter(pk=unquote(object_id)).first()
            except (ValueError, ValidationError):
                item = None
            if item is not None:
                keep_baseline_versions([item])
        return super().change_view(request, object_id, form_url, extra_context)

    def save_model(self, request, obj, form, change):
        # A restore has already written the old version when we get here: compare with
        # the state before it (kept by revision_view), so a restored slug still redirects.
        before = getattr(request, "_newsitem_before_revert", None)
        if before is None:
            before = NewsItem.objects.filter(pk=obj.pk).values("status", "slug").first()
        if not self.has_publish_permission(request):
            if before is None:
                obj.status = NewsItem.Status.DRAFT
            elif obj.status != before["status"]:
                raise PermissionDenied
        super().save_model(request, obj, form, change)
        if before and before["status"] == NewsItem.Status.PUBLISHED:
            remember_old_slug(obj, before["slug"])
        if "image" in form.changed_data:
            refresh_renditions(obj)
        for warning in form.soft_limit_warnings():
            messages.warning(request, warning)

    def _preview_redirect(self, request, obj):
        return HttpResponseRedirect(reverse("newsroom:newsitem-preview", args=[obj.uuid]))

    def response_add(self, request, obj, post_url_continue=None):
        if "_preview" in request.POST:
            super().response_add(request, obj, post_url_continue)  # keeps its message
            return self._preview_redirect(request, obj)
        return super().response_add(request, obj, post_url_continue)

    def response_change(self, request, obj):
        if "_preview" in request.POST:
            super().response_change(request, obj)
            return self._preview_redirect(request, obj)
        return super().response_change(request, obj)

    def revision_view(self, request, object_id, version_id, extra_context=None):
        """An Editor may restore an earlier text, but not an earlier publication state."""
        if request.method == "POST":
            request._newsitem_before_revert = (
                NewsItem.objects.filter(pk=unquote(object_id)).values("status", "slug").first()
            )
        if request.method == "POST" and not self.has_publish_permission(request):
            version = get_object_or_404(Version, pk=version_id, object_id=unquote(object_id))
            item = get_object_or_404(NewsItem, pk=unquote(object_id))
            old = version.field_dict
            same_time = old.get("publish_at") == item.publish_at
            if old.get("status") != item.status or (
                item.status == NewsItem.Status.PUBLISHED and not same_time
            ):
                raise PermissionDenied
        return super().revision_view(request, object_id, version_id, extra_context)

    def recover_view(self, request, version_id, extra_context=None):
        if request.method == "POST" and not self.has_publish_permission(request):
            version = get_object_or_404(Version, pk=version_id)
            if version.field_dict.get("status") != NewsItem.Status.DRAFT:
                raise PermissionDenied
        return super().recover_view(request, version_id, extra_context)

    # Actions.

    def _set_status(self, request, queryset, *, status, comment):
        if not self.has_publish_permission(request):
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
