"""Content checks: warnings that quote the place, on save, in the preview and on the form."""

import pytest
from django.contrib.messages import get_messages

from newsroom.editorial.checks import content_warnings
from newsroom.models import NewsItem
from newsroom.preview import preview_url
from tests.factories import change_form_data, change_url, make_news_item

CASES = {
    "<h2>Context</h2><h4>Detail</h4>": "The heading “Detail” is an h4 after an h2",
    "<h3>Context</h3>": "The heading “Context” is an h3 after an h1",
    "<h2> </h2>": "An empty h2 heading",
    '<p><a href="/x">Click here</a></p>': "The link text “Click here” says nothing",
    '<p><a href="/x">Read more…</a></p>': "The link text “Read more…” says nothing",
    '<p><a href="https://osce.org/x">https://osce.org/x</a></p>': "is a bare address",
    '<figure class="figure"><img src="/media/a.jpg" alt="IMG_2031.JPG"></figure>': (
        "The alt text “IMG_2031.JPG” is a file name"
    ),
    '<figure class="figure"><img src="/media/a.jpg" alt="Border guards at a crossing">'
    '<figcaption class="figure-caption">Border guards at a crossing</figcaption></figure>': (
        "The alt text “Border guards at a crossing” repeats the caption"
    ),
    "<table><tbody><tr><td>Country</td><td>Votes</td></tr></tbody></table>": (
        "Table 1 (“Country | Votes”) has no header row"
    ),
    "<p>THE MISSION CALLS ON ALL SIDES TO REFRAIN</p>": "is in capitals",
}


@pytest.mark.parametrize(("html", "warning"), CASES.items())
def test_content_checks_find_the_problem_and_quote_the_place(html, warning):
    warnings = content_warnings(html)
    assert len(warnings) == 1
    assert warning in warnings[0]


def test_content_checks_pass_good_writing():
    html = (
        '<h2>Context</h2><h3>Detail</h3><h2>Next</h2><p>Read <a href="/r">the 2024 report'
        '</a>. OSCE and UN staff met.</p><figure class="figure"><img src="/media/a.jpg" '
        'alt="Observers count ballots"><figcaption class="figure-caption">Polling day. '
        "Photo: OSCE</figcaption></figure><table><tbody><tr><th>Country</th></tr><tr><td>A"
        "</td></tr></tbody></table>"
    )
    assert content_warnings(html) == []


@pytest.mark.django_db
def test_content_checks_warn_on_save_without_blocking(editor_client, publisher_client):
    item = make_news_item(slug="checks", published=False)
    body = '<h3>Context</h3><p><a href="/x" rel="noopener noreferrer">click here</a></p>'
    response = publisher_client.post(change_url(item), change_form_data(item, body=body))
    assert response.status_code == 302
    assert NewsItem.objects.get(pk=item.pk).body == body
    messages = [str(message) for message in get_messages(response.wsgi_request)]
    assert any("Body check: The heading “Context” is an h3" in m for m in messages)
    assert any("Body check: The link text “click here”" in m for m in messages)


@pytest.mark.django_db
def test_content_checks_shown_on_the_form_and_in_the_preview(publisher_client):
    item = make_news_item(slug="draft-checks", published=False, body="<h4>Skipped</h4>")
    form = publisher_client.get(change_url(item)).content.decode()
    assert "The heading “Skipped” is an h4 after an h1" in form
    preview = publisher_client.get(preview_url(item)).content.decode()
    assert "Content checks" in preview
    assert "The heading “Skipped” is an h4 after an h1" in preview
    clean = make_news_item(slug="clean", published=False, body="<p>Fine.</p>")
    assert "No problems found" in publisher_client.get(change_url(clean)).content.decode()
    assert "Content checks" not in publisher_client.get(preview_url(clean)).content.decode()
