"""Each language's pages: its own items, links to translations, hreflang, the switcher."""

import re

import pytest

from newsroom.listing.facets import facet_counts

pytestmark = pytest.mark.django_db

ALTERNATE = re.compile(r'<link rel="alternate" hreflang="([\w-]+)" href="([^"]+)">')
SWITCHER = re.compile(r'<nav class="language-switcher".*?</nav>', re.DOTALL)
SWITCH = re.compile(r'<a href="([^"]*)" hreflang="(\w+)" lang="(\w+)"( aria-current="page")?>')


def html(client, path):
    response = client.get(path)
    assert response.status_code == 200, path
    return response.content.decode()


def alternates(page):
    return dict(ALTERNATE.findall(page))


def switcher(page):
    """{language: (url, current)} of the page's language switcher."""
    (nav,) = SWITCHER.findall(page)
    return {code: (url, bool(current)) for url, code, lang, current in SWITCH.findall(nav)}


@pytest.mark.parametrize(
    ("language", "own", "others"),
    [
        ("ru", ["russian", "russian_alone"], ["english", "french", "french_alone"]),
        ("fr", ["french", "french_alone"], ["english", "russian", "russian_alone"]),
        ("", ["english", "english_alone"], ["russian", "french", "russian_alone"]),
    ],
)
def test_each_language_lists_only_its_items(client, multilingual, language, own, others):
    prefix = f"/{language}" if language else ""
    for path in [
        "/newsroom/",
        "/",
        "/fields-of-work/elections/",
        "/structures/odihr/",
        "/countries/ukraine/",
        "/newsroom/?field=elections&country=ukraine",
    ]:
        page = html(client, prefix + path)
        assert f'<html lang="{language or "en"}">' in page
        for name in own:
            assert multilingual[name].get_absolute_url() in page, (path, name)
        for name in others:
            assert multilingual[name].title not in page, (path, name)


@pytest.mark.parametrize("language", ["ru", "fr"])
def test_facet_counts_count_the_languages_items(client, multilingual, language):
    response = client.get(f"/{language}/newsroom/")
    counts = {
        facet.param: {option.slug: option.count for option in facet.options}
        for facet in facet_counts(response.context["filter"])
    }
    assert counts["field"] == {"elections": 2}
    assert counts["country"] == {"ukraine": 2}
    assert response.context["page_obj"].paginator.count == 2
    assert client.get("/newsroom/").context["page_obj"].paginator.count == 2


def test_filter_slugs_are_language_neutral(client, multilingual):
    russian = html(client, "/ru/newsroom/?field=elections&structure=odihr&country=ukraine")
    assert "Заявление Председателя" in russian
    assert "ignored" not in russian


@pytest.mark.parametrize("name", ["russian", "french"])
def test_item_with_translations_links_them_and_names_alternates(client, multilingual, name):
    item = multilingual[name]
    page = html(client, item.get_absolute_url())
    assert f'<html lang="{item.language}">' in page
    group = {m.language: m for m in (multilingual[n] for n in ("english", "russian", "french"))}
    for code, member in group.items():
        if member != item:
            assert f'href="{member.get_absolute_url()}" hreflang="{code}" lang="{code}"' in page
    assert alternates(page) == {
        "en": "http://testserver/newsroom/observers-en/",
        "ru": "http://testserver/ru/newsroom/nabliudateli-ru/",
        "fr": "http://testserver/fr/newsroom/observateurs-fr/",
        "x-default": "http://testserver/newsroom/observers-en/",
    }
    links = switcher(page)
    assert links["en"] == ("/newsroom/observers-en/", False)
    assert links[item.language] == (item.get_absolute_url(), True)
    # no German translation: the switcher goes to the German newsroom
    assert links["de"] == ("/de/newsroom/", False)
    assert links["es"] == ("/es/newsroom/", False)


@pytest.mark.parametrize("name", ["russian_alone", "french_alone"])
def test_item_without_translations_has_no_alternates(client, multilingual, name):
    item = multilingual[name]
    page = html(client, item.get_absolute_url())
    assert "This item in other languages" not in page
    assert alternates(page) == {}
    links = switcher(page)
    assert links[item.language] == (item.get_absolute_url(), True)
    assert links["en"] == ("/newsroom/", False)


@pytest.mark.parametrize(
    ("name", "wrong"),
    [
        ("russian", "/fr/newsroom/nabliudateli-ru/"),
        ("russian", "/newsroom/nabliudateli-ru/"),
        ("french", "/ru/newsroom/observateurs-fr/"),
        ("english", "/ru/newsroom/observers-en/"),
    ],
)
def test_item_under_another_languages_prefix_moves_permanently(client, multilingual, name, wrong):
    response = client.get(wrong)
    assert response.status_code == 301
    assert response["Location"] == multilingual[name].get_absolute_url()


@pytest.mark.parametrize("path", ["/fields-of-work/elections/", "/countries/ukraine/", "/"])
def test_pages_name_every_language_as_alternate_and_switch_to_the_same_page(
    client, multilingual, path
):
    page = html(client, f"/ru{path}")
    expected = {
        code: f"http://testserver{'' if code == 'en' else '/' + code}{path}"
        for code in ["en", "fr", "de", "it", "ru", "es"]
    }
    assert alternates(page) == {**expected, "x-default": expected["en"]}
    links = switcher(page)
    assert links["fr"] == (f"/fr{path}", False)
    assert links["ru"] == (f"/ru{path}", True)
    assert links["en"] == (path, False)


def test_switcher_keeps_the_filters_but_not_the_page_number(client, multilingual):
    links = switcher(html(client, "/ru/newsroom/?field=elections&page=1"))
    assert links["fr"][0] == "/fr/newsroom/?field=elections"


def test_feed_links_stay_in_the_pages_language(client, multilingual):
    page = html(client, "/ru/newsroom/?field=elections")
    assert 'href="/ru/newsroom/rss/?field=elections"' in page
    assert 'href="/ru/newsroom/atom/?field=elections"' in page


def test_pages_of_a_group_carry_its_sources_key_and_a_translations_save_purges_it(
    client, multilingual, monkeypatch, django_capture_on_commit_callbacks
):
    from osce_site import surrogate

    english, russian = multilingual["english"], multilingual["russian"]
    group = f"newsroom.newsitem:{english.pk}"
    assert group in client.get(russian.get_absolute_url())["Surrogate-Key"].split()
    assert group in client.get(english.get_absolute_url())["Surrogate-Key"].split()
    alone = multilingual["russian_alone"]
    assert (
        f"newsroom.newsitem:{english.pk}"
        not in client.get(alone.get_absolute_url())["Surrogate-Key"]
    )
    purged = []
    monkeypatch.setattr(surrogate, "purge_http", purged.append)
    russian.title = "Наблюдатели прибыли"
    with django_capture_on_commit_callbacks(execute=True):
        russian.save()
    assert any(group in keys for keys in purged)
