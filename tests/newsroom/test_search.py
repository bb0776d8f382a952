import importlib
import re

import pytest
from django.db import connection
from django.http import QueryDict

from newsroom.listing import search
from newsroom.listing.filters import NewsItemFilter
from newsroom.models import NewsItem
from tests.factories import make_news_item

pytestmark = pytest.mark.django_db


def titles(query):
    filterset = NewsItemFilter(QueryDict(query), queryset=NewsItem.objects.published())
    return [item.title for item in filterset.qs]


@pytest.mark.parametrize(
    ("q", "title"),
    [
        ("observers", "Observers deployed for Kosovo elections"),  # title
        ("pristina", "Observers deployed for Kosovo elections"),  # lead
        ("quotas", "Women in politics conference"),  # body
        ("river", "Border officers trained"),  # body
    ],
)
def test_search_finds_words_in_title_lead_and_body(newsroom, q, title):
    assert titles(f"q={q}") == [title]


def test_search_words_are_anded(newsroom):
    assert titles("q=officers+river") == ["Border officers trained"]
    assert titles("q=officers+quotas") == []


def test_search_combines_with_filters(newsroom):
    assert titles("q=conference&country=kosovo") == []
    assert titles("q=conference&country=serbia") == ["Women in politics conference"]


def test_search_never_finds_unpublished_items(newsroom):
    assert "Draft about elections" not in titles("q=draft")
    assert titles("q=scheduled") == []


def test_search_relevance_ranks_title_above_body(db):
    make_news_item("Annual report", lead="Nothing here.", body="<p>Water, water.</p>")
    make_news_item("Water security in Central Asia", lead="Rivers and dams.")
    make_news_item("Unrelated", lead="Nothing.")
    assert titles("q=water") == ["Water security in Central Asia", "Annual report"]
    assert titles("q=water&sort=newest")[0] == "Annual report"


def test_search_stemming_and_websearch_syntax_on_postgresql(newsroom):
    if connection.vendor == "postgresql":
        # real full-text search: stems match, and websearch syntax works
        assert titles("q=observing") == titles("q=observers")
        assert len(titles("q=observers+or+conference")) == 2
        assert titles("q=trained+-river") == []
        assert titles("q=trained+-kosovo") == ["Border officers trained"]
        assert titles("q=%22officers+trained%22") == ["Border officers trained"]
    else:
        # the SQLite fallback matches substrings, every word required
        assert titles("q=observ") == ["Observers deployed for Kosovo elections"]
        assert titles("q=election+kosovo") == ["Observers deployed for Kosovo elections"]


def test_search_highlights_matches_in_the_list(client, newsroom):
    html = client.get("/newsroom/?q=observers").content.decode()
    assert "<mark>Observers</mark> deployed for Kosovo elections" in html
    assert "Election <mark>observers</mark> arrive in Pristina." in html


def test_search_highlight_escapes_stored_text(client, db):
    make_news_item('Vote <script>alert("x")</script> & observers', lead="<b>observers</b> &amp;")
    html = client.get("/newsroom/?q=observers").content.decode()
    assert "<script>alert" not in html
    assert (
        "Vote &lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; <mark>observers</mark>"
        in (html)
    )
    assert "&lt;b&gt;<mark>observers</mark>&lt;/b&gt; &amp;amp;" in html


def test_search_mark_terms_escapes_then_marks():
    assert search.mark_terms("a < b & AMP amp", ["amp"]) == (
        "a &lt; b &amp; <mark>AMP</mark> <mark>amp</mark>"
    )
    assert search.mark_terms("<i>x</i>", []) == "&lt;i&gt;x&lt;/i&gt;"
    assert search.mark_terms("Elections", ["elect", "elections"]) == "<mark>Elections</mark>"


def test_search_from_headline_escapes_everything_but_marks():
    raw = f"<b>{search.MARK_START}vote{search.MARK_STOP}</b> {search.MARK_START}x"
    assert search.from_headline(raw) == "&lt;b&gt;<mark>vote</mark>&lt;/b&gt; x"


def test_search_uses_the_stored_vector_on_postgresql_and_like_on_sqlite():
    keys = NewsItem.objects.values("pk")  # no column selected but the key
    found = str(search.search(keys, "water").query)
    ranked = str(search.by_relevance(keys, "water").query)

    if connection.vendor == "postgresql":
        assert '"newsroom_newsitem"."search_vector" @@' in found
        assert 'ts_rank("newsroom_newsitem"."search_vector"' in ranked
        assert "to_tsvector" not in found + ranked  # never computed per row
    else:
        assert "search_vector" not in found + ranked
        assert found.count("LIKE") == len(search.WEIGHTS)


TRIGGER_WEIGHT = re.compile(
    r"setweight\(to_tsvector\((\w+), COALESCE\(NEW\.(\w+), ''\)\), '([A-D])'\)"
)
TRIGGER_CONFIG = re.compile(r"WHEN '(\w+)' THEN '(\w+)'|ELSE '(\w+)'")


def trigger_weights(sql):
    """{field: weight} and the configurations of a trigger's setweight(to_tsvector(…)) terms."""
    terms = TRIGGER_WEIGHT.findall(sql)
    return {field: weight for _, field, weight in terms}, {config for config, _, _ in terms}


def trigger_configs(sql):
    """{language: configuration} of the trigger's CASE, the ELSE as English's."""
    configs = {}
    for language, config, default in TRIGGER_CONFIG.findall(sql):
        configs[language or "en"] = config or default
    return configs


def test_search_weights_and_languages_are_the_triggers():
    migration = importlib.import_module("newsroom.migrations.0013_translations_and_language_search")

    assert trigger_weights(migration.VECTOR) == (search.WEIGHTS, {"config"})
    assert trigger_configs(migration.CONFIG) == search.CONFIGS
    # Every weight a searched model uses has its score in SQLite's ranking.
    from publications.models import Publication

    assert set(search.WEIGHTS.values()) | set(Publication.SEARCH_WEIGHTS.values()) == set(
        search.HIT_SCORES
    )
    if connection.vendor == "postgresql":  # the trigger exists on PostgreSQL only
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_get_functiondef('newsroom_newsitem_search_vector'::regproc)")
            (definition,) = cursor.fetchone()
        assert trigger_weights(definition) == (search.WEIGHTS, {"config"})
        assert trigger_configs(definition) == search.CONFIGS


def test_search_empty_query_is_no_filter(newsroom):
    assert len(titles("q=++")) == 4
