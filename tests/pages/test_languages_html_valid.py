"""Every public page type in Russian and French is valid HTML5 (issue 18)."""

import pytest

from tests.factories import build_site, translated_pages
from tests.pages.test_html_valid import html_errors


@pytest.mark.django_db
def test_html_every_public_page_type_in_russian_and_french_is_valid(client, tmp_path):
    pages = translated_pages(build_site(news=5))
    documents = {"_folder": tmp_path}
    for name, url in pages.items():
        response = client.get(url)
        assert response.status_code == 200, (name, url, response.status_code)
        documents[name] = response.content
    assert len(documents) == 32

    errors = html_errors(documents)

    assert errors == {}, "\n".join(
        f"{name}: {error}" for name, found in errors.items() for error in found
    )
