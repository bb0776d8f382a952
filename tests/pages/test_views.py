import re
from html.parser import HTMLParser
from io import StringIO
from urllib.parse import urldefrag, urljoin, urlsplit

import pytest
from django.core.management import call_command
from django.db import connection
from django.template import loader
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from taggit.models import Tag

from newsroom.models import NewsItem
from structures.models import Chairpersonship, Country, FieldOfWork, MeetingSeries, Structure
from tests.factories import add_bulk, build_site, make_news_item

pytestmark = pytest.mark.django_db

PAGES = [
    "/",
    "/about/",
    "/fields-of-work/",
    "/fields-of-work/elections/",
    "/fields-of-work/climate-change/",
    "/structures/",
    "/structures/mission-to-skopje/",
    "/structures/secretariat/",
    "/structures/mission-to-georgia/",
    "/field-operations/",
    "/countries/",
    "/countries/north-macedonia/",
    "/countries/japan/",
    "/meetings/",
]


class PageParser(HTMLParser):
    """Collects what the page-level checks need: title, h1s, meta description, lang, links."""

    def __init__(self):
        super().__init__()
        self.title = ""
        self.h1 = 0
        self.description = None
        self.lang = None
        self.links = []
        self.breadcrumbs = False
        self._in_title = False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "html":
            self.lang = attrs.get("lang")
        elif tag == "title":
            self._in_title = True
        elif tag == "h1":
            self.h1 += 1
        elif tag == "meta" and attrs.get("name") == "description":
            self.description = attrs.get("content")
        elif tag == "a" and attrs.get("href"):
            self.links.append(attrs["href"])
        elif tag == "nav" and attrs.get("aria-label") == "Breadcrumb":
            self.breadcrumbs = True

    def handle_endtag(self, tag):
        if tag == "title":
            self._in_title = False

    def handle_data(self, data):
        if self._in_title:
            self.title += data


def parse(response):
    parser = PageParser()
    parser.feed(response.content.decode())
    return parser


@pytest.fixture
def site():
    return build_site(news=5)


def test_pages_answer_with_title_h1_description_lang_and_breadcrumbs(client, site):
    titles = set()
    for url in PAGES:
        response = client.get(url)
        assert response.status_code == 200, url
        page = parse(response)
        assert page.lang == "en", url
        assert page.h1 == 1, url
        assert len(page.description or "") > 30, url
        assert page.title.strip().endswith("| OSCE"), url
        titles.add(page.title.strip())
        assert page.breadcrumbs == (url != "/"), url
    assert len(titles) == len(PAGES)


def test_pages_breadcrumbs_are_in_context_as_url_label_pairs(client, site):
    response = client.get("/structures/transnational-threats-department/")
    assert response.context["crumbs"] == [
        ("/structures/", "Structures and institutions"),
        ("/structures/secretariat/", "Secretariat"),
        (None, "Transnational Threats Department"),
    ]
    assert '<span aria-current="page">Transnational Threats Department</span>' in (
        response.content.decode()
    )


def test_layout_marks_current_nav_section(client, site):
    html = client.get("/countries/north-macedonia/").content.decode()
    assert '<a href="/countries/" aria-current="true">Countries</a>' in html
    html = client.get("/meetings/").content.decode()
    assert '<a href="/meetings/" aria-current="page">Meetings and conferences</a>' in html
    assert html.count("aria-current") == 3  # the nav link, the breadcrumb, the language


def test_layout_has_skip_link_search_and_every_nav_target_answers(client, site):
    html = client.get("/").content.decode()
    assert '<a class="skip-link" href="#main">' in html
    assert 'id="main"' in html
    assert re.search(r'<form[^>]+role="search"[^>]+action="/newsroom/"[^>]+method="get"', html)
    assert 'name="q"' in html
    nav = html[
        html.index('aria-label="Main"') : html.index("</nav>", html.index('aria-label="Main"'))
    ]
    targets = re.findall(r'href="([^"]+)"', nav)
    assert {"/fields-of-work/", "/meetings/", "/countries/", "/structures/", "/newsroom/"} <= set(
        targets
    )
    for target in targets:
        assert client.get(target).status_code == 200, target


def test_home_shows_latest_news_topics_and_entry_points(client, site):
    html = client.get("/").content.decode()
    assert site["items"][0].title in html
    assert site["draft"].title not in html
    assert 'href="/fields-of-work/elections/"' in html
    assert 'href="/structures/mission-to-skopje/"' in html
    assert 'href="/field-operations/"' in html
    assert 'href="/countries/"' in html
    assert 'href="/countries/finland/">Finland</a> holds the OSCE Chairpersonship' in html


def test_fieldofwork_list_separates_listed_and_unlisted_topics(client, site):
    response = client.get("/fields-of-work/")
    assert [t.name for t in response.context["listed"]] == ["Elections", "Border management"]
    assert [t.name for t in response.context["unlisted"]] == ["Climate change"]
    assert "More topics in the news" in response.content.decode()


