"""Publications in the admin: the news items' tools where they fit (rich-text body, library
documents and images, versions with django-reversion), and their roles: Editors write,
only holders of `publications.publish_publication` (Publishers) publish or unpublish."""

from django import forms
from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext_lazy as _
from reversion import is_registered, register
from reversion.admin import VersionAdmin
from taggit.models import TaggedItem

from library.admin import ImageChooserWidget
from newsroom.editorial.forms import RichTextFormMixin, RichTextWidget
from publications import indexing
from publications.models import Publication, PublicationFile, PublicationKind

PUBLISH_PERMISSION = "publications.publish_publication"
PUBLICATION_FIELDS = ("status", "publish_at")

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


class PublicationAdminForm(RichTextFormMixin, forms.ModelForm):
    rich_text_fields = ["body"]

    class Meta:
        model = Publication
        fields = "__all__"  # noqa: DJ007 -- the admin's fieldsets choose what is shown
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
class PublicationAdmin(VersionAdmin):
    form = PublicationAdminForm
    list_display = ["title", "kind", "status", "issued_on", "publish_at", "updated_at"]
    list_filter = [
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
    list_select_related = ["kind"]
    readonly_fields = ["uuid", "created_at", "updated_at"]
    history_latest_first = True
    fieldsets = [
        (None, {"fields": ["title", "slug", "kind", "status", "publish_at"]}),
        (_("Publication date"), {"fields": [("issued_on", "date_precision")]}),
        (_("Content"), {"fields": ["abstract", "body", "cover"]}),
        (
            _("Where we are and what we do"),
            {"fields": ["structures", "fields_of_work", "countries", "tags"]},
        ),
        (_("Record"), {"fields": ["uuid", "created_at", "updated_at"], "classes": ["collapse"]}),
    ]

    def can_publish(self, request):
        return request.user.has_perm(PUBLISH_PERMISSION)

    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        if not self.can_publish(request):
            fields += PUBLICATION_FIELDS
        return fields

    def save_model(self, request, obj, form, change):
        # Read-only fields are not a check: a hand-made POST meets the same refusal.
        if not self.can_publish(request):
            stored = Publication.objects.filter(pk=obj.pk).values(*PUBLICATION_FIELDS).first()
            wanted = {name: getattr(obj, name) for name in PUBLICATION_FIELDS}
            if stored is None and wanted["status"] != Publication.Status.DRAFT:
                raise PermissionDenied("Only Publishers publish.")
            if stored is not None and stored["status"] != wanted["status"]:
                raise PermissionDenied("Only Publishers publish or unpublish.")
        super().save_model(request, obj, form, change)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        indexing.refresh([form.instance.pk])
