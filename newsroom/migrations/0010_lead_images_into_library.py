"""Every lead image becomes a library image, with nothing lost.

The file stays where it is (same name, same URL), its renditions keep their names, so the
public markup and srcset do not change; alt text and caption move with it (the item keeps
its caption too). Items sharing one file share one library image. The social card is made
the first time a page shows the image.
"""

from django.db import migrations
from PIL import Image as Pillow


def dimensions(field_file, renditions):
    if renditions:
        return renditions[-1]["width"], renditions[-1]["height"]
    try:
        with field_file.open("rb"), Pillow.open(field_file) as opened:
            return opened.size
    except (OSError, ValueError):
        return 1, 1  # the file is missing or damaged today too: the page shows no image


def file_size(field_file):
    try:
        return field_file.size
    except (OSError, ValueError):
        return 0


def forwards(apps, schema_editor):
    NewsItem = apps.get_model("newsroom", "NewsItem")
    Image = apps.get_model("library", "Image")
    by_name = {}
    for item in NewsItem.objects.exclude(image="").order_by("pk").iterator():
        name = item.image.name
        if name not in by_name:
            width, height = dimensions(item.image, item.image_renditions)
            by_name[name] = Image.objects.create(
                title=item.title[:255],
                file=name,
                width=width,
                height=height,
                file_size=file_size(item.image),
                alt=item.image_alt or item.title[:300],
                caption=item.image_caption,
                renditions=item.image_renditions or [],
            )
        NewsItem.objects.filter(pk=item.pk).update(lead_image=by_name[name])


def backwards(apps, schema_editor):
    NewsItem = apps.get_model("newsroom", "NewsItem")
    for item in NewsItem.objects.exclude(lead_image=None).select_related("lead_image"):
        image = item.lead_image
        NewsItem.objects.filter(pk=item.pk).update(
            image=image.file.name,
            image_alt=image.alt,
            image_caption=item.image_caption or image.caption,
            image_renditions=image.renditions,
        )


class Migration(migrations.Migration):
    dependencies = [("newsroom", "0009_newsitem_lead_image")]

    operations = [migrations.RunPython(forwards, backwards)]
