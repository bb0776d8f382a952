"""A stored, GIN-indexed search vector (PostgreSQL only) and indexes for the newsroom's filters.

The vector is kept by a trigger, so every writer (ORM save, bulk_create, COPY, raw SQL)
fills it. It must match newsroom.search.search_vector_expression(): title A, lead B,
body C, 'english'. On SQLite the column exists and stays NULL.
"""

import django.contrib.postgres.search
from django.db import migrations

VECTOR = """
    setweight(to_tsvector('english'::regconfig, COALESCE(NEW.title, '')), 'A')
    || setweight(to_tsvector('english'::regconfig, COALESCE(NEW.lead, '')), 'B')
    || setweight(to_tsvector('english'::regconfig, COALESCE(NEW.body, '')), 'C')
"""

CREATE_TRIGGER = [
    f"""
    CREATE OR REPLACE FUNCTION newsroom_newsitem_search_vector() RETURNS trigger AS $$
    BEGIN
        NEW.search_vector := {VECTOR};
        RETURN NEW;
    END
    $$ LANGUAGE plpgsql
    """,
    """
    CREATE TRIGGER newsitem_search_vector_update
    BEFORE INSERT OR UPDATE OF title, lead, body, search_vector ON newsroom_newsitem
    FOR EACH ROW EXECUTE FUNCTION newsroom_newsitem_search_vector()
    """,
    "UPDATE newsroom_newsitem SET title = title",
    "CREATE INDEX newsitem_search_vector_idx ON newsroom_newsitem USING GIN (search_vector)",
]
DROP_TRIGGER = [
    "DROP INDEX IF EXISTS newsitem_search_vector_idx",
    "DROP TRIGGER IF EXISTS newsitem_search_vector_update ON newsroom_newsitem",
    "DROP FUNCTION IF EXISTS newsroom_newsitem_search_vector()",
]

# Filters select items through the M2M tables by the related id: (related, item) lets
# PostgreSQL and SQLite answer from the index alone.
FILTER_INDEXES = [
    ("newsitem_fow_filter_idx", "newsroom_newsitem_fields_of_work", "fieldofwork_id, newsitem_id"),
    ("newsitem_structure_filter_idx", "newsroom_newsitem_structures", "structure_id, newsitem_id"),
    ("newsitem_country_filter_idx", "newsroom_newsitem_countries", "country_id, newsitem_id"),
    ("taggeditem_tag_filter_idx", "taggit_taggeditem", "tag_id, content_type_id, object_id"),
]


def create_trigger(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for sql in CREATE_TRIGGER:
            schema_editor.execute(sql)


def drop_trigger(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for sql in DROP_TRIGGER:
            schema_editor.execute(sql)


class Migration(migrations.Migration):
    dependencies = [
        ("newsroom", "0003_editorial_groups"),
        ("taggit", "0006_rename_taggeditem_content_type_object_id_taggit_tagg_content_8fc721_idx"),
    ]

    operations = [
        migrations.AddField(
            model_name="newsitem",
            name="search_vector",
            field=django.contrib.postgres.search.SearchVectorField(editable=False, null=True),
        ),
        migrations.RunPython(create_trigger, drop_trigger),
        *(
            migrations.RunSQL(
                f"CREATE INDEX {name} ON {table} ({columns})",
                f"DROP INDEX {name}",
            )
            for name, table, columns in FILTER_INDEXES
        ),
    ]
