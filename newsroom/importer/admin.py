"""The importer's admin: what editors deleted (tombstones), and the mixin that records it."""

from django.contrib import admin

from newsroom.importer.models import Tombstone


class RemembersDeletions:
    """ModelAdmin mixin: deleting imported records here leaves tombstones, so that importing
    the same documents again does not bring them back."""

    def delete_model(self, request, obj):
        Tombstone.bury([obj], request.user)
        super().delete_model(request, obj)

    def delete_queryset(self, request, queryset):
        Tombstone.bury(queryset, request.user)
        super().delete_queryset(request, queryset)


@admin.register(Tombstone)
class TombstoneAdmin(admin.ModelAdmin):
    list_display = ["name", "of", "deleted_at", "deleted_by"]
    list_filter = ["of"]
    search_fields = ["name"]
    readonly_fields = ["of", "key", "name", "deleted_at", "deleted_by"]

    def has_add_permission(self, request):
        return False
