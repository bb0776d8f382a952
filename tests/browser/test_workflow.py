"""The editorial workflow in a browser, as the desk plays it: a scoped editor in the Mission
to Skopje and a publisher in the Secretariat (issue 17). Each admin page they use is checked
with axe on the way."""

import re
from datetime import timedelta

import pytest
from django.contrib.sessions.models import Session
from django.test import Client
from django.utils import timezone

from newsroom.models import EditorScope, NewsItem, Review
from tests.browser.axe import axe_violations
from tests.factories import (
    listing,
    listing_item,
    make_news_item,
    make_news_type,
    make_publication,
    make_roles,
    make_structure,
    make_user,
)

PASSWORD = "correct horse battery staple"


@pytest.fixture
def desk(transactional_db):
    make_roles()
    skopje = make_structure("Mission to Skopje")
    make_news_type("Press release")
    editor = make_user("skopje", "Editor")
    EditorScope.objects.create(user=editor).structures.add(skopje)
    publisher = make_user("secretariat", "Publisher")
    for user in (editor, publisher):
        user.set_password(PASSWORD)
        user.save()
    return {"mission": skopje, "editor": editor, "publisher": publisher}


@pytest.fixture
def as_user(browser, live_server):
    """A signed-in browser page for a user (the session cookie of a test client)."""
    contexts = []

    def open_as(user, **options):
        client = Client()
        client.force_login(user)
        context = browser.new_context(base_url=live_server.url, **options)
        context.set_default_timeout(10_000)
        context.add_cookies(
            [
                {
                    "name": "sessionid",
                    "value": client.cookies["sessionid"].value,
                    "url": live_server.url,
                }
            ]
        )
        contexts.append(context)
        page = context.new_page()
        page.on("dialog", lambda dialog: dialog.accept())  # the leave-page warning
        return page

    yield open_as
    for context in contexts:
        context.close()


def no_axe_violations(page, axe_source):
    assert axe_violations(page, axe_source) == [], page.url


def message(page):
    return page.locator(".messagelist").inner_text()


def test_workflow_write_submit_send_back_resubmit_approve(desk, as_user, axe_source, mailoutbox):
    editor, publisher = as_user(desk["editor"]), as_user(desk["publisher"])
    editor.goto("/admin/")
    no_axe_violations(editor, axe_source)
    editor.get_by_role("link", name="Write news").click()
    no_axe_violations(editor, axe_source)
    editor.fill("#id_title", "Skopje hosts a regional youth forum")
    editor.fill("#id_slug", "skopje-youth-forum")
    editor.locator(".field-news_type .select2-selection").click()  # the admin's autocomplete
    editor.keyboard.type("Press")
    editor.locator(".select2-results__option", has_text="Press release").click()
    editor.fill("#id_lead", "Young people from six countries met in Skopje.")
    editor.evaluate(
        "id => { const s = document.getElementById('id_structures');"
        " s.add(new Option('Mission to Skopje', id, true, true)); }",
        str(desk["mission"].pk),
    )
    editor.click("input[name=_submit_review]")
    assert "submitted for review" in message(editor)
    item = NewsItem.objects.get(title="Skopje hosts a regional youth forum")
    assert mailoutbox[-1].subject.startswith("Waiting for review")

    publisher.goto("/admin/")
    no_axe_violations(publisher, axe_source)
    publisher.get_by_role("link", name="Skopje hosts a regional youth forum").first.click()
    assert "/review/" in publisher.url
    no_axe_violations(publisher, axe_source)
    publisher.fill("#id_comment", "Please name the organisers.")
    publisher.click("input[name=_send_back]")
    assert "sent back" in message(publisher)
    no_axe_violations(publisher, axe_source)  # the review queue (news list, filtered)

    editor.goto("/admin/")
    assert "Please name the organisers." in editor.locator("#editorial-dashboard").inner_text()
    editor.get_by_role("link", name="Skopje hosts a regional youth forum").first.click()
    assert "Please name the organisers." in editor.locator(".workflow-note").first.inner_text()
    editor.fill(
        "#id_lead", "Young people from six countries met in Skopje, invited by the Mission."
    )
    editor.click("input[name=_submit_review]")
    assert "submitted for review" in message(editor)

    publisher.goto(f"/admin/newsroom/newsitem/{item.pk}/review/")
    assert "invited by the Mission" in publisher.locator("table.changes").inner_text()
    publisher.click("input[name=_approve]")
    assert "is published" in message(publisher)
    item.refresh_from_db()
    assert item.is_public
    assert timezone.now() - item.publish_at < timedelta(minutes=2)
    publisher.goto(item.get_absolute_url())
    assert "invited by the Mission" in publisher.content()


def test_workflow_editor_edit_of_live_item_held_for_review(desk, as_user, axe_source):
    item = make_news_item(
        "Police reform in Tetovo", structures=[desk["mission"]], lead="The published lead."
    )
    editor = as_user(desk["editor"])
    editor.goto(f"/admin/newsroom/newsitem/{item.pk}/change/")
    assert "wait for a Publisher" in editor.content(), editor.content()[:3000]
    no_axe_violations(editor, axe_source)
    editor.fill("#id_lead", "A lead that is not approved yet.")
    editor.click("input[name=_save]")
    assert "waiting for a Publisher" in message(editor)
    editor.goto(item.get_absolute_url())
    assert "The published lead." in editor.content()
    assert "not approved yet" not in editor.content()
    assert Review.objects.get(item=item).proposal["lead"] == "A lead that is not approved yet."


