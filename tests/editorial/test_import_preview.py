"""The admin import's dry run lists every item it would create or change, and the new
structures, topics and countries by name; "Import as drafts" keeps new items out of public."""

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from newsroom.models import NewsItem
from structures.models import Structure
from tests.factories import listing, listing_item, make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def importer(client):
    client.force_login(make_user("importer", "Publisher"))
    return client


def upload(data):
    return SimpleUploadedFile("news.txt", data, content_type="text/plain")


DOCUMENT = listing(
    listing_item(title="OSCE trains border guards", where="OSCE Mission to Atlantis"),
    listing_item(title="Youth forum in Skopje", date="16 May 2025", content_type="Press release"),
)


def test_import_dry_run_lists_items_and_new_names(importer):
    url = reverse("admin:newsroom_newsitem_import")
    page = importer.post(url, {"files": [upload(DOCUMENT)]}).content.decode()
    table = page.split("Items the import would create or change")[1].split("</table>")[0]
    assert "OSCE trains border guards" in table
    assert "Youth forum in Skopje" in table
    assert "16 May 2025" in table
    assert "Press release" in table
    assert "Published" in table
    assert "/newsroom/" in table
    assert re.search(r"New structures: [^<]*Mission to Atlantis", page)
    assert 'name="as_drafts"' in page
    assert not NewsItem.objects.exists()  # a dry run writes nothing
    assert not Structure.objects.filter(name__contains="Atlantis").exists()


def test_import_as_drafts_keeps_new_items_private(importer):
    url = reverse("admin:newsroom_newsitem_import")
    review = importer.post(url, {"files": [upload(DOCUMENT)]}).content.decode()
    token = re.search(r'name="token" value="([^"]+)"', review).group(1)
    response = importer.post(url, {"token": token, "as_drafts": "on"})
    assert response.status_code == 200
    assert NewsItem.objects.count() == 2
    assert not NewsItem.objects.published().exists()
    assert "2 new items are drafts" in response.content.decode()
