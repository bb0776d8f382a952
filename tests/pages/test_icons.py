import pytest
from django.urls import reverse

ICONS = [("/favicon.ico", "image/"), ("/apple-touch-icon.png", "image/png")]


@pytest.mark.parametrize(("path", "content_type"), ICONS)
def test_icon_served_at_site_root_with_far_future_caching(client, path, content_type):
    response = client.get(path)
    assert response.status_code == 200
    assert response["Content-Type"].startswith(content_type)
    assert "max-age=31536000" in response["Cache-Control"]
    assert b"".join(response.streaming_content)[:4] in {b"\x00\x00\x01\x00", b"\x89PNG"}


@pytest.mark.django_db
def test_pages_link_the_favicon_and_apple_touch_icon(client):
    html = client.get(reverse("home")).content.decode()
    assert '<link rel="icon" href="/static/icons/favicon.ico" sizes="any">' in html
    assert '<link rel="apple-touch-icon" href="/static/icons/apple-touch-icon.png">' in html
