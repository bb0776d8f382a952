from django.contrib import admin
from django.urls import path

from newsroom.importer.upload import ImportDocumentsView
from newsroom.models import NewsItem, NewsType, SlugRedirect


@admin.register(NewsType)
class NewsTypeAdmin(admin.ModelAdmin):
    list_display = ["name", "plural", "slug"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(NewsItem)
class NewsItemAdmin(admin.ModelAdmin):
    list_display = ["title", "news_type", "status", "publish_at", "updated_at"]
    list_filter = ["status", "news_type", "fields_of_work"]
    search_fields = ["title", "lead", "place"]
    date_hierarchy = "publish_at"
    prepopulated_fields = {"slug": ["title"]}
    autocomplete_fields = ["news_type", "structures", "fields_of_work", "countries"]
    list_select_related = ["news_type"]
    readonly_fields = ["uuid", "created_at", "updated_at", "source_document"]
    fieldsets = [
        (None, {"fields": ["title", "slug", "news_type", "status", "publish_at"]}),
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

    def get_urls(self):
        view = ImportDocumentsView.as_view(admin_site=self.admin_site)
        return [
            path("import/", self.admin_site.admin_view(view), name="newsroom_newsitem_import"),
            *super().get_urls(),
        ]


@admin.register(SlugRedirect)
class SlugRedirectAdmin(admin.ModelAdmin):
    list_display = ["old_slug", "item", "created_at"]
    search_fields = ["old_slug", "item__title"]
    autocomplete_fields = ["item"]
