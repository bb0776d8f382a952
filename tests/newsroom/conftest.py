"""A small newsroom: four public items, one draft, one scheduled, with every kind of facet."""

import datetime
from types import SimpleNamespace

import pytest
from django.utils import timezone

from tests.factories import (
    at,
    make_country,
    make_field_of_work,
    make_news_item,
    make_news_type,
    make_structure,
)


@pytest.fixture
def newsroom(db):
    ns = SimpleNamespace()
    ns.news = make_news_type("News", plural="News items")
    ns.press = make_news_type("Press release")
    ns.spot = make_news_type("Spot report")
    ns.elections = make_field_of_work("Elections")
    ns.gender = make_field_of_work("Gender equality")
    ns.borders = make_field_of_work("Border management")
    ns.kosovo = make_country("Kosovo")
    ns.serbia = make_country("Serbia")
    ns.mission = make_structure("Mission in Kosovo")
    ns.odihr = make_structure("ODIHR", kind="institution")
    ns.closed = make_structure("Mission to Croatia", closed=True)
    ns.observers = make_news_item(
        "Observers deployed for Kosovo elections",
        news_type=ns.press,
        publish_at=at(2024, 3, 10),
        place="PRISTINA",
        lead="Election observers arrive in Pristina.",
        body="<p>The observation mission opened its office.</p>",
        fields_of_work=[ns.elections],
        structures=[ns.mission, ns.odihr],
        countries=[ns.kosovo],
        tags=["water"],
    )
    ns.women = make_news_item(
        "Women in politics conference",
        news_type=ns.news,
        publish_at=at(2024, 3, 15),
        lead="A conference on women candidates.",
        body="<p>Speakers discussed electoral quotas and parliament.</p>",
        fields_of_work=[ns.gender, ns.elections],
        structures=[ns.odihr],
        countries=[ns.serbia],
    )
    ns.border = make_news_item(
        "Border officers trained",
        news_type=ns.press,
        publish_at=at(2024, 4, 1, 9),
        lead="Training on document security.",
        body="<p>Officers practised at the crossing near the river.</p>",
        fields_of_work=[ns.borders],
        structures=[ns.mission, ns.closed],
        countries=[ns.serbia],
        tags=["youth"],
    )
    ns.spot_report = make_news_item(
        "Spot report on a checkpoint",
        news_type=ns.spot,
        publish_at=at(2024, 4, 1, 23, 30),
        lead="Monitors watched the checkpoint.",
        countries=[ns.kosovo],
    )
    ns.draft = make_news_item(
        "Draft about elections",
        published=False,
        publish_at=at(2024, 3, 11),
        news_type=ns.press,
        fields_of_work=[ns.elections],
        countries=[ns.kosovo],
        tags=["water"],
    )
    ns.scheduled = make_news_item(
        "Scheduled about elections",
        publish_at=timezone.now() + datetime.timedelta(days=1),
        news_type=ns.press,
        fields_of_work=[ns.elections],
        countries=[ns.kosovo],
        tags=["water"],
    )
    return ns
