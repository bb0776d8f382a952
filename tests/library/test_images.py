"""Library images: upload checks and limits, renditions, the social card, lead images."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image as Pillow

from library.images import crop_box, rendition_name
from library.models import Image
from tests.factories import (
    change_form_data,
    change_url,
    image_upload,
    make_image,
    make_news_item,
)

pytestmark = pytest.mark.django_db
ADD_URL = reverse("admin:library_image_add")


def post_image(client, upload, **overrides):
    data = {
        "title": "Border crossing",
        "alt": "Border guards at a crossing",
        "caption": "",
        "credit": "",
        "focal_x": "",
        "focal_y": "",
        "file": upload,
        **overrides,
    }
    return client.post(ADD_URL, data)


def test_images_upload_makes_renditions_social_card_and_srcset(publisher_client, media):
    response = post_image(publisher_client, image_upload(), caption="Officers at the border")
    assert response.status_code == 302
    image = Image.objects.get()
    widths = [(r["width"], r["height"]) for r in image.renditions]
    assert widths == [(480, 240), (960, 480), (1440, 720), (2000, 1000)]
    assert (image.width, image.height, image.file_size) == (2000, 1000, image.file.size)
    assert image.uploaded_by.username == "publisher"
    for rendition in image.renditions[:-1]:
        assert rendition["name"] == rendition_name(image.file.name, f"{rendition['width']}w")
        with Pillow.open(media / rendition["name"]) as stored:
            assert stored.size == (rendition["width"], rendition["height"])
    with Pillow.open(media / image.social_card["name"]) as card:
        assert card.size == (1200, 630)

    item = make_news_item(published=True, slug="with-photo")
    data = change_form_data(item, lead_image=image.pk, image_caption="Photo: The Danish Defence")
    assert publisher_client.post(change_url(item), data).status_code == 302
    page = publisher_client.get(item.get_absolute_url()).content.decode()
    assert 'srcset="/media/library/images/' in page
    assert ".480w.jpg 480w" in page
    assert "2000w" in page
    assert 'width="2000" height="1000"' in page
    assert 'alt="Border guards at a crossing"' in page
    assert "<figcaption>Photo: The Danish Defence</figcaption>" in page


def test_images_one_upload_reused_by_several_items(client, media):
    image = make_image(caption="Monitors at work", credit="OSCE/Evgeniy Maloletka")
    first = make_news_item(published=True, lead_image=image)
    second = make_news_item(published=True, lead_image=image)
    for item in (first, second):
        page = client.get(item.get_absolute_url()).content.decode()
        assert image.renditions[0]["name"] in page
        assert (
            '<figcaption>Monitors at work <span class="credit">Photo: OSCE/Evgeniy Maloletka'
            "</span></figcaption>" in page
        )
    assert Image.objects.count() == 1


def test_images_small_original_has_no_larger_renditions(media):
    image = make_image("small.png", size=(600, 400))
    assert [r["width"] for r in image.renditions] == [480, 600]
    assert (image.social_card["width"], image.social_card["height"]) == (600, 315)


def test_images_renditions_made_lazily_when_missing(client, media):
    image = make_image(size=(1000, 500), renditions=False)
    item = make_news_item(published=True, lead_image=image)
    assert image.renditions == []
    page = client.get(item.get_absolute_url()).content.decode()
    assert 'width="1000" height="500"' in page
    image.refresh_from_db()
    assert [r["width"] for r in image.renditions] == [480, 960, 1000]
    assert image.social_card["name"] in page  # og:image


def test_images_reject_non_image(publisher_client, media):
    fake = SimpleUploadedFile("photo.jpg", b"%PDF-1.4 not a photo", content_type="image/jpeg")
    response = post_image(publisher_client, fake)
    assert response.status_code == 200
    assert "This file is not an image, or it is damaged" in response.content.decode()
    assert not Image.objects.exists()


def test_images_reject_oversized_file(publisher_client, media, settings):
    settings.LIBRARY_IMAGE_MAX_BYTES = 1000
    response = post_image(publisher_client, image_upload())
    assert response.status_code == 200
    assert "images may be at most 1000\xa0bytes" in response.content.decode()
    assert not Image.objects.exists()


def test_images_upload_over_the_request_cap_is_a_form_error(publisher_client, media, settings):
    """Bigger than the site's request-body cap: the library's form says so, no 400 page."""
    settings.REQUEST_BODY_MAX_SIZE = 20_000
    settings.LIBRARY_IMAGE_MAX_BYTES = 20_000
    settings.LIBRARY_DOCUMENT_MAX_BYTES = 20_000
    upload = SimpleUploadedFile("big.jpg", b"\xff\xd8" + b"x" * 60_000, content_type="image/jpeg")
    response = post_image(publisher_client, upload)
    assert response.status_code == 200
    page = response.content.decode()
    assert "This file is 58.6\xa0KB; images may be at most 19.5\xa0KB" in page
    assert 'class="errorlist' in page
    assert not Image.objects.exists()
    assert not any(media.rglob("*.jpg"))


def test_images_request_over_the_library_cap_is_still_a_400(publisher_client, media, settings):
    settings.LIBRARY_UPLOAD_BODY_MAX_SIZE = 20_000
    response = post_image(publisher_client, image_upload(size=(3000, 3000)))
    assert response.status_code == 400
    assert "too large" in response.content.decode()


def test_images_reject_other_formats(publisher_client, media):
    response = post_image(publisher_client, image_upload("anim.gif", (50, 50), "GIF"))
    assert response.status_code == 200
    assert "GIF images are not accepted" in response.content.decode()


def test_images_reject_decompression_bombs(publisher_client, media, monkeypatch):
    monkeypatch.setattr(Pillow, "MAX_IMAGE_PIXELS", 1000)
    response = post_image(publisher_client, image_upload(size=(2000, 1000)))
    assert response.status_code == 200
    assert "This file is not an image, or it is damaged" in response.content.decode()
    assert not Image.objects.exists()


def test_images_alt_text_required(publisher_client, media):
    response = post_image(publisher_client, image_upload(), alt="")
    assert response.status_code == 200
    assert "This field is required" in response.content.decode()
    assert not Image.objects.exists()


def test_images_renditions_work_with_any_storage_backend(publisher_client, settings):
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
    }
    assert post_image(publisher_client, image_upload(size=(1000, 600))).status_code == 302
    image = Image.objects.get()
    assert image.file.storage.__class__.__name__ == "InMemoryStorage"
    for name in image.file_names():
        assert image.file.storage.exists(name)
    assert [r["width"] for r in image.renditions] == [480, 960, 1000]


@pytest.mark.parametrize(
    ("size", "focal", "box"),
    [
        ((2000, 1000), (0.5, 0.5), (48, 0, 1953, 1000)),
        ((2000, 1000), (0.9, 0.5), (95, 0, 2000, 1000)),
        ((2000, 1000), (0.0, 0.5), (0, 0, 1905, 1000)),
        ((1000, 2000), (0.5, 0.1), (0, 0, 1000, 525)),
        ((1000, 2000), (0.5, 0.6), (0, 938, 1000, 1463)),
    ],
)
def test_images_social_crop_keeps_the_focal_point(size, focal, box):
    assert crop_box(size, (1200, 630), focal) == box


def test_images_social_card_follows_the_focal_point(publisher_client, media):
    """Left half red, right half blue: the card shows the half the focal point is in."""
    picture = Pillow.new("RGB", (4000, 1000), (200, 0, 0))
    picture.paste((0, 0, 200), (2000, 0, 4000, 1000))
    image = make_image(size=(10, 10))
    for focal_x, expected in (("0.95", "blue"), ("0.05", "red")):
        data = {
            "title": image.title,
            "alt": image.alt,
            "caption": "",
            "credit": "",
            "focal_x": focal_x,
            "focal_y": "0.5",
            "file": SimpleUploadedFile("wide.png", _png(picture), content_type="image/png"),
        }
        url = reverse("admin:library_image_change", args=[image.pk])
        assert publisher_client.post(url, data).status_code == 302
        image.refresh_from_db()
        with Pillow.open(media / image.social_card["name"]) as card:
            red, _, blue = card.convert("RGB").getpixel((600, 315))
        assert (blue > red) == (expected == "blue")


def _png(picture):
    from io import BytesIO

    buffer = BytesIO()
    picture.save(buffer, format="PNG")
    return buffer.getvalue()


def test_images_og_image_is_the_social_card_not_the_original(client, media):
    image = make_image()
    item = make_news_item(published=True, lead_image=image)
    page = client.get(item.get_absolute_url()).content.decode()
    card_url = f"http://testserver/media/{image.social_card['name']}"
    assert f'<meta property="og:image" content="{card_url}">' in page
    assert '<meta property="og:image:width" content="1200">' in page
    assert '<meta property="og:image:height" content="630">' in page
    assert '<meta property="og:image:type" content="image/jpeg">' in page
    assert f'<meta name="twitter:image" content="{card_url}">' in page
    assert f'content="http://testserver/media/{image.file.name}"' not in page


def test_images_focal_point_outside_the_picture_is_a_form_error(publisher_client, media):
    response = post_image(publisher_client, image_upload(), focal_x="1.5", focal_y="-0.2")
    assert response.status_code == 200
    page = response.content.decode()
    assert "Ensure this value is less than or equal to 1" in page
    assert "Ensure this value is greater than or equal to 0" in page
    assert not Image.objects.exists()
