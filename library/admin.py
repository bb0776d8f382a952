"""The library in the admin: search, filters, usage, and choosers for other forms.

The choosers answer JSON (or, with `format=html`, a fragment of buttons carrying the same
data in `data-` attributes): a static script on the page that asks renders them, so
nothing here needs an inline script under the Content-Security-Policy.
"""

from django import forms
from django.contrib import admin
from django.contrib.admin.widgets import ForeignKeyRawIdWidget
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import JsonResponse
from django.shortcuts import render
from django.template.defaultfilters import filesizeformat
from django.urls import path, reverse
from django.utils.html import format_html, format_html_join

from library import extraction
from library.documents import DocumentFormField, pdf_page_count
from library.images import (
    ImageFormField,
    refresh_renditions,
    social_card,
    srcset,
    thumbnail_url,
)
from library.models import Document, DocumentType, Image, ItemDocument

CHOOSER_PAGE_SIZE = 24
IMAGE_FORMATS = {"JPEG": (".jpg", ".jpeg"), "PNG": (".png",), "WEBP": (".webp",)}


class ImageAdminForm(forms.ModelForm):
    class Meta:
        model = Image
        fields = "__all__"  # noqa: DJ007 -- the admin's fieldsets choose what is shown
        field_classes = {"file": ImageFormField}


class DocumentAdminForm(forms.ModelForm):
    class Meta:
        model = Document
        fields = "__all__"  # noqa: DJ007 -- the admin's fieldsets choose what is shown
        field_classes = {"file": DocumentFormField}


class ImageChooserWidget(ForeignKeyRawIdWidget):
    """A lead-image field: the id, the button that opens the image library (search and
    thumbnails, in Django's own popup), and a thumbnail of the image chosen."""

    def render(self, name, value, attrs=None, renderer=None):
        html = super().render(name, value, attrs, renderer)
        image = Image.objects.filter(pk=value).first() if str(value or "").isdigit() else None
        if image is None:
            return html
        thumbnail = '<p><img src="{}" alt="" width="160" class="library-thumbnail"></p>'
        return format_html("{}{}", html, format_html(thumbnail, thumbnail_url(image)))


class ImageFormatFilter(admin.SimpleListFilter):
    title = "type"
    parameter_name = "format"

    def lookups(self, request, model_admin):
        return [(name, name) for name in IMAGE_FORMATS]

    def queryset(self, request, queryset):
        if (extensions := IMAGE_FORMATS.get(self.value())) is None:
            return queryset
        condition = Q()
        for extension in extensions:
            condition |= Q(file__iendswith=extension)
        return queryset.filter(condition)


def usage_text(count):
    if not count:
        return "not used"
    return f"used in {count} item{'s' if count != 1 else ''}"


def chooser_page(request, queryset, search_fields):
    """The chooser's page of results for `q` and `page`, newest first."""
    if query := request.GET.get("q", "").strip()[:200]:
        condition = Q()
        for name in search_fields:
            condition |= Q(**{f"{name}__icontains": query})
        queryset = queryset.filter(condition)
    page = Paginator(queryset, CHOOSER_PAGE_SIZE).get_page(request.GET.get("page"))
    return query, page


class LibraryAdmin(admin.ModelAdmin):
    """What the image and document admins share: uploader, usage column, chooser URL."""

    list_select_related = ["structure", "uploaded_by"]
    autocomplete_fields = ["structure"]
    readonly_fields = ["usage", "uploaded_by", "created_at", "updated_at"]
    chooser_template = None

    def get_queryset(self, request):
        return super().get_queryset(request).with_usage()

    def save_model(self, request, obj, form, change):
        if not change:
            obj.uploaded_by = request.user
        if "file" in form.changed_data:
            obj.file_size = obj.file.size
        super().save_model(request, obj, form, change)

    def get_urls(self):
        name = f"{self.opts.app_label}_{self.opts.model_name}_chooser"
        view = self.admin_site.admin_view(self.chooser_view)
        return [path("chooser/", view, name=name), *super().get_urls()]

    def chooser_view(self, request):
        if not self.has_view_permission(request):
            raise PermissionDenied
        query, page = chooser_page(request, self.get_queryset(request), self.search_fields)
        results = [self.chooser_data(obj) for obj in page]
        data = {
            "query": query,
            "page": page.number,
            "pages": page.paginator.num_pages,
            "count": page.paginator.count,
            "results": results,
        }
        if request.GET.get("format") == "html":
            return render(request, self.chooser_template, {**data, "page_obj": page})
        return JsonResponse(data)

    @admin.display(description="usage")
    def usage(self, obj):
        if obj.pk is None:
            return "not used"
        items = self.used_in(obj)
        if not items:
            return "not used"
        links = format_html_join(
            ", ",
            '<a href="{}">{}</a>',
            ((reverse("admin:newsroom_newsitem_change", args=[i.pk]), i.title) for i in items),
        )
        return format_html("{}: {}", usage_text(len(items)), links)

    @admin.display(description="usage", ordering="used_in_count")
    def usage_count(self, obj):
        return usage_text(obj.used_in_count)


