"""Alert emails speak the language of the newsroom page they were asked from."""

import pytest

from alerts import messages
from tests.factories import make_news_type, make_subscription

pytestmark = pytest.mark.django_db


@pytest.fixture
def press():
    return make_news_type(
        "Press release",
        plural="Press releases",
        plural_fr="Communiqués de presse",
        plural_ru="Пресс-релизы",
    )


def text(message):
    return message.body


def test_confirmation_of_a_french_page_alert_is_in_french(press):
    subscription = make_subscription(query="language=fr&type=press-release")
    message = messages.confirmation(subscription)
    assert message.subject == "Confirmez votre alerte d'actualités de l'OSCE"
    body = text(message)
    assert "Communiqués de presse" in body
    assert "expire après" in body
    assert "/fr/alerts/confirm/" in body


def test_russian_alert_plural_and_english_default(press):
    subscription = make_subscription(query="language=ru&type=press-release")
    assert "Пресс-релизы" in text(messages.already_subscribed(subscription))
    english = make_subscription(email="en@example.org", query="type=press-release")
    message = messages.confirmation(english)
    assert message.subject == "Confirm your OSCE news alert"
    assert "Press releases" in text(message)
