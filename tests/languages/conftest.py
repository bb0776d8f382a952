import pytest

from tests.factories import make_country, make_field_of_work, make_news_item, make_structure


@pytest.fixture
def multilingual(db):
    """An English item translated into Russian and French, items in Russian and French
    alone, all filed under one topic, structure and country."""
    field = make_field_of_work("Elections", slug="elections")
    structure = make_structure("ODIHR", kind="institution", slug="odihr")
    country = make_country("Ukraine", slug="ukraine")
    filed = {"fields_of_work": [field], "structures": [structure], "countries": [country]}
    english = make_news_item("Observers deployed for elections", slug="observers-en", **filed)
    russian = make_news_item(
        "Наблюдатели направлены на выборы",
        slug="nabliudateli-ru",
        language="ru",
        translation_of=english,
        lead="Наблюдатели прибыли для наблюдения за ходом выборов.",
        **filed,
    )
    french = make_news_item(
        "Des observateurs déployés pour les élections",
        slug="observateurs-fr",
        language="fr",
        translation_of=english,
        lead="Les observateurs suivent l’élection présidentielle.",
        **filed,
    )
    russian_alone = make_news_item(
        "Заявление Председателя",
        slug="zaiavlenie-ru",
        language="ru",
        lead="Председатель приветствует проведение выборов.",
        **filed,
    )
    french_alone = make_news_item(
        "Déclaration de la présidence",
        slug="declaration-fr",
        language="fr",
        lead="La présidence salue l’élection.",
        **filed,
    )
    english_alone = make_news_item("Border officers trained", slug="border-en", **filed)
    return {
        "field": field,
        "structure": structure,
        "country": country,
        "english": english,
        "russian": russian,
        "french": french,
        "russian_alone": russian_alone,
        "french_alone": french_alone,
        "english_alone": english_alone,
    }
