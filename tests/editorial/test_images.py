from io import BytesIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from newsroom.editorial.images import rendition_name
from newsroom.models import NewsItem
from tests.factories import change_form_data, change_url, make_news_item

pytestmark = pytest.mark.django_db


def image_upload(name="photo.jpg", size=(2000, 1000), image_format="JPEG"):
    buffer = BytesIO()
    Image.new("RGB", size, (20, 90, 160)).save(buffer, format=image_format)
    content_type = f"image/{image_format.lower()}"
    return SimpleUploadedFile(name, buffer.getvalue(), content_type=content_type)


def post_image(client, item, upload, **overrides):
    data = change_form_data(item, image_alt="Border guards at a crossing", **overrides)
    data["image"] = upload
    return client.post(change_url(item), data)


def test_images_upload_makes_renditions_and_srcset(publisher_client, media):
    item = make_news_item(published=True, slug="with-photo")
    response = post_image(
        publisher_client, item, image_upload(), image_caption="Photo: The Danish Defence"
    )
    assert response.status_code == 302
    item.refresh_from_db()
    widths = [(r["width"], r["height"]) for r in item.image_renditions]
    assert widths == [(480, 240), (960, 480), (1440, 720), (2000, 1000)]
    for rendition in item.image_renditions[:-1]:
        assert rendition["name"] == rendition_name(item.image.name, rendition["width"])
        with Image.open(media / rendition["name"]) as stored:
            assert stored.size == (rendition["width"], rendition["height"])
    page = publisher_client.get(item.get_absolute_url()).content.decode()
    assert 'srcset="/media/news/' in page
    assert ".480w.jpg 480w" in page
    assert "photo.jpg 2000w" in page or "2000w" in page
    assert 'width="2000" height="1000"' in page
    assert 'alt="Border guards at a crossing"' in page
    assert "<figcaption>Photo: The Danish Defence</figcaption>" in page


def test_images_small_original_has_no_larger_renditions(publisher_client, media):
    item = make_news_item(published=True)
    post_image(publisher_client, item, image_upload("small.png", (600, 400), "PNG"))
    item.refresh_from_db()
    assert [r["width"] for r in item.image_renditions] == [480, 600]


def test_images_rendition_made_lazily_when_missing(client, media):
    item = make_news_item(published=True)
    upload = image_upload(size=(1000, 500))
    item.image.save("lazy.jpg", upload, save=False)
    item.image_alt = "A photo"
    item.save()
    assert item.image_renditions == []
    page = client.get(item.get_absolute_url()).content.decode()
    assert 'width="1000" height="500"' in page
    item.refresh_from_db()
    assert [r["width"] for r in item.image_renditions] == [480, 960, 1000]


def test_images_reject_non_image(publisher_client, media):
    item = make_news_item(published=True)
    fake = SimpleUploadedFile("photo.jpg", b"%PDF-1.4 not a photo", content_type="image/jpeg")
    response = post_image(publisher_client, item, fake)
    assert response.status_code == 200
    assert "This file is not an image, or it is damaged" in response.content.decode()
    item.refresh_from_db()
    assert not item.image


def test_images_reject_oversized_file(publisher_client, media, settings):
    settings.NEWSROOM_IMAGE_MAX_BYTES = 1000
    item = make_news_item(published=True)
    response = post_image(publisher_client, item, image_upload())
    assert response.status_code == 200
    page = response.content.decode()
    assert "images may be at most 1000\xa0bytes" in page
    item.refresh_from_db()
    assert not item.image


def test_images_reject_other_formats(publisher_client, media):
    item = make_news_item(published=True)
    response = post_image(publisher_client, item, image_upload("anim.gif", (50, 50), "GIF"))
    assert response.status_code == 200
    assert "GIF images are not accepted" in response.content.decode()


def test_images_alt_text_required(publisher_client, media):
    item = make_news_item(published=True)
    data = change_form_data(item, image_alt="")
    data["image"] = image_upload()
    response = publisher_client.post(change_url(item), data)
    assert response.status_code == 200
    assert "alt text is required" in response.content.decode()
    assert not NewsItem.objects.get(pk=item.pk).image


def test_images_renditions_work_with_any_storage_backend(publisher_client, settings):
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
    }
    item = make_news_item(published=True)
    assert post_image(publisher_client, item, image_upload(size=(1000, 600))).status_code == 302
    item.refresh_from_db()
    assert item.image.storage.__class__.__name__ == "InMemoryStorage"
    for rendition in item.image_renditions:
        assert item.image.storage.exists(rendition["name"])
    assert [r["width"] for r in item.image_renditions] == [480, 960, 1000]
