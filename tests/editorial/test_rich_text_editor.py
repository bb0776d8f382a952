"""The editor and the sanitiser agree; a save says what it removed; old bodies stay intact."""

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse

from newsroom.editorial.forms import RichTextWidget, editor_config
from newsroom.editorial.sanitize import (
    ALLOWED_TAGS,
    EDITOR_CLASSES,
    EDITOR_ELEMENTS,
    EDITOR_TAGS,
    clean_html,
    editor_limits,
    removals,
)
from newsroom.models import NewsItem
from tests.factories import change_form_data, change_url, make_field_of_work, make_news_item

CLIPBOARD = Path(__file__).parent / "clipboard"
# What the editor writes for every element it has, as tests/browser/test_rich_text_editor.py
# reads it back from the editor in a browser.
EDITOR_OUTPUT = (CLIPBOARD / "editor_output.html").read_text(encoding="utf-8").strip()


class _Used(HTMLParser):
    def __init__(self):
        super().__init__()
        self.used = set()

    def handle_starttag(self, tag, attrs):
        self.used.add(tag)
        self.used.update(f"{tag}[{name}]" for name, _value in attrs)


def test_rich_text_editor_output_survives_the_sanitiser_unchanged():
    assert clean_html(EDITOR_OUTPUT) == EDITOR_OUTPUT
    assert removals(EDITOR_OUTPUT) == ([], {})


def test_rich_text_editor_output_uses_every_declared_element_and_attribute():
    parser = _Used()
    parser.feed(EDITOR_OUTPUT)
    declared = {tag for tags in EDITOR_ELEMENTS.values() for tag in tags}
    declared |= {
        f"{tag}[{name}]"
        for tags in EDITOR_ELEMENTS.values()
        for tag, names in tags.items()
        for name in names
    }
    declared |= {f"{tag}[class]" for tag in EDITOR_CLASSES}
    assert declared <= parser.used
    assert parser.used <= declared | {"a[rel]"}  # rel is set on every link by both


def test_rich_text_editor_config_is_made_from_the_declaration():
    config = editor_config()
    assert list(config["extensions"]) == list(EDITOR_ELEMENTS)
    assert config["extensions"]["Heading"] == {"levels": [2, 3, 4]}
    assert set(EDITOR_TAGS) <= ALLOWED_TAGS
    assert {"h1", "h5", "script", "iframe", "span", "div"}.isdisjoint(ALLOWED_TAGS)


def test_rich_text_widget_carries_the_config_and_loads_static_files_only():
    html = RichTextWidget().render("body", "<p>Text</p>")
    assert "data-rich-text=" in html
    assert "&lt;p&gt;Text&lt;/p&gt;" in html
    media = str(RichTextWidget().media)
    assert 'type="module"' in media
    assert "js/rich-text-editor.js" in media
    assert "<script>" not in media
    assert "importmap" not in media


def test_rich_text_archive_body_the_editor_can_show_opens_in_the_editor():
    body = "<p>Text with <b>bold</b> and <i>italic</i></p><table><thead><tr><th>A</th></tr>"
    body += "</thead><tbody><tr><td>1</td></tr></tbody></table>"
    assert editor_limits(body) == []
    assert "data-rich-text=" in RichTextWidget().render("body", body)


def test_rich_text_archive_body_the_editor_cannot_show_keeps_its_html_and_says_so():
    body = (
        '<table><caption>Results</caption><tr><th scope="col">A</th></tr></table>'
        '<p><a href="https://example.org/" target="_blank">new window</a></p>'
    )
    assert editor_limits(body) == [
        "a link that opens a new window",
        "a table caption",
        "table header scopes",
    ]
    html = RichTextWidget().render("body", body)
    assert "data-rich-text=" not in html
    assert "cannot show (a link that opens a new window, a table caption" in html
    assert "&lt;caption&gt;Results&lt;/caption&gt;" in html


@pytest.mark.django_db
def test_rich_text_archive_body_round_trips_through_the_form_unchanged(publisher_client):
    body = (
        "<p>Imported <b>bold</b> text.</p><table><caption>Results</caption><thead><tr>"
        '<th scope="col">A</th></tr></thead><tbody><tr><td>1</td></tr></tbody></table>'
    )
    item = make_news_item(body=body)
    stored = NewsItem.objects.get(pk=item.pk).body
    response = publisher_client.get(change_url(item))
    assert "cannot show" in response.content.decode()
    publisher_client.post(change_url(item), change_form_data(item, body=stored))
    assert NewsItem.objects.get(pk=item.pk).body == stored


REMOVED = {
    "<script>alert(1)</script>": "a script",
    '<img src="https://tracker.example/p.gif" alt="pixel">': "an image from tracker.example",
    '<iframe src="https://www.youtube.com/embed/x"></iframe>': (
        "an embedded frame (iframe) from www.youtube.com (to show a video, paste its address)"
    ),
    '<a href="javascript:alert(1)">click</a>': "a javascript: link (its text was kept)",
    "<marquee>moving</marquee>": "an element the site does not show, <marquee>",
    '<p onclick="steal()">x</p>': "a script in the onclick attribute of a <p>",
    "<h1>Big</h1>": "a level-1 heading",
}


