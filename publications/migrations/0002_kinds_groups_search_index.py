"""The four kinds of the organisation's pages, the roles' permissions, and (PostgreSQL) a GIN
index on the search vector."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

KINDS = [
    ("Study or report", "Studies and reports", "studies-and-reports", 1,
     "Reports, studies and analyses for policymakers, researchers and all those interested "
     "in this field of our work"),
    ("Manual or guide", "Manuals and guides", "manuals-and-guides", 2,
     "Practice-oriented manuals, guides, handbooks and recommendations for policymakers and "
     "practitioners working in this field"),
    ("Project", "Projects", "projects", 3,
     "Initiatives funded by individual states and organizations"),
    ("Story", "Stories", "stories", 4,
     "Read up on the OSCE, our people on the ground and our work"),
]
EDITOR = [
    "add_publication",
    "change_publication",
    "view_publication",
    "view_publicationkind",
    # A publication's files are edited inline, with the publication.
    "add_publicationfile",
    "change_publicationfile",
    "delete_publicationfile",
    "view_publicationfile",
]
PUBLISHER_EXTRA = [
    "publish_publication",
    "delete_publication",
    "add_publicationkind",
    "change_publicationkind",
]


def forwards(apps, schema_editor):
    Kind = apps.get_model("publications", "PublicationKind")
    for name, plural, slug, position, description in KINDS:
        Kind.objects.get_or_create(
            slug=slug,
            defaults={
                "name": name,
                "plural": plural,
                "position": position,
                "description": description,
            },
        )
    app_config = apps.get_app_config("publications")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")

    def permissions(codenames):
        return Permission.objects.filter(
            content_type__app_label="publications", codename__in=codenames
        )

    editor, _ = Group.objects.get_or_create(name="Editor")
    editor.permissions.add(*permissions(EDITOR))
    publisher, _ = Group.objects.get_or_create(name="Publisher")
    publisher.permissions.add(*permissions(EDITOR + PUBLISHER_EXTRA))
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            "CREATE INDEX publication_search_vector_idx ON publications_publication "
            "USING GIN (search_vector)"
        )


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP INDEX IF EXISTS publication_search_vector_idx")


class Migration(migrations.Migration):
    dependencies = [
        ("publications", "0001_initial"),
        ("newsroom", "0003_editorial_groups"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
