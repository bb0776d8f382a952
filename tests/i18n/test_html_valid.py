"""The translated pages stay valid HTML5: French and Russian texts, with their quotes,
apostrophes and markup inside messages, as the Nu HTML Checker sees them."""

import pytest

from tests.factories import build_site, make_news_item, public_pages
from tests.pages.test_html_valid import html_errors


@pytest.mark.django_db
def test_html_french_and_russian_pages_are_valid_html5(client, tmp_path):
    site = build_site(news=5)
    for language in ("fr", "ru"):
        make_news_item(f"Item {language}", language=language, fields_of_work=[site["elections"]])
    documents = {"_folder": tmp_path}
    for language in ("fr", "ru"):
        pages = {
            **public_pages(site),
            "newsroom with bad parameters": "/newsroom/?page=abc&from=2024-13-45&type=nope",
            "newsroom search": "/newsroom/?q=elections",
        }
        pages.pop("news item")  # an English item answers 301 under another prefix
        pages.pop("open data API documentation")  # not under a language prefix
        for name, url in pages.items():
            response = client.get(f"/{language}{url}")
            assert response.status_code in (200, 404), (language, name, response.status_code)
            assert f'<html lang="{language}">' in response.content.decode()
            documents[f"{language} {name}"] = response.content

    errors = html_errors(documents)

    assert errors == {}, "\n".join(
        f"{name}: {error}" for name, found in errors.items() for error in found
    )
