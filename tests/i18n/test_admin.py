"""Editors translate taxonomy names and texts in the admin; the public site falls back to
English where a translation is left empty, as the admin says."""

import pytest
from django.urls import reverse
from django.utils import translation

from newsroom.models import NewsType
from structures.models import Country, FieldOfWork
from tests.factories import make_country, make_field_of_work, make_news_type

pytestmark = pytest.mark.django_db


def public_name(obj, language):
    with translation.override(language):
        obj = type(obj).objects.get(pk=obj.pk)
        return obj.name


def test_admin_edits_a_field_of_work_in_every_language(admin_client, client):
    topic = make_field_of_work("Gender equality", introduction="<p>Equal rights.</p>")
    url = reverse("admin:structures_fieldofwork_change", args=[topic.pk])
    form = admin_client.get(url).content.decode()
    for language in ("en", "fr", "de", "it", "ru", "es"):
        assert f'name="name_{language}"' in form
        assert f'name="introduction_{language}"' in form
    data = {
        "name_en": "Gender equality",
        "name_fr": "Égalité des genres",
        "name_ru": "Гендерное равенство",
        "slug": topic.slug,
        "position": 0,
        "introduction_en": "<p>Equal rights.</p>",
        "introduction_fr": "<p>Des droits égaux.</p><script>x()</script>",
    }
    response = admin_client.post(url, data)
    assert response.status_code == 302
    topic.refresh_from_db()
    assert topic.name_fr == "Égalité des genres"
    assert "Left empty, the public site shows the English." in form
    assert topic.introduction_fr == "<p>Des droits égaux.</p>"  # cleaned as the English is
    assert FieldOfWork.objects.filter(pk=topic.pk, name="Gender equality").exists()
    assert public_name(topic, "fr") == "Égalité des genres"
    assert public_name(topic, "ru") == "Гендерное равенство"
    assert public_name(topic, "de") == "Gender equality"  # no German: the English

    with translation.override("fr"):
        page = client.get(topic.get_absolute_url()).content.decode()
    assert "<h1>Égalité des genres</h1>" in page
    assert "Des droits égaux." in page

    data["name_fr"] = ""  # cleared: back to the English
    data["name_en"] = "Gender equality and women's rights"
    assert admin_client.post(url, data).status_code == 302
    assert public_name(topic, "fr") == "Gender equality and women's rights"
    # The English column the importer, the API and search read follows the admin's English.
    assert FieldOfWork.objects.filter(name="Gender equality and women's rights").count() == 1


def test_admin_edits_country_and_content_type_names(admin_client):
    country = make_country("Czechia")
    url = reverse("admin:structures_country_change", args=[country.pk])
    data = {
        "name_en": "Czechia",
        "name_ru": "Чехия",
        "slug": country.slug,
        "kind": country.kind,
        "aliases-TOTAL_FORMS": 0,
        "aliases-INITIAL_FORMS": 0,
        "chairpersonships-TOTAL_FORMS": 0,
        "chairpersonships-INITIAL_FORMS": 0,
    }
    response = admin_client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:3000]
    assert public_name(Country.objects.get(pk=country.pk), "ru") == "Чехия"

    kind = make_news_type("Press release", plural="Press releases")
    url = reverse("admin:newsroom_newstype_change", args=[kind.pk])
    data = {
        "name_en": "Press release",
        "plural_en": "Press releases",
        "name_fr": "Communiqué de presse",
        "plural_fr": "Communiqués de presse",
        "slug": kind.slug,
    }
    assert admin_client.post(url, data).status_code == 302
    with translation.override("fr"):
        assert NewsType.objects.get(pk=kind.pk).plural_name == "Communiqués de presse"
    with translation.override("es"):
        assert NewsType.objects.get(pk=kind.pk).plural_name == "Press releases"


def test_admin_requires_the_english_name(admin_client):
    topic = make_field_of_work("Elections")
    url = reverse("admin:structures_fieldofwork_change", args=[topic.pk])
    response = admin_client.post(url, {"name_en": "", "name_fr": "Élections", "slug": "x"})
    assert response.status_code == 200  # the form again, with its error
    assert FieldOfWork.objects.get(pk=topic.pk).name == "Elections"


def test_names_set_while_another_language_is_active_never_replace_the_english():
    topic = make_field_of_work("Elections")
    with translation.override("fr"):
        topic.name = "Élections"
        topic.save()
    topic = FieldOfWork.objects.get(pk=topic.pk)
    assert (topic.name, topic.name_fr) == ("Elections", "Élections")
