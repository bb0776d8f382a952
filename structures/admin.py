from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.utils import timezone
from modeltranslation.admin import TranslationAdmin
from modeltranslation.utils import build_localized_fieldname
from reversion.admin import VersionAdmin

from newsroom.editorial.forms import RichTextFormMixin, RichTextWidget
from newsroom.editorial.policy import policy_for
from newsroom.importer.admin import RemembersDeletions
from structures.models import (
    Chairpersonship,
    Country,
    CountryAlias,
    FieldOfWork,
    FieldOperation,
    MeetingSeries,
    NameVariant,
    Position,
    Structure,
    StructureAlias,
)


class ScopedAdmin(admin.ModelAdmin):
    """Adding, changing and deleting as the request's EditorialPolicy allows: a scoped Editor
    changes the structures in their scope and sees the rest (fields of work, countries, …)
    read-only, a hand-made POST included. Seeing follows the model permissions."""

    def has_add_permission(self, request):
        return policy_for(request).may("add", self.model)

    def has_change_permission(self, request, obj=None):
        return policy_for(request).may("change", self.model, obj)

    def has_delete_permission(self, request, obj=None):
        return policy_for(request).may("delete", self.model, obj)


def in_every_language(*names):
    """['introduction_en', 'introduction_fr', …]: a translated field's form fields."""
    languages = [code for code, _ in settings.LANGUAGES]
    return [build_localized_fieldname(name, code) for name in names for code in languages]


class EnglishFallbackAdmin(TranslationAdmin):
    """A field per language; the public site shows the English where one is left empty."""

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        field = super().formfield_for_dbfield(db_field, request, **kwargs)
        language = getattr(db_field, "language", None)
        if field is not None and language and language != settings.LANGUAGES[0][0]:
            field.help_text = "Left empty, the public site shows the English."
        return field


class RichTextAdminMixin:
    """Long texts written in the rich-text editor; a save says what was removed or found."""

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        for warning in form.editorial_warnings():
            messages.warning(request, warning)


class FieldOfWorkAdminForm(RichTextFormMixin, forms.ModelForm):
    rich_text_fields = in_every_language("introduction", "challenge", "action")

    class Meta:
        model = FieldOfWork
        fields = "__all__"  # noqa: DJ007 -- the admin chooses what is shown
        widgets = dict.fromkeys(
            in_every_language("introduction", "challenge", "action"), RichTextWidget
        )


class StructureAdminForm(RichTextFormMixin, forms.ModelForm):
    rich_text_fields = in_every_language("summary")

    class Meta:
        model = Structure
        fields = "__all__"  # noqa: DJ007 -- the admin chooses what is shown
        widgets = dict.fromkeys(in_every_language("summary"), RichTextWidget)


@admin.register(FieldOfWork)
class FieldOfWorkAdmin(
    RichTextAdminMixin, RemembersDeletions, ScopedAdmin, EnglishFallbackAdmin, VersionAdmin
):
    form = FieldOfWorkAdminForm
    list_display = ["name", "listed", "position", "updated_at"]
    list_filter = ["listed"]
    list_editable = ["position"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}
    history_latest_first = True


class CountryAliasInline(admin.TabularInline):
    model = CountryAlias
    extra = 0


class ChairpersonshipInline(admin.TabularInline):
    model = Chairpersonship
    extra = 0


@admin.register(Country)
class CountryAdmin(ScopedAdmin, EnglishFallbackAdmin):
    list_display = ["name", "kind", "updated_at"]
    list_filter = ["kind"]
    search_fields = ["name", "aliases__name"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [CountryAliasInline, ChairpersonshipInline]


class StructureAliasInline(admin.TabularInline):
    model = StructureAlias
    extra = 0


class PositionInline(admin.TabularInline):
    model = Position
    extra = 0


@admin.register(Structure)
class StructureAdmin(
    RichTextAdminMixin, RemembersDeletions, ScopedAdmin, EnglishFallbackAdmin, VersionAdmin
):
    form = StructureAdminForm
    list_display = ["name", "kind", "parent", "host_country", "established_on", "closed"]
    list_filter = ["kind", "closed"]
    search_fields = ["name", "aliases__name"]
    prepopulated_fields = {"slug": ["name"]}
    autocomplete_fields = ["parent", "host_country", "fields_of_work"]
    list_select_related = ["parent", "host_country"]
    readonly_fields = ["closed_source", "closed_by_editor"]
    inlines = [StructureAliasInline, PositionInline]  # versions follow aliases and positions
    history_latest_first = True

    def save_model(self, request, obj, form, change):
        """An editor who opens or closes a structure has the last word: imports of
        documents that name it '… (closed)' no longer change it."""
        if change and {"closed", "closed_on"} & set(form.changed_data):
            obj.closed_by_editor = True
            when = timezone.localdate().isoformat()
            obj.closed_source = f"set by {request.user.get_username()} in the admin on {when}"
        super().save_model(request, obj, form, change)


@admin.register(FieldOperation)
class FieldOperationAdmin(StructureAdmin):
    list_display = ["name", "host_country", "established_on", "closed", "closed_on"]
    list_filter = ["closed"]
    exclude = ["kind"]


@admin.register(MeetingSeries)
class MeetingSeriesAdmin(ScopedAdmin, EnglishFallbackAdmin):
    list_display = ["name", "position"]
    list_editable = ["position"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Position)
class PositionAdmin(ScopedAdmin):
    list_display = ["title", "structure", "holder"]
    search_fields = ["title", "holder", "structure__name"]
    autocomplete_fields = ["structure"]
    list_select_related = ["structure"]


@admin.register(NameVariant)
class NameVariantAdmin(ScopedAdmin):
    """Old and other names the importer files under today's name (newsroom.importer)."""

    list_display = ["name", "current", "of"]
    list_filter = ["of"]
    search_fields = ["name", "current"]