def test_fieldofwork_detail_shows_sections_teams_news_and_feeds(client, site):
    response = client.get("/fields-of-work/elections/")
    html = response.content.decode()
    for text in ["Our challenge", "Our action", "Our teams", "Latest news"]:
        assert text in html
    assert "Office for Democratic Institutions and Human Rights" in html
    assert "established 21 November 1990" in html
    assert "Observes elections and promotes human rights." in html
    assert [s.name for s in response.context["field_operations"]] == [
        "Mission to Skopje",
        "Presence in Albania",
    ]
    assert "Election observers report number 1" in html
    assert "Secret draft about elections" not in html
    assert 'href="/newsroom/?field=elections"' in html
    assert 'type="application/rss+xml"' in html
    assert 'href="/newsroom/rss/?field=elections"' in html
    assert 'href="/newsroom/atom/?field=elections"' in html


def test_fieldofwork_detail_unknown_slug_is_404(client, site):
    assert client.get("/fields-of-work/no-such-topic/").status_code == 404


def test_structure_list_is_a_hierarchy_with_closed_marked(client, site):
    response = client.get("/structures/")
    sections = {s["anchor"]: s for s in response.context["sections"]}
    assert list(sections) == [
        "chairpersonship",
        "secretariat",
        "institutions",
        "field-operations",
        "closed-field-activities",
        "parliamentary-assembly",
        "court",
        "decision-making-bodies",
    ]
    [secretariat] = sections["secretariat"]["structures"]
    assert [c.name for c in secretariat.child_nodes] == ["Transnational Threats Department"]
    assert [s.name for s in sections["closed-field-activities"]["structures"]] == [
        "Mission to Georgia"
    ]
    html = response.content.decode()
    assert re.search(r"Mission to Georgia</a> <span class=\"badge\">Closed 2009</span>", html)


def test_structure_detail_shows_head_parent_host_dates_fields_news_and_feeds(client, site):
    html = client.get("/structures/mission-to-skopje/").content.decode()
    assert "Head of the OSCE Mission to Skopje" in html
    assert 'href="/countries/north-macedonia/">North Macedonia</a>' in html
    assert "18 September 1992" in html
    assert 'href="/fields-of-work/elections/"' in html
    assert "Spillover Monitor Mission to Skopje" in html
    assert "Election observers report number 1" in html
    assert "Secret draft about elections" not in html
    assert 'href="/newsroom/?structure=mission-to-skopje"' in html
    assert 'href="/newsroom/rss/?structure=mission-to-skopje"' in html
    html = client.get("/structures/secretariat/").content.decode()
    assert 'href="/structures/transnational-threats-department/"' in html
    html = client.get("/structures/transnational-threats-department/").content.decode()
    assert "Part of" in html
    assert 'href="/structures/secretariat/">Secretariat</a>' in html


def test_fieldoperation_list_separates_active_and_closed(client, site):
    response = client.get("/field-operations/")
    assert [s.name for s in response.context["active"]] == [
        "Mission to Skopje",
        "Presence in Albania",
    ]
    assert [s.name for s in response.context["closed"]] == ["Mission to Georgia"]
    html = response.content.decode()
    assert "27 March 1997" in html
    assert "Closed field activities" in html


def test_country_list_groups_kinds_and_marks_current_chair(client, site):
    response = client.get("/countries/")
    assert [c.name for c in response.context["asian_partners"]] == ["Japan"]
    assert [c.name for c in response.context["mediterranean_partners"]] == ["Egypt"]
    chairs = [c.name for c in response.context["participating_states"] if c.is_current_chair]
    assert chairs == ["Finland"]  # Albania chaired in 2020, not this year
    html = response.content.decode()
    assert html.count("badge-chair") == 1
    assert 'href="/countries/finland/">Finland</a> holds the OSCE Chairpersonship' in html


def test_country_list_names_the_latest_chair_when_none_this_year(client, site):
    Chairpersonship.objects.filter(country__slug="finland").delete()
    html = client.get("/countries/").content.decode()
    assert "badge-chair" not in html
    assert (
        'latest Chairpersonship on record: <a href="/countries/albania/">Albania</a>, 2020' in html
    )


def test_country_detail_shows_kind_chair_years_operations_news_and_feeds(client, site):
    html = client.get("/countries/albania/").content.decode()
    assert "Participating State" in html
    assert "2020" in html
    assert 'href="/structures/presence-in-albania/"' in html
    assert "Border officers trained 0" in html
    assert 'href="/newsroom/?country=albania"' in html
    assert 'href="/newsroom/atom/?country=albania"' in html


def test_country_detail_shows_aliases(client, site):
    html = client.get("/countries/north-macedonia/").content.decode()
    assert "Also known as" in html
    assert "the former Yugoslav Republic of Macedonia" in html


