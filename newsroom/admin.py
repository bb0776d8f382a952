from django.contrib import admin
from django.db.models import Exists, F, OuterRef
from django.forms import Script
from django.template.loader import render_to_string
from django.urls import path
from reversion import is_registered, register
from taggit.models import TaggedItem

from library.admin import ItemDocumentInline
from newsroom.editorial.choosers import link_chooser
from newsroom.editorial.forms import NewsItemAdminForm
from newsroom.editorial.model_admin import EditorialAdmin, PublicationFilter, ReviewFilter
from newsroom.editorial.views import TranslateView
from newsroom.importer.admin import RemembersDeletions
from newsroom.importer.upload import ImportDocumentsView
from newsroom.models import EditorScope, NewsItem, NewsType, RemovedItem, SlugRedirect
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


# An item's versions hold its tags too (a tag is a TaggedItem row, not a field of the item):
# restoring a version brings back the tags it had and drops those added since.
if not is_registered(TaggedItem):
    register(TaggedItem)
if not is_registered(NewsItem):
    register(NewsItem, follow=["tagged_items"])


@admin.register(NewsItem)
class NewsItemAdmin(RemembersDeletions, EditorialAdmin):
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
    removed_model = RemovedItem
    acts = [*EditorialAdmin.acts, ("translate", TranslateView)]
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
        return [
            path("import/", self.admin_site.admin_view(view), name="newsroom_newsitem_import"),
            path("link-chooser/", link_chooser, name="newsroom_newsitem_link_chooser"),
            *super().get_urls(),
        ]

    # Display.

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

    def workflow_context(self, request, item):
        """The workflow's offers, and the translations panel (admin/newsroom/newsitem/)."""
        return {
            **super().workflow_context(request, item),
            "translation_state": group_states([item])[item.pk] if item else None,
            "can_translate": item is not None and self.policy(request).can_add(),
        }


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
