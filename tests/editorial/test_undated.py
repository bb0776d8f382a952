"""Editors place an undated item in the newsroom's order (its sort date) from the change form."""

import pytest

from newsroom.models import ARCHIVE_END, NewsItem
from tests.factories import at, change_form_data, change_url, make_news_item

pytestmark = pytest.mark.django_db

UNDATED = "Undated background article"


def place(client, item, when, **overrides):
    data = change_form_data(
        item,
        placed_at_0=when.strftime("%Y-%m-%d") if when else "",
        placed_at_1=when.strftime("%H:%M:%S") if when else "",
        **overrides,
    )
    return client.post(change_url(item), data)


def test_undated_item_placed_from_the_change_form(publisher_client, client):
    make_news_item("Report of May 2011", publish_at=at(2011, 5, 5))
    make_news_item("Report of July 2011", publish_at=at(2011, 7, 5))
    item = make_news_item(UNDATED, undated=True)
    assert item.sort_date == ARCHIVE_END

    assert place(publisher_client, item, at(2011, 6, 1), undated="on").status_code == 302

    item.refresh_from_db()
    assert item.sort_date == at(2011, 6, 1)
    html = client.get("/newsroom/").content.decode()
    assert html.index("Report of July 2011") < html.index(UNDATED) < html.index("Report of May")


@pytest.mark.parametrize(
    ("undated", "placed"),
    [("on", "after publishing"), ("", "on a dated item")],
)
def test_undated_placement_refused_with_a_message(publisher_client, undated, placed):
    item = make_news_item(UNDATED, undated=True, publish_at=at(2020, 1, 1))
    when = at(2021, 1, 1) if placed == "after publishing" else at(2019, 1, 1)
    data = {"undated": undated} if undated else {}

    response = place(publisher_client, item, when, **data)

    assert response.status_code == 200
    assert "Only an undated item takes a sort date" in response.content.decode()
    assert NewsItem.objects.get(pk=item.pk).placed_at is None
