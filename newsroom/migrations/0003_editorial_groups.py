"""The two editorial roles. Editors write; Publishers also decide what is public and import."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

EDITOR = {
    "newsroom": ["add_newsitem", "change_newsitem", "view_newsitem", "view_newstype"],
    "structures": [
        "add_fieldofwork",
        "change_fieldofwork",
        "view_fieldofwork",
        "view_structure",
        "view_fieldoperation",
        "view_country",
    ],
    "taggit": ["add_tag", "change_tag", "view_tag"],
}
PUBLISHER_EXTRA = {
    "newsroom": [
        "publish_newsitem",
        "import_documents",
        "delete_newsitem",
        "view_slugredirect",
    ],
}


def create_groups(apps, schema_editor):
    # Permissions are normally created after migrate; they must exist before we assign them.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")

    def permissions(spec):
        return [
            Permission.objects.get(content_type__app_label=app_label, codename=codename)
            for app_label, codenames in spec.items()
            for codename in codenames
        ]

    editor, _ = Group.objects.get_or_create(name="Editor")
    editor.permissions.add(*permissions(EDITOR))
    publisher, _ = Group.objects.get_or_create(name="Publisher")
    publisher.permissions.add(*permissions(EDITOR), *permissions(PUBLISHER_EXTRA))


def remove_groups(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=["Editor", "Publisher"]).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("taggit", "0006_rename_taggeditem_content_type_object_id_taggit_tagg_content_8fc721_idx"),
        ("structures", "0001_initial"),
        ("newsroom", "0002_editor_scope_and_image_renditions"),
    ]

    operations = [migrations.RunPython(create_groups, remove_groups)]
