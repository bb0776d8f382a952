"""Stored XSS: hostile text planted through the admin shows up inert on every page and feed."""

import pytest
from django.utils import timezone

from newsroom.models import NewsItem, NewsType
from structures.models import Country, FieldOfWork, MeetingSeries, Structure
from tests.factories import build_site
from tests.security.xss import PAYLOAD, active_content, escaped, feed_active_content

SHORT = '</script><script>alert(1337)</script>"><img src=x onerror=alert(1337)>'


@pytest.fixture
def planted(client, admin_user):
    site = build_site(news=2)
    hostile = f"Hostile {SHORT}"
    FieldOfWork.objects.filter(pk=site["elections"].pk).update(
        introduction=PAYLOAD, challenge=PAYLOAD, action=PAYLOAD
    )
    Structure.objects.filter(pk=site["skopje"].pk).update(mandate=PAYLOAD, summary=PAYLOAD)
    Country.objects.filter(pk=site["macedonia"].pk).update(name=hostile)
    MeetingSeries.objects.filter(slug="summit-meetings").update(description=PAYLOAD)
    client.force_login(admin_user)
    now = timezone.localtime(timezone.now() - timezone.timedelta(hours=1))
    response = client.post(
        "/admin/newsroom/newsitem/add/",
        {
            "title": hostile,
            "slug": "hostile-item",
            "news_type": NewsType.objects.get(name="Press release").pk,
            "status": "published",
            "publish_at_0": now.strftime("%Y-%m-%d"),
            "publish_at_1": now.strftime("%H:%M:%S"),
            "backdate": "on",  # an earlier time than now is a deliberate choice (issue 17)
            "language": "en",  # the form's select always sends one
            "place": SHORT,
            "source": SHORT,
            "lead": PAYLOAD,
            "body": PAYLOAD,
            "image_caption": SHORT,
            "attached_documents-TOTAL_FORMS": "0",
            "attached_documents-INITIAL_FORMS": "0",
            "structures": [site["skopje"].pk],
            "fields_of_work": [site["elections"].pk],
            "countries": [site["macedonia"].pk],
            "tags": '"<svg onload=alert(1337)>", observation',
        },
    )
    assert response.status_code == 302, response.content.decode()[-3000:]
    item = NewsItem.objects.get(slug="hostile-item")
    client.logout()
    return site, item


@pytest.mark.django_db
def test_xss_planted_in_admin_is_inert_on_every_page(client, planted):
    site, item = planted
    tag = item.tags.exclude(name="observation").get()
    pages = [
        "/",
        "/newsroom/",
        item.get_absolute_url(),
        "/newsroom/?q=hostile",
        f"/newsroom/?tag={tag.slug}",
        site["elections"].get_absolute_url(),
        site["skopje"].get_absolute_url(),
        Country.objects.get(pk=site["macedonia"].pk).get_absolute_url(),
        "/fields-of-work/",
        "/structures/",
        "/field-operations/",
        "/countries/",
        "/meetings/",
    ]
    for path in pages:
        response = client.get(path)
        assert response.status_code == 200, path
        assert active_content(response.content.decode()) == [], path
    detail = client.get(item.get_absolute_url()).content.decode()
    assert escaped("<script>alert(1337)</script>") in detail  # shown, as text


@pytest.mark.django_db
@pytest.mark.parametrize(
    "feed", ["/newsroom/rss/", "/newsroom/atom/", "/newsroom/rss/?field=elections"]
)
def test_xss_planted_in_admin_is_inert_in_feeds(client, planted, feed):
    response = client.get(feed)
    assert response.status_code == 200
    assert b"alert(1337)" in response.content  # the hostile item is in the feed
    assert feed_active_content(response.content) == []


@pytest.mark.django_db
def test_xss_planted_in_admin_is_inert_in_the_admin(client, planted, admin_user):
    _, item = planted
    client.force_login(admin_user)
    for path in ["/admin/newsroom/newsitem/", f"/admin/newsroom/newsitem/{item.pk}/change/"]:
        response = client.get(path)
        assert response.status_code == 200
        assert active_content(response.content.decode()) == [], path


def test_active_content_finder_catches_what_it_should():
    assert active_content("<p>fine</p><script src='/static/js/x.js'></script>") == []
    assert active_content('<script type="application/ld+json">{"a": 1}</script>') == []
    for bad in [
        "<script>alert(1)</script>",
        '<img src="x" onerror="alert(1)">',
        '<a href=" JaVaScRiPt:alert(1)">x</a>',
        '<script type="application/ld+json">{"a": "</script><script>alert(1)</script>',
        '<p style="color:red">x</p>',
        "<iframe src=/x></iframe>",
    ]:
        assert active_content(bad), bad