def test_workflow_schedule_shows_vienna_and_the_editors_zone(desk, as_user):
    draft = make_news_item("Ministerial statement", published=False)
    publisher = as_user(desk["publisher"], timezone_id="America/New_York")
    publisher.goto(f"/admin/newsroom/newsitem/{draft.pk}/change/")
    assert "Europe/Vienna" in publisher.locator(".field-publish_at").inner_text()
    when = timezone.localtime(timezone.now() + timedelta(days=2)).replace(hour=9, minute=0)
    publisher.fill("#id_publish_at_0", when.strftime("%Y-%m-%d"))
    publisher.fill("#id_publish_at_1", "09:00:00")
    own = publisher.locator("#publish-at-own-zone").inner_text()
    assert "America/New_York" in own
    assert re.search(r"\b(3|4):00\b", own)  # 09:00 in Vienna is 03:00 or 04:00 in New York
    publisher.click("input[name=_schedule]")
    assert "scheduled for" in message(publisher)
    assert "09:00 Vienna time (Europe/Vienna)" in message(publisher)
    draft.refresh_from_db()
    assert draft.is_scheduled


def test_workflow_withdraw_and_correct(desk, as_user, axe_source):
    item = make_news_item("Statement on the elections", body="<p>The original text.</p>")
    publisher = as_user(desk["publisher"])
    publisher.goto(f"/admin/newsroom/newsitem/{item.pk}/change/")
    publisher.get_by_role("link", name="Add a correction").click()
    no_axe_violations(publisher, axe_source)
    publisher.fill("#id_note", "An earlier version gave the wrong polling date.")
    publisher.click("input[type=submit]")
    assert "correction was added" in message(publisher)
    publisher.get_by_role("link", name="Withdraw").click()
    publisher.fill("#id_note", "It was published by mistake.")
    publisher.click("input[type=submit]")
    assert "withdrawn" in message(publisher)
    publisher.goto(item.get_absolute_url())
    text = publisher.locator("main").inner_text()
    assert "This item was withdrawn on" in text
    assert "It was published by mistake." in text
    assert "Correction, " in text
    assert "The original text." in text
    publisher.goto("/newsroom/")
    assert "Statement on the elections" not in publisher.content()


def test_workflow_compare_and_restore(desk, as_user, axe_source):
    item = make_news_item("Talks in Vienna", slug="talks")
    publisher = as_user(desk["publisher"])
    publisher.goto(f"/admin/newsroom/newsitem/{item.pk}/change/")
    publisher.fill("#id_title", "Talks in Geneva")
    publisher.click("input[name=_continue]")
    publisher.goto(f"/admin/newsroom/newsitem/{item.pk}/history/")
    no_axe_violations(publisher, axe_source)
    assert "Changed Title." in publisher.locator("#change-history").inner_text()
    publisher.get_by_role("link", name="Compare and restore").last.click()
    no_axe_violations(publisher, axe_source)
    assert "Talks in" in publisher.locator("table.changes").first.inner_text()
    publisher.click("text=Restore this version's text")
    assert "published now, same URL" in message(publisher)
    item.refresh_from_db()
    assert (item.title, item.slug, item.is_public) == ("Talks in Vienna", "talks", True)


def test_workflow_conflicting_second_save_shows_both(desk, as_user, axe_source):
    item = make_news_item("Shared statement", lead="As opened.")
    other = make_user("secretariat2", "Publisher")
    first, second = as_user(desk["publisher"]), as_user(other)
    for page in (first, second):
        page.goto(f"/admin/newsroom/newsitem/{item.pk}/change/")
    first.fill("#id_lead", "The first editor's lead.")
    first.click("input[name=_continue]")
    second.fill("#id_lead", "The second editor's lead.")
    second.click("input[name=_continue]")
    assert "not saved" in second.locator(".errornote").first.inner_text()
    assert "The second editor's lead." in second.input_value("#yours-lead")
    no_axe_violations(second, axe_source)
    item.refresh_from_db()
    assert item.lead == "The first editor's lead."


def test_workflow_session_expires_mid_edit_without_losing_text(desk, as_user):
    item = make_news_item("Draft in progress", published=False, structures=[desk["mission"]])
    editor = as_user(desk["editor"])
    editor.goto(f"/admin/newsroom/newsitem/{item.pk}/change/")
    editor.fill("#id_lead", "Two hours of careful writing.")
    Session.objects.all().delete()  # the session expires while the editor writes
    editor.click("input[name=_save]")
    assert "/login/" in editor.url
    editor.fill("#id_username", "skopje")
    editor.fill("#id_password", PASSWORD)
    editor.click("input[type=submit]")
    editor.wait_for_url(f"**/newsroom/newsitem/{item.pk}/change/")
    editor.get_by_role("button", name="Restore my unsaved text").click()
    assert editor.input_value("#id_lead") == "Two hours of careful writing."
    editor.click("input[name=_save]")
    item.refresh_from_db()
    assert item.lead == "Two hours of careful writing."


