import re

import pytest
from django.contrib.auth.models import Permission
from django.core.files.uploadedfile import SimpleUploadedFile

from newsroom.importer.upload import pack, unpack
from newsroom.models import NewsItem
from structures.models import Structure
from tests.factories import listing, listing_item

pytestmark = pytest.mark.django_db

URL = "/admin/newsroom/newsitem/import/"


@pytest.fixture
def importer(django_user_model):
    user = django_user_model.objects.create_user("editor", password="x", is_staff=True)
    user.user_permissions.add(
        *Permission.objects.filter(codename__in=["import_documents", "view_newsitem"])
    )
    return user


def upload(name="news.txt", data=None):
    if data is None:
        data = listing(listing_item(title="Uploaded news"))
    return SimpleUploadedFile(name, data)


def token_in(response):
    return re.search(r'name="token" value="([^"]+)"', response.text)[1]


def test_import_page_needs_login(client):
    response = client.get(URL)
    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]


def test_import_page_denied_to_non_staff(client, django_user_model):
    user = django_user_model.objects.create_user("visitor", password="x")
    user.user_permissions.add(Permission.objects.get(codename="import_documents"))
    client.force_login(user)
    response = client.post(URL, {"files": [upload()]})
    assert response.status_code == 302
    assert NewsItem.objects.count() == 0


def test_import_page_denied_to_staff_without_permission(client, django_user_model):
    client.force_login(django_user_model.objects.create_user("clerk", password="x", is_staff=True))
    assert client.get(URL).status_code == 403
    assert client.post(URL, {"files": [upload()]}).status_code == 403
    assert NewsItem.objects.count() == 0


def test_import_page_shows_upload_form(client, importer):
    client.force_login(importer)
    response = client.get(URL)
    assert response.status_code == 200
    assert 'type="file"' in response.text
    assert "multiple" in response.text
    assert "<title>Import documents" in response.text


def test_changelist_links_to_import_page(client, importer, django_user_model):
    client.force_login(importer)
    assert URL in client.get("/admin/newsroom/newsitem/").text
    clerk = django_user_model.objects.create_user("clerk", password="x", is_staff=True)
    clerk.user_permissions.add(Permission.objects.get(codename="view_newsitem"))
    client.force_login(clerk)
    assert URL not in client.get("/admin/newsroom/newsitem/").text


def test_upload_shows_dry_run_and_writes_nothing(client, importer):
    client.force_login(importer)
    data = listing(listing_item(title="Uploaded news", where="OSCE Brand-new Office"))
    response = client.post(URL, {"files": [upload(data=data), upload("bad.txt", b"")]})
    assert response.status_code == 200
    assert "What the import would do" in response.text
    assert "bad.txt:1: empty file" in response.text
    assert "Brand-new Office" in response.text
    assert "Confirm import" in response.text
    assert NewsItem.objects.count() == 0
    assert Structure.objects.count() == 0


def test_confirm_imports_the_reviewed_files(client, importer):
    client.force_login(importer)
    review = client.post(URL, {"files": [upload(), upload("bad.txt", b"\x00")]})
    response = client.post(URL, {"token": token_in(review)})
    assert response.status_code == 200
    assert "What the import did" in response.text
    assert "Imported 1 of 2 documents." in response.text
    assert "bad.txt:1: binary file (NUL byte)" in response.text
    assert list(NewsItem.objects.values_list("title", flat=True)) == ["Uploaded news"]
    assert NewsItem.objects.get().source_document == "news.txt"


def test_confirm_rejects_a_tampered_token(client, importer):
    client.force_login(importer)
    token = pack([("news.txt", listing(listing_item(title="Reviewed")))])
    forged = pack([("news.txt", listing(listing_item(title="Slipped in")))])
    tampered = forged.rsplit(":", 1)[0] + ":" + token.rsplit(":", 1)[1]
    response = client.post(URL, {"token": tampered})
    assert response.status_code == 200
    assert "could not be verified" in response.text
    assert NewsItem.objects.count() == 0


def test_superuser_may_import(client, django_user_model):
    client.force_login(django_user_model.objects.create_superuser("root", password="x"))
    review = client.post(URL, {"files": [upload()]})
    client.post(URL, {"token": token_in(review)})
    assert NewsItem.objects.count() == 1


def test_upload_rejects_other_file_types(client, importer):
    client.force_login(importer)
    response = client.post(URL, {"files": [upload("photo.jpg", b"\xff\xd8\xff")]})
    assert "Only .txt files can be imported: photo.jpg." in response.text
    assert "Confirm import" not in response.text


def test_upload_too_large_to_carry_is_refused(client, importer, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1000
    client.force_login(importer)
    data = listing(*(listing_item(title=f"Item {n}", lead=f"Lead {n} " * n) for n in range(60)))
    response = client.post(URL, {"files": [upload(data=data)]})
    assert "too large to review at once" in response.text
    assert "Confirm import" not in response.text


def test_pack_round_trip_keeps_bytes_exactly():
    files = [("a.txt", "Priština – “quoted”".encode()), ("b.txt", b"\xff\xfe\x00raw")]
    assert unpack(pack(files)) == files
