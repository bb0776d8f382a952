from datetime import timedelta

import pytest
from django.db import IntegrityError, transaction
from django.utils import timezone

from library.models import Image
from newsroom.models import NewsItem, NewsType
from tests.factories import make_news_item, make_news_type

pytestmark = pytest.mark.django_db


def test_newsitem_str_and_url():
    item = make_news_item("OSCE trains border officers", slug="osce-trains-border-officers")
    assert str(item) == "OSCE trains border officers"
    assert item.get_absolute_url() == "/newsroom/osce-trains-border-officers/"


def test_newstype_str_and_plural():
    assert str(make_news_type("Press release")) == "Press release"
    assert make_news_type("Press release").plural_name == "Press releases"
    assert make_news_type("Spot report", plural="Spot reports").plural_name == "Spot reports"


def test_published_excludes_drafts_and_future_items():
    public = make_news_item("Public")
    make_news_item("Draft", published=False)
    make_news_item("Future", publish_at=timezone.now() + timedelta(minutes=5))
    assert list(NewsItem.objects.published()) == [public]


def test_published_includes_item_once_its_time_has_come():
    item = make_news_item("Soon", publish_at=timezone.now() + timedelta(seconds=1))
    assert item.is_scheduled
    NewsItem.objects.filter(pk=item.pk).update(publish_at=timezone.now() - timedelta(seconds=1))
    assert list(NewsItem.objects.published()) == [item]


def test_newsitem_slug_and_uuid_unique():
    item = make_news_item(slug="same")
    with pytest.raises(IntegrityError), transaction.atomic():
        make_news_item(slug="same")
    with pytest.raises(IntegrityError), transaction.atomic():
        make_news_item(uuid=item.uuid)


def test_newstype_name_unique():
    NewsType.objects.create(name="News", slug="news")
    with pytest.raises(IntegrityError), transaction.atomic():
        NewsType.objects.create(name="News", slug="news-2")


def test_newsitem_image_requires_alt_text():
    """Lead images are library images, which cannot exist without alt text."""
    with pytest.raises(IntegrityError), transaction.atomic():
        Image.objects.create(title="Photo", file="news/2025/photo.jpg", width=1, height=1, alt="")


def test_newsitem_body_cleaned_on_save():
    item = make_news_item(
        body='<p onclick="x()">Hi<script>alert(1)</script> <a href="javascript:alert(1)">x</a></p>'
    )
    item.refresh_from_db()
    assert "script" not in item.body
    assert "onclick" not in item.body
    assert "javascript:" not in item.body
    assert "<p>Hi" in item.body


def test_newsitem_modified_at_is_its_edit_or_its_going_live_whichever_is_later():
    item = make_news_item("Scheduled", publish_at=timezone.now() + timedelta(days=1))
    assert item.modified_at == item.publish_at
    NewsItem.objects.filter(pk=item.pk).update(publish_at=timezone.now() - timedelta(days=1))
    item.refresh_from_db()
    assert item.modified_at == item.updated_at


def test_newsitem_last_modified_of_a_set_is_its_newest_modified_at():
    assert NewsItem.objects.last_modified() is None
    old = make_news_item("Old", publish_at=timezone.now() - timedelta(days=3))
    backdated = make_news_item("Backdated", publish_at=timezone.now() - timedelta(days=9))
    future = make_news_item("Future", publish_at=timezone.now() + timedelta(days=2))

    assert NewsItem.objects.filter(pk=old.pk).last_modified() == old.modified_at
    assert NewsItem.objects.last_modified() == future.modified_at == future.publish_at
    assert NewsItem.objects.published().last_modified() == max(
        old.modified_at, backdated.modified_at
    )
