import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("library", "0001_initial"),
        ("newsroom", "0008_sort_date_and_taxonomy_edits"),
    ]

    operations = [
        migrations.AddField(
            model_name="newsitem",
            name="lead_image",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="lead_of",
                to="library.image",
            ),
        ),
        migrations.AlterField(
            model_name="newsitem",
            name="image_caption",
            field=models.CharField(
                blank=True,
                help_text="Caption of the lead image in this item; blank: the image's own caption.",
                max_length=300,
            ),
        ),
    ]
