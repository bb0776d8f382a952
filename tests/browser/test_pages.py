import re

from library import extraction
from library.models import Document, ItemDocument
from tests.browser.axe import axe_violations
from tests.factories import (
    make_document,
    make_image,
    make_news_item,
    make_publication,
    public_pages,
    text_pdf,
)


def test_pages_have_no_axe_violations(page, site, axe_source):
    found = {}
    for name, url in public_pages(site).items():
        response = page.goto(url)
        assert response.status == (404 if name == "404" else 200), url
        if violations := axe_violations(page, axe_source):
            found[name] = violations
    assert found == {}


def test_pages_fit_a_320px_phone_without_sideways_scrolling_or_axe_violations(
    phone_page, site, axe_source
):
    found = {}
    for name, url in public_pages(site).items():
        phone_page.goto(url)
        width = phone_page.evaluate("document.documentElement.scrollWidth")
        assert width <= 320, url
        if name in {"home", "structure", "field operations", "newsroom (filtered)"}:
            if violations := axe_violations(phone_page, axe_source):
                found[name] = violations
    assert found == {}


def test_layout_keyboard_skip_link_first_then_header_and_navigation(page, site):
    page.goto("/")
    names = []
    for _ in range(5):
        page.keyboard.press("Tab")
        names.append(page.evaluate("document.activeElement.textContent.trim()"))
        outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
        assert outline != "none", names[-1]
    assert names[0] == "Skip to main content"
    assert names[1].startswith("OSCE")
    assert names[3] == "Search"
    assert names[4] == "Fields of work"

    page.goto("/fields-of-work/")
    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="Skip to main content")
    assert skip.evaluate("el => el === document.activeElement")
    box = skip.bounding_box()
    assert box["y"] >= 0
    assert box["height"] > 0
    outline = skip.evaluate(
        "el => getComputedStyle(el).outlineStyle + ' ' + getComputedStyle(el).outlineWidth"
    )
    assert not outline.startswith("none")
    assert not outline.endswith(" 0px")
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"
    page.keyboard.press("Tab")
    # The next stop after the skip target is inside the main content, in reading order.
    assert page.evaluate("document.activeElement.closest('main') !== null")


def test_pages_work_without_javascript(page_without_js, site):
    page = page_without_js
    for url in ["/", "/fields-of-work/elections/", "/structures/", "/countries/albania/"]:
        assert page.goto(url).status == 200
        assert page.get_by_role("heading", level=1).count() == 1
    page.goto("/")
    page.get_by_role("navigation", name="Main").get_by_role(
        "link", name="Structures and institutions"
    ).click()
    page.get_by_role("link", name="Mission to Skopje").first.click()
    assert page.url.endswith("/structures/mission-to-skopje/")
    page.get_by_role("link", name=re.compile("^All news on Mission to Skopje")).click()
    assert "structure=mission-to-skopje" in page.url
    assert page.get_by_role("heading", level=1).count() == 1


def test_home_search_box_leads_to_newsroom_results(page, site):
    page.goto("/countries/")
    page.get_by_role("searchbox", name="Search the newsroom").fill("observers")
    page.get_by_role("search").get_by_role("button", name="Search").click()
    page.wait_for_url(re.compile(r"/newsroom/\?q=observers"))
    assert page.get_by_role("link", name=re.compile("Election observers report")).count() >= 1
    assert page.get_by_role("link", name=re.compile("^Border officers trained")).count() == 0


def test_axe_harness_reports_a_known_violation(blank_page, axe_source):
    page = blank_page
    page.set_content('<html lang="en"><body><main><img src="x.png"></main></body></html>')
    violations = axe_violations(page, axe_source)
    assert any(v.startswith("image-alt") for v in violations)


def test_newsitem_prints_without_navigation(page, site):
    page.goto(site["items"][1].get_absolute_url())
    page.emulate_media(media="print")
    assert not page.get_by_role("navigation", name="Main").is_visible()
    assert not page.get_by_role("search").is_visible()
    assert not page.get_by_role("contentinfo").is_visible()
    assert page.get_by_role("heading", level=1).is_visible()
    font = page.evaluate("getComputedStyle(document.body).fontFamily")
    assert "Georgia" in font


def test_item_with_lead_image_and_documents_has_no_axe_violations(page, site, axe_source, media):
    item = make_news_item(
        "Monitors deployed",
        lead_image=make_image(caption="Monitors at work", credit="OSCE/Evgeniy Maloletka"),
    )
    ItemDocument.objects.create(item=item, document=make_document(title="Final report"))
    page.goto(item.get_absolute_url())
    assert page.locator("figure.lead-image figcaption .credit").count() == 1
    assert page.locator(".item-documents li").inner_text().startswith("Final report (PDF, ")
    assert axe_violations(page, axe_source) == []


def test_publication_with_files_and_pdf_search_have_no_axe_violations(
    page, site, axe_source, media
):
    documents = []
    for language, text in [("en", "The quokka method"), ("ru", "")]:
        document = make_document(content=text_pdf(text, "Annex"), language=language)
        document.text_status = Document.TextStatus.PENDING
        extraction.extract(document)
        documents.append(document)
    publication = make_publication(
        "Observation manual", documents=documents, fields_of_work=[site["elections"]]
    )
    page.goto(publication.get_absolute_url())
    assert (
        page.locator(".publication-files li")
        .first.inner_text()
        .startswith(f"{documents[0].title} (English — PDF, ")
    )
    assert page.locator("img.publication-cover").count() == 1
    assert axe_violations(page, axe_source) == []
    page.goto("/search/?q=quokka")
    assert "In the English file, page 1:" in page.locator(".pdf-match").inner_text()
    assert axe_violations(page, axe_source) == []
