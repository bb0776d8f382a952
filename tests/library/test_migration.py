"""Today's lead images move into the library with nothing lost and the same public markup."""

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from library.models import Image
from newsroom.models import NewsItem
from tests.factories import image_bytes

BEFORE = [("newsroom", "0009_newsitem_lead_image"), ("library", "0002_editorial_permissions")]


def migrate(targets):
    executor = MigrationExecutor(connection)
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


@pytest.mark.django_db(transaction=True)
def test_migration_moves_lead_images_into_the_library(client, media):
    old = migrate(BEFORE)
    OldItem = old.get_model("newsroom", "NewsItem")
    name = default_storage.save("news/2025/photo.jpg", ContentFile(image_bytes((1000, 500))))
    small = default_storage.save("news/2025/photo.480w.jpg", ContentFile(image_bytes((480, 240))))
    medium = default_storage.save("news/2025/photo.960w.jpg", ContentFile(image_bytes((960, 480))))
    renditions = [
        {"name": small, "width": 480, "height": 240},
        {"name": medium, "width": 960, "height": 480},
        {"name": name, "width": 1000, "height": 500},
    ]
    common = {"status": "published", "publish_at": "2025-05-06T10:00:00Z"}
    first = OldItem.objects.create(
        title="Monitors deployed",
        slug="monitors-deployed",
        image=name,
        image_alt="Monitors in Donetsk",
        image_caption="Monitors at work (Photo: OSCE/Evgeniy Maloletka)",
        image_renditions=renditions,
        **common,
    )
    second = OldItem.objects.create(
        title="Monitors again", slug="monitors-again", image=name, image_alt="Monitors", **common
    )
    captioned = OldItem.objects.create(
        title="No photo", slug="no-photo", image_caption="A caption without its photo", **common
    )

    migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())

    image = Image.objects.get()
    assert image.file.name == name
    assert (image.width, image.height) == (1000, 500)
    assert image.file_size == default_storage.size(name)
    assert image.alt == "Monitors in Donetsk"
    assert image.caption == "Monitors at work (Photo: OSCE/Evgeniy Maloletka)"
    assert image.renditions == renditions
    items = NewsItem.objects.in_bulk([first.pk, second.pk, captioned.pk])
    assert items[first.pk].lead_image == image
    assert items[second.pk].lead_image == image
    assert items[captioned.pk].lead_image is None
    assert items[captioned.pk].image_caption == "A caption without its photo"

    page = client.get(items[first.pk].get_absolute_url()).content.decode()
    srcset = f"/media/{small} 480w, /media/{medium} 960w, /media/{name} 1000w"
    assert f'<img src="/media/{medium}" srcset="{srcset}"' in page
    assert 'width="1000" height="500" alt="Monitors in Donetsk"' in page
    assert "<figcaption>Monitors at work (Photo: OSCE/Evgeniy Maloletka)</figcaption>" in page
    image.refresh_from_db()
    assert image.renditions == renditions  # the page made the social card only
    assert image.social_card["name"] == "news/2025/photo.social.jpg"
