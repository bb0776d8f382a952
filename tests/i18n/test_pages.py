"""Public pages in French and Russian: interface text, dates, numbers and plurals, under
their URL prefixes (/fr/, /ru/), whose language lists its own items."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from structures.models import Country, Structure
from tests.factories import (
    at,
    make_country,
    make_field_of_work,
    make_news_item,
    make_news_items,
    make_news_type,
    make_structure,
)

pytestmark = pytest.mark.django_db


def get(client, language, url):
    """The page at `url` (an English path) in `language`: its prefixed URL."""
    if language != "en":
        url = f"/{language}{url}"
    response = client.get(url)
    assert response.status_code == 200, url
    return response.content.decode()


def heading(page, tag="h1"):
    return re.sub(r"<[^>]+>", "", re.search(rf"<{tag}[^>]*>(.*?)</{tag}>", page, re.S).group(1))


def result_count(page):
    return heading(re.search(r'<h2 id="results-heading".*?</h2>', page, re.S).group(0), "h2")


def press_releases(count, language="en"):
    release = make_news_type(
        "Press release",
        plural="Press releases",
        name_fr="Communiqué de presse",
        plural_fr="Communiqués de presse",
        name_ru="Пресс-релиз",
        plural_ru="Пресс-релизы",
    )
    make_news_items(count, news_type=release, publish_at=at(2019, 3, 5), language=language)
    return release


def test_french_newsroom_counts_and_dates_in_french(client):
    release = press_releases(12, "fr")
    page = get(client, "fr", f"/newsroom/?type={release.slug}")
    assert heading(page) == "12 communiqués de presse"
    assert result_count(page) == "12 résultats"
    assert "5 mars 2019" in page
    assert "5 March 2019" not in page
    assert "Filtrer les actualités" in page
    assert "Salle de presse" in page  # the navigation
    assert '<label for="type-press-release">Communiqué de presse <span class="count">(12)' in page
    assert "Aller au contenu principal" in page


def test_russian_newsroom_has_three_plural_forms_and_russian_dates(client):
    release = press_releases(21, "ru")
    page = get(client, "ru", "/newsroom/")
    assert result_count(page) == "21 материал, страница 1 из 2"
    assert "5 марта 2019 г." in page
    assert heading(get(client, "ru", f"/newsroom/?type={release.slug}")) == "Пресс-релизы (21)"
    make_news_items(2, news_type=release, publish_at=at(2019, 3, 5), language="ru")
    assert result_count(get(client, "ru", "/newsroom/")).startswith("23 материала,")
    make_news_items(2, news_type=release, publish_at=at(2019, 3, 5), language="ru")
    assert result_count(get(client, "ru", "/newsroom/")).startswith("25 материалов,")


def test_english_newsroom_is_unchanged(client):
    release = press_releases(12)
    page = get(client, "en", f"/newsroom/?type={release.slug}")
    assert heading(page) == "12 press releases"
    assert result_count(page) == "12 items"
    assert "5 March 2019" in page


def test_bad_parameters_are_explained_in_the_page_language(client):
    page = get(client, "fr", "/newsroom/?from=2019-13-45&country=atlantis")
    assert "Certains paramètres n'ont pas pu être utilisés" in page
    assert "ignoré : date mal formée from=&#x27;2019-13-45&#x27;" in page
    assert "ignoré : valeur inconnue &#x27;atlantis&#x27; (pays)" in page
    page = get(client, "ru", "/newsroom/?q=vote&from=2019-03-01&to=2019-03-31")
    assert "Поиск: «vote»" in page  # the chip
    assert "С: 1 марта 2019 г." in page


def test_feeds_title_and_describe_in_the_language(client):
    release = press_releases(2, "fr")
    field = make_field_of_work("Elections", name_fr="Élections")
    make_news_item("Vote", news_type=release, fields_of_work=[field], language="fr")
    feed = get(client, "fr", f"/newsroom/rss/?type={release.slug}&field=elections")
    assert "<title>Actualités de l'OSCE — Communiqués de presse – thème : Élections</title>" in feed
    assert "Les derniers contenus de la salle de presse de l'OSCE" in feed


def test_taxonomy_pages_in_french_and_russian(client):
    field = make_field_of_work(
        "Elections",
        name_fr="Élections",
        introduction="Free and fair elections.",
        introduction_fr="Des élections libres et équitables.",
    )
    mission = make_structure(
        "Mission to Skopje", name_fr="Mission à Skopje", established_on=at(1992, 9, 18).date()
    )
    czechia = make_country("Czechia", name_ru="Чехия")
    for language in ("fr", "ru"):
        filed = {"fields_of_work": [field], "structures": [mission], "language": language}
        make_news_item(f"Vote {language}", publish_at=at(2019, 3, 5), **filed)

    page = get(client, "fr", field.get_absolute_url())
    assert heading(page) == "Élections"
    assert "Des élections libres et équitables." in page
    assert "Dernières actualités" in page
    page = get(client, "ru", field.get_absolute_url())  # no Russian name: the English one
    assert heading(page) == "Elections"
    assert "Free and fair elections." in page
    assert "Последние новости" in page

    page = get(client, "fr", mission.get_absolute_url())
    assert heading(page) == "Mission à Skopje"
    assert "Opération de terrain" in page  # the kind
    assert "18 septembre 1992" in page
    page = get(client, "ru", "/field-operations/")
    assert '<time datetime="1992-09-18">18 сентября 1992 г.</time>' in page

    page = get(client, "ru", czechia.get_absolute_url())
    assert heading(page) == "Чехия"
    assert "Государство-участник" in page
    page = get(client, "fr", "/countries/")
    assert ">Czechia</a>" in page  # no French name: the English one
    assert "États participants" in page


def test_taxonomy_names_cost_no_query_per_item_in_any_language(client):
    """Translated names are columns of the rows already read: the same queries in English
    and French, with one item or many."""
    fields = [make_field_of_work(f"Topic {n}", name_fr=f"Thème {n}") for n in range(6)]
    structures = [make_structure(f"Mission {n}", name_fr=f"Mission n° {n}") for n in range(6)]

    def counts():
        result = {}
        for language in ("en", "fr", "ru"):
            for url in ("/newsroom/", "/", "/fields-of-work/", "/structures/"):
                with CaptureQueriesContext(connection) as queries:
                    get(client, language, url)
                result[language, url] = len(queries)
        return result

    for language in ("en", "fr", "ru"):
        make_news_item(fields_of_work=fields[:1], structures=structures[:1], language=language)
    few = counts()
    for n in range(24):
        filed = {"fields_of_work": fields[n % 6 :], "structures": structures[: n % 6 + 1]}
        make_news_item(language=("en", "fr", "ru")[n % 3], **filed)
    many = counts()
    assert few == many
    for url in ("/newsroom/", "/", "/fields-of-work/", "/structures/"):
        assert few["en", url] == few["fr", url] == few["ru", url]
    page = get(client, "fr", "/newsroom/")
    assert "Thème 5" in page
    assert "Mission n° 4" in page


def test_kind_labels_are_translated():
    with translation.override("fr"):
        assert str(Country.Kind.PARTICIPATING_STATE.label) == "État participant"
    with translation.override("ru"):
        assert str(Structure.Kind.FIELD_OPERATION.label) == "Полевая операция"


def test_closed_structures_are_marked_in_the_language(client):
    closed = make_structure("Mission to Croatia", name_fr="Mission en Croatie", closed=True)
    make_news_item("Old news", structures=[closed], language="fr")
    page = get(client, "fr", "/newsroom/")
    assert "Mission en Croatie (activité terminée)" in page  # the facet and the item's links
    assert "(closed)" not in page
    assert str(closed) == "Mission to Croatia (closed)"
