"""Browser tests: Playwright driving Debian's chromium against pytest-django's live server."""

import os

import pytest
from playwright.sync_api import sync_playwright

from tests.browser.axe import AXE_JS
from tests.factories import build_site

# Playwright's sync API runs an event loop in this thread; the ORM calls in fixtures are safe here.
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-gpu",
]


@pytest.fixture(scope="module")
def browser():
    # Module scope: the sync API allows one Playwright per thread at a time, and other areas'
    # browser tests (tests/security) start their own after this module is done.
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS
        )
        yield browser
        browser.close()


@pytest.fixture
def site(transactional_db):
    return build_site(news=25)


def _context(browser, live_server, **options):
    context = browser.new_context(base_url=live_server.url, **options)
    context.set_default_timeout(10_000)
    return context


@pytest.fixture
def page(browser, live_server, site):
    context = _context(browser, live_server)
    yield context.new_page()
    context.close()


@pytest.fixture
def blank_page(browser):
    context = browser.new_context()
    yield context.new_page()
    context.close()


@pytest.fixture
def page_without_js(browser, live_server, site):
    context = _context(browser, live_server, java_script_enabled=False)
    yield context.new_page()
    context.close()


@pytest.fixture
def phone_page(browser, live_server, site):
    context = _context(browser, live_server, viewport={"width": 320, "height": 640})
    yield context.new_page()
    context.close()


@pytest.fixture(scope="session")
def axe_source():
    return AXE_JS.read_text(encoding="utf-8")
