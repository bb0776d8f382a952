"""Publications in the admin: the news items' editorial workflow (EditorialAdmin: review,
proposals on live publications, edit locking, preview, withdrawal, corrections, history) and
their tools where they fit (rich-text body, library documents and images). Editors write,
only holders of `publications.publish_publication` (Publishers) publish, approve, withdraw
and correct."""

from django import forms
from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from reversion import is_registered, register
from taggit.models import TaggedItem

from library.admin import ImageChooserWidget
from newsroom.editorial.forms import EditorialAdminForm, RichTextWidget
from newsroom.editorial.model_admin import EditorialAdmin, PublicationFilter, ReviewFilter
from newsroom.importer.admin import RemembersDeletions
from publications import indexing
from publications.models import (
    Publication,
    PublicationFile,
    PublicationKind,
    RemovedPublication,
)

if not is_registered(TaggedItem):
    register(TaggedItem)
if not is_registered(PublicationFile):
    register(PublicationFile)
if not is_registered(Publication):
    register(Publication, follow=["tagged_items", "files"])


@admin.register(PublicationKind)
class PublicationKindAdmin(admin.ModelAdmin):
    list_display = ["name", "plural", "slug", "position"]
    list_editable = ["plural", "position"]
    prepopulated_fields = {"slug": ["name"]}
    search_fields = ["name"]


class PublicationAdminForm(EditorialAdminForm):
    class Meta:
        model = Publication
        fields = "__all__"
        widgets = {
            "body": RichTextWidget,
            "cover": ImageChooserWidget(
                Publication._meta.get_field("cover").remote_field, admin.site
            ),
        }


class PublicationFileInline(admin.TabularInline):
    """A publication's files (library documents, one per language), in the order shown."""

    model = PublicationFile
    autocomplete_fields = ["document"]
    fields = ["document", "position", "file_summary"]
    readonly_fields = ["file_summary"]
    extra = 0

    @admin.display(description=_("file"))
    def file_summary(self, link):
        document = link.document if link.pk else None
        if document is None:
            return "–"
        status = document.get_text_status_display()
        return f"{document.description_line}{f' · {status}' if status else ''}"


@admin.register(Publication)
class PublicationAdmin(RemembersDeletions, EditorialAdmin):
    form = PublicationAdminForm
    list_display = [
        "title",
        "kind",
        "status_badge",
        "issued_on",
        "created_by",
        "publish_at",
        "updated_at",
    ]
    list_filter = [
        PublicationFilter,
        ReviewFilter,
        "status",
        "kind",
        "fields_of_work",
        ("structures", admin.RelatedOnlyFieldListFilter),
    ]
    search_fields = ["title", "abstract"]
    prepopulated_fields = {"slug": ["title"]}
    autocomplete_fields = ["kind", "structures", "fields_of_work", "countries"]
    raw_id_fields = ["cover"]
    inlines = [PublicationFileInline]
    list_select_related = ["kind", "created_by"]
    readonly_fields = ["uuid", "created_at", "updated_at", "preview", "content_checks"]
    removed_model = RemovedPublication
    fieldsets = [
        (
            None,
            {
                "fields": [
                    "title",
                    "slug",
                    "kind",
                    "status",
                    "publish_at",
                    "backdate",
                    "preview",
                    "opened_version",
                ]
            },
        ),
        (_("Publication date"), {"fields": [("issued_on", "date_precision")]}),
        (_("Content"), {"fields": ["abstract", "body", "content_checks", "cover"]}),
        (
            _("Where we are and what we do"),
            {"fields": ["structures", "fields_of_work", "countries", "tags"]},
        ),
        (_("Record"), {"fields": ["uuid", "created_at", "updated_at"], "classes": ["collapse"]}),
    ]

    class Media:
        css = {"all": ["newsroom/admin.css"]}
        js = [
            forms.Script("newsroom/admin-publication.js", defer=True),
            forms.Script("newsroom/admin-unsaved.js", defer=True),
            forms.Script("newsroom/admin-a11y.js", defer=True),
        ]

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        indexing.refresh([form.instance.pk])
