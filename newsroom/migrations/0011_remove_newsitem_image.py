from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("newsroom", "0010_lead_images_into_library")]

    operations = [
        migrations.RemoveConstraint(model_name="newsitem", name="newsitem_image_needs_alt"),
        migrations.RemoveField(model_name="newsitem", name="image"),
        migrations.RemoveField(model_name="newsitem", name="image_alt"),
        migrations.RemoveField(model_name="newsitem", name="image_renditions"),
    ]
