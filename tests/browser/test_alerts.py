"""Email alerts in a browser: no axe violations, and subscribing works without JavaScript."""

import pytest

from alerts.models import Subscription
from tests.alerts.test_pages import alert_pages
from tests.browser.axe import axe_violations


def test_alert_pages_have_no_axe_violations(page, site, axe_source):
    found = {}
    for name, url in alert_pages().items():
        page.goto(url)
        if violations := axe_violations(page, axe_source):
            found[name] = violations
    assert found == {}


@pytest.fixture
def no_js_page(browser, live_server, site):
    context = browser.new_context(base_url=live_server.url, java_script_enabled=False)
    yield context.new_page()
    context.close()


def test_subscribe_from_a_topic_page_without_javascript(no_js_page, site):
    no_js_page.goto("/fields-of-work/elections/")
    no_js_page.get_by_role("link", name="Get emails about this").click()
    no_js_page.get_by_label("Your email address").fill("reader@example.org")
    no_js_page.get_by_label("Daily digest").check()
    no_js_page.get_by_role("button", name="Send me a confirmation link").click()

    assert no_js_page.get_by_role("heading", name="Check your inbox").is_visible()
    subscription = Subscription.objects.get()
    assert subscription.frequency == "daily"
    assert subscription.news_filter.query == "field=elections&language=en"
