"""Russian and French pages are axe-clean; the language switcher moves between languages."""

from tests.browser.axe import axe_violations
from tests.factories import translated_pages


def test_russian_and_french_pages_have_no_axe_violations(page, site, axe_source):
    found = {}
    for name, url in translated_pages(site).items():
        response = page.goto(url)
        assert response.status == 200, url
        if violations := axe_violations(page, axe_source):
            found[name] = violations
    assert found == {}


def test_switcher_goes_to_the_same_page_or_the_items_translation(page, site):
    pages = translated_pages(site)
    page.goto("/fields-of-work/elections/")
    # By class: the switcher's label is translated on other languages' pages.
    switcher = page.locator("nav.language-switcher")
    assert switcher.get_by_role("link", name="English").get_attribute("aria-current") == "page"
    switcher.get_by_role("link", name="Русский").click()
    page.wait_for_url("**/ru/fields-of-work/elections/")
    assert page.evaluate("document.documentElement.lang") == "ru"
    assert switcher.get_by_role("link", name="Русский").get_attribute("lang") == "ru"

    page.goto(pages["ru item with translations"])
    switcher.get_by_role("link", name="Français").click()
    page.wait_for_url(f"**{pages['fr item with translations']}")
    assert page.evaluate("document.documentElement.lang") == "fr"
    # no German translation: the German newsroom
    switcher.get_by_role("link", name="Deutsch").click()
    page.wait_for_url("**/de/newsroom/")
    assert page.evaluate("document.documentElement.lang") == "de"
