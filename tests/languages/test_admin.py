"""Editors: the language on the form, “Translate into …”, and translation status."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from newsroom.models import EditorScope, NewsItem
from tests.factories import (
    CHANGELIST_URL,
    change_form_data,
    change_url,
    make_image,
    make_news_item,
    make_structure,
)

pytestmark = pytest.mark.django_db


def translate(client, item, language):
    return client.post(
        reverse("admin:newsroom_newsitem_translate", args=[item.pk]), {"language": language}
    )


def test_translate_into_creates_a_linked_draft_filed_like_the_source(publisher_client, media):
    image = make_image()
    source = make_news_item(
        "Observers deployed",
        lead="English lead.",
        body="<p>English text.</p>",
        place="VIENNA",
        lead_image=image,
        structures=[make_structure("ODIHR", kind="institution")],
        tags=["elections", "observers"],
    )
    response = translate(publisher_client, source, "ru")
    draft = NewsItem.objects.get(translation_of=source)
    assert response.status_code == 302
    assert response["Location"] == change_url(draft)
    assert draft.language == "ru"
    assert draft.status == NewsItem.Status.DRAFT
    assert (draft.title, draft.lead, draft.body, draft.place) == ("", "", "", "")
    assert draft.lead_image == image
    assert draft.publish_at == source.publish_at
    assert list(draft.structures.all()) == list(source.structures.all())
    assert sorted(draft.tags.names()) == ["elections", "observers"]
    assert draft.slug == f"{source.slug}-ru"
    # the draft's form opens with the language set, and saving it publishes a translation
    page = publisher_client.get(change_url(draft)).content.decode()
    assert '<option value="ru" selected>' in page
    assert "A translation of" in page


def test_translate_into_an_existing_language_is_refused(publisher_client):
    source = make_news_item("Observers deployed")
    make_news_item("Наблюдатели", language="ru", translation_of=source)
    response = translate(publisher_client, source, "ru")
    assert response.status_code == 302
    assert NewsItem.objects.filter(translation_of=source).count() == 1
    messages = [str(m) for m in response.wsgi_request._messages]
    assert any("already exists in Русский" in m for m in messages)
    assert translate(publisher_client, source, "xx").status_code == 302
    assert NewsItem.objects.filter(translation_of=source).count() == 1


def test_translating_a_translation_links_to_the_groups_source(publisher_client):
    source = make_news_item("Observers deployed")
    russian = make_news_item("Наблюдатели", language="ru", translation_of=source)
    translate(publisher_client, russian, "fr")
    assert NewsItem.objects.get(language="fr").translation_of == source


def test_editor_outside_the_items_reach_cannot_translate(editor, client):
    skopje = make_structure("Mission to Skopje")
    EditorScope.objects.create(user=editor).structures.set([skopje])
    elsewhere = make_news_item(
        "Elsewhere", structures=[make_structure("ODIHR", kind="institution")]
    )
    client.force_login(editor)
    assert translate(client, elsewhere, "fr").status_code == 403
    assert not NewsItem.objects.filter(translation_of=elsewhere).exists()
    own = make_news_item("In Skopje", structures=[skopje])
    assert translate(client, own, "fr").status_code == 302
    assert NewsItem.objects.get(translation_of=own).created_by == editor


def test_translate_only_takes_a_post(publisher_client):
    source = make_news_item("Observers deployed")
    url = reverse("admin:newsroom_newsitem_translate", args=[source.pk])
    assert publisher_client.get(url).status_code == 405


def test_changelist_filters_by_language_and_shows_translation_status(
    publisher_client, django_assert_max_num_queries
):
    source = make_news_item("Observers deployed")
    russian = make_news_item("Наблюдатели", language="ru", translation_of=source)
    french = make_news_item("Observateurs", language="fr", translation_of=source)
    NewsItem.objects.filter(pk=russian.pk).update(
        updated_at=source.updated_at - datetime.timedelta(days=1)
    )
    NewsItem.objects.filter(pk=french.pk).update(
        updated_at=source.updated_at + datetime.timedelta(days=1)
    )
    make_news_item("Alone in English")
    page = publisher_client.get(CHANGELIST_URL).content.decode()
    assert (
        f'<a href="{change_url(russian)}" title="Русский">ru</a> '
        '<strong class="translation--outdated">outdated</strong>' in page
    )
    assert f'<a href="{change_url(french)}" title="Français">fr</a>,' in page
    assert "missing: de, it, es" in page
    assert "missing: fr, de, it, ru, es" in page  # the item alone
    russian_only = publisher_client.get(CHANGELIST_URL, {"language__exact": "ru"})
    assert [i.pk for i in russian_only.context["cl"].result_list] == [russian.pk]
    outdated = publisher_client.get(CHANGELIST_URL, {"translation": "outdated"})
    assert [i.pk for i in outdated.context["cl"].result_list] == [russian.pk]


@pytest.mark.parametrize("count", [3, 12])
def test_changelist_translation_status_queries_are_constant(
    publisher_client, django_assert_max_num_queries, count
):
    for n in range(count):
        source = make_news_item(f"Source {n}")
        make_news_item(f"Перевод {n}", language="ru", translation_of=source)
    publisher_client.get(CHANGELIST_URL)  # sessions, content types: warmed
    with django_assert_max_num_queries(20):  # the same for 3 and 12 groups
        assert publisher_client.get(CHANGELIST_URL).status_code == 200


def test_change_form_says_which_translations_exist_are_outdated_or_missing(publisher_client):
    source = make_news_item("Observers deployed")
    russian = make_news_item("Наблюдатели", language="ru", translation_of=source)
    NewsItem.objects.filter(pk=russian.pk).update(
        updated_at=timezone.now() - datetime.timedelta(days=3)
    )
    page = publisher_client.get(change_url(source)).content.decode()
    assert (
        f'<a href="{change_url(russian)}">Наблюдатели</a> (published) '
        '<strong class="translation--outdated">outdated</strong>' in page
    )
    assert '<option value="fr">Français</option>' in page
    assert (
        '<option value="ru">' not in page.split('id="translate-language"')[1].split("</select>")[0]
    )
    translation_page = publisher_client.get(change_url(russian)).content.decode()
    assert "A translation of" in translation_page
    assert "its source was changed after this translation was last saved" in translation_page


def test_saving_a_translation_brings_it_up_to_date(publisher_client):
    source = make_news_item("Observers deployed")
    russian = make_news_item("Наблюдатели", language="ru", translation_of=source)
    NewsItem.objects.filter(pk=russian.pk).update(
        updated_at=timezone.now() - datetime.timedelta(days=3)
    )
    russian.refresh_from_db()
    response = publisher_client.post(
        change_url(russian), change_form_data(russian, title="Наблюдатели направлены")
    )
    assert response.status_code == 302
    page = publisher_client.get(change_url(source)).content.decode()
    assert "translation--outdated" not in page


def test_language_of_a_translation_cannot_clash_with_its_group(publisher_client):
    source = make_news_item("Observers deployed")
    russian = make_news_item("Наблюдатели", language="ru", translation_of=source)
    response = publisher_client.post(change_url(russian), change_form_data(russian, language="en"))
    assert response.status_code == 200
    assert "already in that language" in response.content.decode()
    russian.refresh_from_db()
    assert russian.language == "ru"