def test_meetings_lists_every_series_with_anchor(client, site):
    html = client.get("/meetings/").content.decode()
    assert 'id="summit-meetings"' in html
    assert "Ministerial Council meetings" in html


def test_404_is_friendly_and_in_layout(client, settings, site):
    settings.DEBUG = False
    response = client.get("/structures/no-such-thing/")
    assert response.status_code == 404
    page = parse(response)
    assert page.h1 == 1
    assert page.breadcrumbs
    assert "Page not found" in page.title
    assert 'aria-label="Main"' in response.content.decode()


def test_500_renders_in_layout_without_database(django_assert_num_queries):
    with django_assert_num_queries(0):
        html = loader.get_template("500.html").render()
    assert "<h1>Something went wrong</h1>" in html
    assert 'aria-label="Main"' in html
    assert 'href="/static/css/site.css"' in html


def test_500_handler_serves_the_static_page(client, settings, monkeypatch):
    from structures import views

    def explode(*args, **kwargs):
        raise RuntimeError("boom")

    settings.DEBUG = False
    monkeypatch.setattr(views.MeetingSeriesListView, "get", explode)
    client.raise_request_exception = False
    response = client.get("/meetings/")
    assert response.status_code == 500
    assert "Something went wrong" in response.content.decode()


class LinkCrawler:
    """Follows internal links from the home page as a visitor would (no query strings but page)."""

    SKIP = ("/admin/", "/static/", "/media/", "/newsroom/rss/", "/newsroom/atom/", "/sitemap")

    def __init__(self, client):
        self.client = client

    def crawl(self, start="/"):
        seen, queue = set(), [start]
        while queue:
            url = queue.pop()
            if url in seen:
                continue
            seen.add(url)
            response = self.client.get(url)
            assert response.status_code == 200, url
            for href in parse(response).links:
                parts = urlsplit(urldefrag(urljoin(url, href)).url)
                if parts.scheme not in {"", "http"} or parts.netloc not in {"", "testserver"}:
                    continue
                if parts.path.startswith(self.SKIP):
                    continue
                if parts.query and not re.fullmatch(r"page=\d+", parts.query):
                    continue
                queue.append(parts.path + (f"?{parts.query}" if parts.query else ""))
        return seen


def every_record_url():
    urls = {f.get_absolute_url() for f in FieldOfWork.objects.all()}
    urls |= {s.get_absolute_url() for s in Structure.objects.all()}
    urls |= {c.get_absolute_url() for c in Country.objects.all()}
    urls |= {i.get_absolute_url() for i in NewsItem.objects.published()}
    urls |= {
        reverse("newsroom:tag-detail", args=[tag.slug])
        for tag in Tag.objects.filter(
            taggit_taggeditem_items__object_id__in=NewsItem.objects.published().values("pk")
        ).distinct()
    }
    return urls


def test_home_reaches_every_record_by_links(client, site):
    seen = LinkCrawler(client).crawl()
    assert not every_record_url() - seen
    assert site["draft"].get_absolute_url() not in seen
    meetings = client.get("/meetings/").content.decode()
    for series in MeetingSeries.objects.all():
        assert f'id="{series.slug}"' in meetings


def test_home_reaches_every_imported_record_by_links(client):
    call_command("import_seeds", stdout=StringIO())
    assert NewsItem.objects.published().count() > 20  # more than one newsroom page
    seen = LinkCrawler(client).crawl()
    assert not every_record_url() - seen
    meetings = client.get("/meetings/").content.decode()
    for series in MeetingSeries.objects.all():
        assert f'id="{series.slug}"' in meetings


def count_queries(client, url):
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


QUERY_BOUNDS = {
    "/": 9,
    "/about/": 1,
    "/fields-of-work/": 1,
    "/fields-of-work/elections/": 7,
    "/structures/": 2,
    "/structures/mission-to-skopje/": 10,
    "/structures/secretariat/": 10,
    "/field-operations/": 1,
    "/countries/": 2,
    "/countries/albania/": 9,
    "/meetings/": 1,
}


@pytest.mark.parametrize("size", [1, 12])
def test_pages_query_count_is_constant(client, size, django_assert_max_num_queries):
    build_site(news=5 * size, extra_structures=2 * size, extra_countries=size)
    for url, bound in QUERY_BOUNDS.items():
        with django_assert_max_num_queries(bound, info=url):
            assert client.get(url).status_code == 200


def test_pages_query_count_does_not_grow_with_data(client):
    build_site(news=3)
    small = {url: count_queries(client, url) for url in QUERY_BOUNDS}
    add_bulk(25)
    large = {url: count_queries(client, url) for url in QUERY_BOUNDS}
    assert small == large


@pytest.mark.django_db
def test_home_latest_news_leaves_out_undated_articles(client):
    make_news_item("Dated report")
    make_news_item("Undated background article", undated=True)

    html = client.get("/").content.decode()

    assert "Dated report" in html
    assert "Undated background article" not in html
    assert "Undated background article" in client.get("/newsroom/").content.decode()
