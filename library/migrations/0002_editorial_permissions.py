"""Editors and Publishers use the library: upload, describe and attach images and documents;
Publishers may also delete what nothing uses any more."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

EDITOR = [
    "add_image",
    "change_image",
    "view_image",
    "add_document",
    "change_document",
    "view_document",
    "add_itemdocument",
    "change_itemdocument",
    "delete_itemdocument",
    "view_itemdocument",
]
PUBLISHER = [*EDITOR, "delete_image", "delete_document"]


def grant(apps, schema_editor):
    app_config = apps.get_app_config("library")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for name, codenames in (("Editor", EDITOR), ("Publisher", PUBLISHER)):
        group, _ = Group.objects.get_or_create(name=name)
        group.permissions.add(
            *Permission.objects.filter(content_type__app_label="library", codename__in=codenames)
        )


def revoke(apps, schema_editor):
    Permission = apps.get_model("auth", "Permission")
    for group in apps.get_model("auth", "Group").objects.filter(name__in=["Editor", "Publisher"]):
        group.permissions.remove(*Permission.objects.filter(content_type__app_label="library"))


class Migration(migrations.Migration):
    dependencies = [
        ("library", "0001_initial"),
        ("newsroom", "0003_editorial_groups"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