@admin.register(Image)
class ImageAdmin(LibraryAdmin):
    form = ImageAdminForm
    list_display = ["thumbnail", "title", "alt", "size", "usage_count", "structure", "uploaded_by"]
    list_display_links = ["thumbnail", "title"]
    list_filter = [ImageFormatFilter, "structure", "uploaded_by"]
    search_fields = ["title", "alt", "caption", "credit"]
    chooser_template = "library/image_chooser.html"
    fieldsets = [
        (None, {"fields": ["title", "file", "alt", "caption", "credit"]}),
        (
            "Crops",
            {
                "fields": ["focal_x", "focal_y"],
                "description": "Where the subject is, so the social-media card keeps it.",
            },
        ),
        ("Record", {"fields": ["structure", "usage", "uploaded_by", "created_at", "updated_at"]}),
    ]

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        if "file" in form.changed_data:
            refresh_renditions(obj)
        elif {"focal_x", "focal_y"} & set(form.changed_data):
            refresh_renditions(obj, card_only=True)

    def used_in(self, image):
        from newsroom.models import NewsItem

        return list(
            NewsItem.objects.filter(Q(lead_image=image) | Q(library_references__image=image))
            .distinct()
            .only("title")
        )

    @admin.display(description="image")
    def thumbnail(self, image):
        return format_html(
            '<img src="{}" alt="" width="120" height="{}" class="library-thumbnail">',
            thumbnail_url(image),
            max(1, round(120 * image.height / image.width)) if image.width else 80,
        )

    @admin.display(description="size")
    def size(self, image):
        return f"{image.width} × {image.height}"

    def chooser_data(self, image):
        data = srcset(image) or {}
        card = social_card(image)
        return {
            "id": image.pk,
            "title": image.title,
            "alt": image.alt,
            "caption": image.caption,
            "credit": image.credit,
            "width": image.width,
            "height": image.height,
            "url": image.file.url,
            "thumbnail": thumbnail_url(image),
            "srcset": data.get("srcset", ""),
            "social_card": card["url"] if card else None,
            "edit_url": reverse("admin:library_image_change", args=[image.pk]),
        }


@admin.register(Document)
class DocumentAdmin(LibraryAdmin):
    form = DocumentAdminForm
    list_display = [
        "title",
        "file_type",
        "language",
        "file_size_text",
        "usage_count",
        "structure",
        "uploaded_by",
    ]
    list_filter = ["file_type", "language", "text_status", "structure", "uploaded_by"]
    search_fields = ["title", "description"]
    chooser_template = "library/document_chooser.html"
    readonly_fields = [*LibraryAdmin.readonly_fields, "file_type", "file_size_text", "text_status"]
    fieldsets = [
        (None, {"fields": ["title", "file", "language", "description"]}),
        ("File", {"fields": ["file_type", "file_size_text", "page_count", "text_status"]}),
        ("Record", {"fields": ["structure", "usage", "uploaded_by", "created_at", "updated_at"]}),
    ]

    def save_model(self, request, obj, form, change):
        if "file" in form.changed_data:
            upload = form.cleaned_data["file"]
            obj.file_type = upload.detected_type
            if obj.file_type == DocumentType.PDF and "page_count" not in form.changed_data:
                obj.page_count = pdf_page_count(upload)
            extension = f".{obj.file_type}"
            stem = upload.name.rsplit(".", 1)[0] if "." in upload.name else upload.name
            obj.file.name = f"{stem}{extension}"  # the stored name follows the content
            extraction.mark_for_extraction(obj)
        super().save_model(request, obj, form, change)
        extraction.schedule(obj)

    @admin.display(description="size", ordering="file_size")
    def file_size_text(self, document):
        return filesizeformat(document.file_size)

    def used_in(self, document):
        from newsroom.models import NewsItem

        return list(
            NewsItem.objects.filter(
                Q(attached_documents__document=document) | Q(library_references__document=document)
            )
            .distinct()
            .only("title")
        )

    def chooser_data(self, document):
        return {
            "id": document.pk,
            "title": document.title,
            "url": document.get_absolute_url(),
            "file_type": document.file_type,
            "file_size": document.file_size,
            "language": document.language,
            "summary": document.summary,
            "edit_url": reverse("admin:library_document_change", args=[document.pk]),
        }


class ItemDocumentInline(admin.TabularInline):
    """A news item's attached documents, in the order its page lists them."""

    model = ItemDocument
    autocomplete_fields = ["document"]
    fields = ["document", "position"]
    extra = 0