def test_workflow_import_dry_run_lists_titles(desk, as_user, axe_source, tmp_path):
    document = tmp_path / "news.txt"
    document.write_bytes(
        listing(
            listing_item(title="OSCE trains border guards"),
            listing_item(title="Youth forum in Skopje", date="16 May 2025"),
        )
    )
    publisher = as_user(desk["publisher"])
    publisher.goto("/admin/newsroom/newsitem/import/")
    publisher.set_input_files("input[type=file]", str(document))
    publisher.click("input[value='Review import']")
    items = publisher.locator("table.import-listing").inner_text()
    assert "OSCE trains border guards" in items
    assert "Youth forum in Skopje" in items
    no_axe_violations(publisher, axe_source)
    assert not NewsItem.objects.exists()


def test_workflow_leaving_a_changed_form_asks_first(desk, as_user):
    item = make_news_item("Draft", published=False, structures=[desk["mission"]])
    editor = as_user(desk["editor"])
    asked = []
    editor.on("dialog", lambda dialog: asked.append(dialog.type))
    editor.goto(f"/admin/newsroom/newsitem/{item.pk}/change/")
    editor.goto("/admin/")  # nothing changed: no question
    assert asked == []
    editor.goto(f"/admin/newsroom/newsitem/{item.pk}/change/")
    editor.fill("#id_lead", "Changed, not saved.")
    editor.goto("/admin/")
    assert asked == ["beforeunload"]


def test_workflow_news_list_fits_a_1280_px_screen(desk, as_user, axe_source):
    for n in range(5):
        make_news_item(
            f"A long title of the kind press releases have, about talks in Vienna, number {n}",
            structures=[desk["mission"], make_structure(f"Programme Office in Bishkek {n}")],
        )
    publisher = as_user(desk["publisher"], viewport={"width": 1280, "height": 800})
    publisher.goto("/admin/newsroom/newsitem/")
    no_axe_violations(publisher, axe_source)
    width = publisher.evaluate("document.documentElement.scrollWidth")
    assert width <= 1280, width
    headers = publisher.locator("#result_list thead").inner_text().lower()
    assert "author" in headers
    assert "where we are" in headers


def test_workflow_publisher_merges_tags_from_the_keyboard(desk, as_user, axe_source):
    for names in (["youth", "Young people"], ["Young people"]):
        make_news_item(tags=names)
    publisher = as_user(desk["publisher"])
    publisher.goto("/admin/taggit/tag/")
    no_axe_violations(publisher, axe_source)
    for box in publisher.locator("input.action-select").all():
        box.focus()
        publisher.keyboard.press("Space")
    publisher.locator("select[name=action]").select_option("merge_tags")
    publisher.locator("button[name=index]").focus()
    publisher.keyboard.press("Enter")
    publisher.wait_for_selector("#id_into")
    assert "These tags become one" in publisher.content()
    no_axe_violations(publisher, axe_source)
    publisher.focus("#id_into")
    publisher.keyboard.type("youth")
    publisher.keyboard.press("Enter")
    assert "into “youth”" in message(publisher)
    assert sorted(NewsItem.objects.values_list("tags__name", flat=True)) == ["youth", "youth"]


def test_workflow_publication_change_review_preview_withdraw(desk, as_user, axe_source):
    """A publication goes through the news items' workflow, on the same pages (issue 19)."""
    publication = make_publication("Election observation handbook", structures=[desk["mission"]])
    editor = as_user(desk["editor"])
    editor.goto(f"/admin/publications/publication/{publication.pk}/change/")
    no_axe_violations(editor, axe_source)
    editor.fill("#id_title", "Election observation handbook, second edition")
    editor.click("input[name=_save]")
    assert "waiting for a Publisher's review" in message(editor)
    publisher = as_user(desk["publisher"])
    publisher.goto("/admin/")
    publisher.locator("#editorial-dashboard").get_by_role(
        "link", name="Election observation handbook"
    ).click()
    assert publisher.url.endswith(f"/admin/publications/publication/{publication.pk}/review/")
    no_axe_violations(publisher, axe_source)  # the changes, word by word
    publisher.click("input[name=_approve]")
    publication.refresh_from_db()
    assert publication.title == "Election observation handbook, second edition"
    publisher.goto(f"/publications/preview/{publication.uuid}/")
    assert "Published: this is how the public sees it." in publisher.locator("main").inner_text()
    no_axe_violations(publisher, axe_source)
    publisher.goto(f"/admin/publications/publication/{publication.pk}/change/")
    publisher.get_by_role("link", name="Withdraw").click()
    publisher.fill("#id_note", "Superseded by the 2026 handbook.")
    publisher.click("input[type=submit]")
    publisher.goto(publication.get_absolute_url())
    assert "Superseded by the 2026 handbook." in publisher.locator("main").inner_text()
    no_axe_violations(publisher, axe_source)
