"""Translation groups, the language's choices and index, and a search vector in each item's
own language: the trigger of migration 0004 now picks the text search configuration from
the item's `language` (newsroom/listing/search.py CONFIGS says the same; a test checks)."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


VECTOR = """
    setweight(to_tsvector(config, COALESCE(NEW.title, '')), 'A')
    || setweight(to_tsvector(config, COALESCE(NEW.lead, '')), 'B')
    || setweight(to_tsvector(config, COALESCE(NEW.body, '')), 'C')
"""
CONFIG = """
    CASE NEW.language
        WHEN 'fr' THEN 'french' WHEN 'de' THEN 'german' WHEN 'it' THEN 'italian'
        WHEN 'ru' THEN 'russian' WHEN 'es' THEN 'spanish' ELSE 'english'
    END::regconfig
"""
FUNCTION = f"""
    CREATE OR REPLACE FUNCTION newsroom_newsitem_search_vector() RETURNS trigger AS $$
    DECLARE config regconfig := {CONFIG};
    BEGIN
        NEW.search_vector := {VECTOR};
        RETURN NEW;
    END
    $$ LANGUAGE plpgsql
"""
TRIGGER = """
    CREATE TRIGGER newsitem_search_vector_update
    BEFORE INSERT OR UPDATE OF title, lead, body, language, search_vector ON newsroom_newsitem
    FOR EACH ROW EXECUTE FUNCTION newsroom_newsitem_search_vector()
"""
OLD_TRIGGER = TRIGGER.replace("language, ", "")
OLD_FUNCTION = """
    CREATE OR REPLACE FUNCTION newsroom_newsitem_search_vector() RETURNS trigger AS $$
    BEGIN
        NEW.search_vector :=
            setweight(to_tsvector('english'::regconfig, COALESCE(NEW.title, '')), 'A')
            || setweight(to_tsvector('english'::regconfig, COALESCE(NEW.lead, '')), 'B')
            || setweight(to_tsvector('english'::regconfig, COALESCE(NEW.body, '')), 'C');
        RETURN NEW;
    END
    $$ LANGUAGE plpgsql
"""
DROP_TRIGGER = "DROP TRIGGER IF EXISTS newsitem_search_vector_update ON newsroom_newsitem"


def language_vectors(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for sql in (FUNCTION, DROP_TRIGGER, TRIGGER):
            schema_editor.execute(sql)
        schema_editor.execute("UPDATE newsroom_newsitem SET title = title WHERE language <> 'en'")


def english_vectors(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for sql in (OLD_FUNCTION, DROP_TRIGGER, OLD_TRIGGER):
            schema_editor.execute(sql)
        schema_editor.execute("UPDATE newsroom_newsitem SET title = title WHERE language <> 'en'")


class Migration(migrations.Migration):

    dependencies = [
        ('library', '0002_editorial_permissions'),
        ('newsroom', '0012_newsitem_language'),
        ('structures', '0003_name_variants_2025'),
        ('taggit', '0006_rename_taggeditem_content_type_object_id_taggit_tagg_content_8fc721_idx'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name='newsitem',
            name='translation_of',
            field=models.ForeignKey(blank=True, editable=False, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='translations', to='newsroom.newsitem', verbose_name='translation of'),
        ),
        migrations.AlterField(
            model_name='newsitem',
            name='language',
            field=models.CharField(choices=[('en', 'English'), ('fr', 'Français'), ('de', 'Deutsch'), ('it', 'Italiano'), ('ru', 'Русский'), ('es', 'Español')], db_default='en', default='en', max_length=8),
        ),
        migrations.AddIndex(
            model_name='newsitem',
            index=models.Index(condition=models.Q(('status', 'published')), fields=['language', '-sort_date', '-id', 'publish_at'], name='newsitem_language_order_idx'),
        ),
        migrations.AddConstraint(
            model_name='newsitem',
            constraint=models.UniqueConstraint(condition=models.Q(('translation_of__isnull', False)), fields=('translation_of', 'language'), name='newsitem_one_translation_per_language', violation_error_message='This item already has a translation in that language.'),
        ),
        migrations.RunPython(language_vectors, english_vectors),
]
