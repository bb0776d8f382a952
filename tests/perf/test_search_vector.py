import pytest
from django.contrib.postgres.search import SearchQuery
from django.core.management import call_command
from django.db import connection

from newsroom.models import NewsItem
from tests.factories import make_news_item


def matching(text):
    return NewsItem.objects.filter(search_vector=SearchQuery(text, config="english"))


@pytest.mark.django_db
def test_search_vector_follows_every_edit_on_postgresql_and_stays_null_on_sqlite():
    item = make_news_item("Border police training", body="<p>Water management in Central Asia</p>")

    if connection.vendor != "postgresql":
        item.refresh_from_db()
        assert item.search_vector is None
        return
    assert list(matching("waters")) == [item]  # stemmed, from the body
    assert list(matching("police")) == [item]

    item.body = "<p>Election observation</p>"
    item.save()

    assert not matching("water").exists()
    assert list(matching("elections")) == [item]
    NewsItem.objects.filter(pk=item.pk).update(title="Youth forum")
    assert list(matching("youth")) == [item]


@pytest.mark.django_db
def test_search_vector_filled_for_bulk_generated_items():
    call_command("generate_content", items=20, seed=9)

    if connection.vendor == "postgresql":
        assert not NewsItem.objects.filter(search_vector__isnull=True).exists()
    else:
        assert NewsItem.objects.filter(search_vector__isnull=True).count() == 20
