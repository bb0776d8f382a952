"""The strict CSP in a real browser: the admin and public pages work, nothing is refused."""

import os
import re

import pytest
from django.contrib.auth import get_user_model
from playwright.sync_api import sync_playwright

from tests.factories import build_site, make_rich_news_item

os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"  # Playwright's sync API runs an event loop

PASSWORD = "Csp-check-password-31"


@pytest.fixture(scope="module")
def chromium():
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path="/usr/bin/chromium",
            headless=True,
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"],
        )
        yield browser
        browser.close()


@pytest.fixture
def signed_in(chromium, live_server, transactional_db):
    site = build_site(news=3)
    get_user_model().objects.create_superuser("chief", "chief@example.org", PASSWORD)
    context = chromium.new_context(base_url=live_server.url)
    context.set_default_timeout(15_000)
    page = context.new_page()
    refused = []
    page.on(
        "console",
        lambda message: (
            refused.append(f"{page.url}: {message.text}")
            if "Content Security Policy" in message.text
            or "Content-Security-Policy" in message.text
            else None
        ),
    )
    page.goto("/admin/login/")
    page.fill("#id_username", "chief")
    page.fill("#id_password", PASSWORD)
    page.click("input[type=submit]")
    page.wait_for_url("**/admin/")
    yield page, site, refused
    context.close()


def test_csp_admin_and_public_pages_work_with_nothing_refused(signed_in):
    page, site, refused = signed_in
    item = site["items"][0]
    paths = [
        "/admin/",
        "/admin/newsroom/newsitem/",
        "/admin/newsroom/newsitem/add/",
        f"/admin/newsroom/newsitem/{item.pk}/change/",
        f"/admin/newsroom/newsitem/{item.pk}/history/",
        "/admin/structures/structure/add/",
        "/admin/structures/fieldofwork/",
        "/admin/auth/user/",
        "/",
        "/newsroom/",
        item.get_absolute_url(),
        site["elections"].get_absolute_url(),
    ]
    for path in paths:
        response = page.goto(path)
        assert response.status == 200, path
        assert "script-src 'self'" in response.headers["content-security-policy"]
        page.wait_for_load_state("load")
    page.goto("/admin/newsroom/newstype/add/")
    page.locator("#id_name_en").press_sequentially("Spot report")
    assert page.input_value("#id_slug") == "spot-report"  # the admin's own JS runs
    page.goto("/admin/newsroom/newsitem/")
    page.locator("#action-toggle").check()
    assert re.match(r"(\d+) of \1 selected", page.locator(".action-counter").inner_text())
    assert refused == []


def test_csp_refuses_inline_script_in_the_browser(signed_in):
    page, _, refused = signed_in
    page.goto("/newsroom/")
    page.evaluate(
        "() => { const s = document.createElement('script');"
        " s.textContent = 'window.pwned = 1'; document.body.appendChild(s); }"
    )
    page.wait_for_timeout(300)
    assert page.evaluate("() => window.pwned") is None
    assert refused, "the browser should report the refused inline script"


def test_csp_rich_text_editor_and_click_to_load_video_with_nothing_refused(signed_in):
    """The editor (django-prose-editor, no importmap, no injected <style>) and the video
    placeholder's player run under the strict CSP; frame-src admits the nocookie player."""
    page, _, refused = signed_in
    item = make_rich_news_item(slug="csp-rich")
    page.goto(f"/admin/newsroom/newsitem/{item.pk}/change/")
    page.locator(".prose-editor > .ProseMirror").wait_for()
    page.locator(".prose-editor > .ProseMirror h2").click()
    page.keyboard.press("End")
    page.locator("button[title=bold]").click()
    page.keyboard.type("bold words")
    assert "<strong>bold words</strong>" in page.input_value("#id_body")
    page.route("https://www.youtube-nocookie.com/**", lambda route: route.fulfill(body="player"))
    page.goto(item.get_absolute_url())
    page.locator("button.video-embed-button").click()
    page.locator("iframe.video-embed-frame").wait_for()
    page.wait_for_timeout(300)
    assert refused == []
