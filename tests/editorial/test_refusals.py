"""Refusals inside the admin: the reason and a way back, in the admin's layout."""

import pytest
from django.urls import reverse

from newsroom.models import EditorScope
from tests.factories import make_news_item, make_structure, make_user

pytestmark = pytest.mark.django_db


def test_refusal_for_an_out_of_scope_item_is_an_admin_page(client):
    kosovo = make_news_item("Kosovo news", structures=[make_structure("Mission in Kosovo")])
    editor = make_user("skopje", "Editor")
    EditorScope.objects.create(user=editor).structures.add(make_structure("Mission to Skopje"))
    client.force_login(editor)
    response = client.get(
        reverse("admin:newsroom_newsitem_change", args=[kosovo.pk]),
        headers={"referer": "http://testserver/admin/"},
    )
    assert response.status_code == 403
    page = response.content.decode()
    assert 'id="site-name"' in page  # the admin's header, not the public 403
    assert "structures outside your scope" in page
    assert 'href="http://testserver/admin/">Go back</a>' in page


def test_refusal_names_the_reason_an_editorial_view_gives(editor_client):
    item = make_news_item("Standing")
    response = editor_client.get(reverse("admin:newsroom_newsitem_withdraw", args=[item.pk]))
    assert response.status_code == 403
    assert "Only a Publisher can withdraw" in response.content.decode()


def test_refusal_outside_the_admin_stays_public(client):
    response = client.get(reverse("admin:newsroom_newsitem_changelist"))
    assert response.status_code == 302  # not signed in: the admin's login, as before
