"""The admin as the desk sees it: dashboard, header, app labels, the news list."""

import pytest
from django.urls import reverse
from django.utils import timezone

from newsroom.models import NewsItem
from tests.factories import (
    ADD_URL,
    CHANGELIST_URL,
    change_form_data,
    make_country,
    make_field_of_work,
    make_news_item,
    make_news_type,
    make_structure,
)

pytestmark = pytest.mark.django_db


def test_desk_dashboard_sections_for_an_editor(editor_client, editor):
    editor_client.post(
        ADD_URL,
        change_form_data(NewsItem(title="My own draft", slug="own", publish_at=timezone.now())),
    )
    make_news_item("Out last week, mine", created_by=editor)
    make_news_item("Out, someone else's")
    page = editor_client.get(reverse("admin:index")).content.decode()
    assert "Write news" in page
    assert reverse("admin:newsroom_newsitem_add") in page
    my_drafts = page.split("<h3>My drafts</h3>")[1].split("<h3>")[0]
    assert "My own draft" in my_drafts
    published = page.split("Recently published")[1]
    assert "Out last week, mine" in published
    assert "Out, someone else" not in published
    assert "Waiting for review" not in page  # not an Editor's queue


def test_desk_dashboard_for_a_publisher(publisher_client):
    make_news_item("Out, anyone's")
    page = publisher_client.get(reverse("admin:index")).content.decode()
    assert "<h3>Waiting for review</h3>" in page
    assert "Out, anyone" in page.split("Recently published")[1]
    assert "?review=pending" in page


def test_desk_header_and_app_labels(publisher_client):
    page = publisher_client.get(reverse("admin:index")).content.decode()
    assert "Organization for Security and Co-operation in Europe" in page
    assert "Django administration" not in page
    assert ">Tags<" in page
    assert "Taggit" not in page


def test_desk_news_list_filters_columns_and_body_search(publisher_client, publisher):
    skopje = make_structure("Mission to Skopje")
    item = make_news_item(
        "Police reform",
        structures=[skopje],
        countries=[make_country("North Macedonia")],
        fields_of_work=[make_field_of_work("Policing")],
        tags=["police"],
        news_type=make_news_type(),
        body="<p>Community policing in Tetovo.</p>",
    )
    NewsItem.objects.filter(pk=item.pk).update(created_by=publisher)
    make_news_item("Unrelated", countries=[make_country("Albania")])
    page = publisher_client.get(f"{CHANGELIST_URL}?q=Tetovo").content.decode()
    assert "Police reform" in page
    assert "Unrelated" not in page
    assert "Mission to Skopje" in page  # the structure column
    assert ">publisher<" in page  # the author column
    filters = publisher_client.get(CHANGELIST_URL).content.decode().lower()
    titles = (
        "where we are",
        "countries",
        "what we do",
        "tags",
        "author",
        "content type",
        "language",
    )
    for title in ("status", "review", *titles):
        assert f"by {title}" in filters, title
    by_structure = publisher_client.get(f"{CHANGELIST_URL}?structures__id__exact={skopje.pk}")
    assert "Unrelated" not in by_structure.content.decode()
    NewsItem.objects.filter(title="Unrelated").update(language="fr")
    in_french = publisher_client.get(f"{CHANGELIST_URL}?language__exact=fr").text
    assert "Unrelated" in in_french
    assert "Police reform" not in in_french


def test_desk_newsroom_app_config_is_the_one_that_connects_the_cache():
    from django.apps import apps

    from newsroom.apps import NewsroomConfig

    assert type(apps.get_app_config("newsroom")) is NewsroomConfig
    assert apps.get_app_config("taggit").verbose_name == "Tags"
