"""The newsroom as a visitor uses it: ticking filters, removing chips, paging and searching."""

import re

RESULTS = re.compile(r"^\d+ items?")


def result_heading(page):
    return page.get_by_role("heading", level=2, name=RESULTS).inner_text()


def test_newsroom_filter_by_ticking_a_box_and_applying(page_without_js, site):
    page = page_without_js
    page.goto("/newsroom/")
    assert result_heading(page).startswith("25 items")
    filters = page.get_by_role("form", name="Filter the news")
    filters.get_by_label(re.compile(r"^Elections\b")).check()
    filters.get_by_role("button", name="Apply filters").click()
    page.wait_for_url(re.compile(r"field=elections"))
    assert result_heading(page).startswith("12 items")
    assert page.get_by_role("link", name=re.compile("^Border officers trained")).count() == 0
    assert "Elections" in page.get_by_role("heading", level=1).inner_text()


def test_newsroom_ticking_a_box_applies_at_once_with_javascript(page, site):
    page.goto("/newsroom/")
    filters = page.get_by_role("form", name="Filter the news")
    checkbox = filters.get_by_label(re.compile(r"^Elections\b"))
    with page.expect_navigation():
        checkbox.click()
    assert "field=elections" in page.url
    assert result_heading(page).startswith("12 items")


def test_newsroom_remove_a_chip_keeps_the_other_filters(page, site):
    page.goto("/newsroom/?field=elections&type=news")
    assert result_heading(page).startswith("0 items")
    page.get_by_role("link", name=re.compile(r"^Remove filter .*Elections")).click()
    page.wait_for_url(re.compile(r"type=news"))
    assert "field=elections" not in page.url
    assert result_heading(page).startswith("13 items")
    page.get_by_role("link", name="Clear all filters").click()
    page.wait_for_url(re.compile(r"/newsroom/$"))
    assert result_heading(page).startswith("25 items")


def test_newsroom_paginate_keeps_filters(page, site):
    page.goto("/newsroom/?field=climate-change")
    pages = page.get_by_role("navigation", name="Pages")
    assert page.locator("main article").count() == 20
    pages.get_by_role("link", name="Next page").click()
    page.wait_for_url(re.compile(r"page=2"))
    assert "field=climate-change" in page.url
    assert page.locator("main article").count() == 5
    assert "page 2 of 2" in result_heading(page)
    page.get_by_role("navigation", name="Pages").get_by_role("link", name="Previous page").click()
    page.wait_for_url(re.compile(r"page=1|field=climate-change$"))
    assert page.locator("main article").count() == 20


def test_newsroom_search_from_the_filter_form(page_without_js, site):
    page = page_without_js
    page.goto("/newsroom/")
    page.get_by_label("Search titles and texts").fill("observers")
    page.get_by_role("button", name="Apply filters").click()
    page.wait_for_url(re.compile(r"q=observers"))
    assert result_heading(page).startswith("12 items")
    first = page.locator("main article h3 a").first
    assert "observers" in first.inner_text().lower()