@pytest.mark.parametrize(("html", "said"), REMOVED.items())
def test_rich_text_removals_name_what_and_where(html, said):
    found, _formatting = removals(f"<p>Opening remarks by the Chair</p>{html}")
    assert len(found) == 1
    assert found[0].what.startswith(said)
    assert found[0].where == "after “Opening remarks by the Chair”"


def test_rich_text_removals_count_formatting_rather_than_warn_about_it():
    found, formatting = removals(
        '<p style="color:red" class="MsoNormal"><span lang="en">a</span><font face="x">b</font>'
        "<!-- note --></p>"
    )
    assert found == []
    assert formatting == {
        "style attributes": 1,
        "class attributes": 1,
        "span elements": 1,
        "font elements": 1,
        "comments": 1,
    }


def test_rich_text_external_image_is_removed_whole():
    assert clean_html('<p>a<img src="https://tracker.example/p.gif" alt="t">b</p>') == "<p>ab</p>"


@pytest.mark.django_db
def test_rich_text_save_message_says_what_was_removed_and_saves_the_clean_version(
    publisher_client,
):
    item = make_news_item(slug="removals")
    body = "<p>Opening remarks</p>" + "".join(REMOVED)
    response = publisher_client.post(change_url(item), change_form_data(item, body=body))
    assert response.status_code == 302
    messages = [str(message) for message in get_messages(response.wsgi_request)]
    for said in REMOVED.values():
        assert any(f"Body: removed {said}" in message for message in messages), said
    assert any("after “Opening remarks”" in message for message in messages)
    stored = NewsItem.objects.get(pk=item.pk).body
    assert stored == clean_html(body)
    assert "<script" not in stored
    assert "tracker" not in stored
    assert "<iframe" not in stored


@pytest.mark.django_db
def test_rich_text_clean_save_says_nothing_was_removed(publisher_client):
    item = make_news_item(slug="clean-save")
    response = publisher_client.post(change_url(item), change_form_data(item, body=EDITOR_OUTPUT))
    messages = [str(message) for message in get_messages(response.wsgi_request)]
    assert not [message for message in messages if "removed" in message]
    assert NewsItem.objects.get(pk=item.pk).body == EDITOR_OUTPUT


@pytest.mark.django_db
def test_rich_text_image_without_alt_text_cannot_be_saved(publisher_client):
    item = make_news_item(slug="no-alt")
    body = '<figure class="figure"><img src="/media/library/a.jpg" alt=" "></figure>'
    response = publisher_client.post(change_url(item), change_form_data(item, body=body))
    assert response.status_code == 200
    assert "/media/library/a.jpg has no alt text" in response.content.decode()
    assert NewsItem.objects.get(pk=item.pk).body != body


@pytest.mark.django_db
def test_rich_text_link_chooser_finds_public_pages_for_staff_only(client, publisher_client):
    make_news_item("Election observers deployed", slug="observers")
    make_news_item("Election draft", slug="draft", published=False)
    url = "/admin/newsroom/newsitem/link-chooser/?q=election"
    results = publisher_client.get(url).json()["results"]
    assert [(r["kind"], r["title"]) for r in results] == [("News", "Election observers deployed")]
    assert re.match(r"^/newsroom/", results[0]["url"])
    client.logout()
    assert client.get(url).status_code == 302  # to the admin's sign-in


@pytest.mark.django_db
def test_rich_text_field_of_work_texts_use_the_editor_and_say_what_was_removed(
    admin_client,
):
    topic = make_field_of_work("Gender equality", introduction="Plain first.\n\nPlain second.")
    url = reverse("admin:structures_fieldofwork_change", args=[topic.pk])
    form = admin_client.get(url).content.decode()
    # introduction, challenge and action, in each of the six languages
    assert form.count("data-rich-text=") == 18
    assert "&lt;p&gt;Plain first.&lt;/p&gt;" in form  # plain text opens as paragraphs
    data = {
        "name_en": topic.name,
        "slug": topic.slug,
        "position": 0,
        "introduction_en": "<p>Equal <strong>rights</strong>.</p><script>x()</script>",
        "challenge_en": "",
        "action_en": '<p><a href="/x" rel="noopener noreferrer">click here</a></p>',
    }
    response = admin_client.post(url, data)
    assert response.status_code == 302
    messages = [str(message) for message in get_messages(response.wsgi_request)]
    assert "Introduction [en]: removed a script, after “Equal rights .”." in messages
    assert any(m.startswith("Our action [en] check: The link text “click here”") for m in messages)
    topic.refresh_from_db()
    assert topic.introduction == "<p>Equal <strong>rights</strong>.</p>"


@pytest.mark.django_db
def test_rich_text_field_of_work_page_shows_html_and_plain_text(client):
    html_topic = make_field_of_work(
        "Media freedom", introduction="<p>Free <strong>media</strong>.</p><script>x()</script>"
    )
    page = client.get(html_topic.get_absolute_url()).content.decode()
    assert '<div class="lead"><p>Free <strong>media</strong>.</p></div>' in page
    assert "<script>x()" not in page
    assert '<meta name="description" content="Free media.">' in page
    plain_topic = make_field_of_work("Policing", challenge="One.\n\nTwo & three.")
    page = client.get(plain_topic.get_absolute_url()).content.decode()
    assert "<p>One.</p>\n\n<p>Two &amp; three.</p>" in page
