"""Every public route, fed random query strings: never a 500."""

import string
from urllib.parse import quote, quote_plus

import pytest
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from tests.factories import build_site
from tests.security.crawl import crawl_public_urls

KNOWN_KEYS = ["q", "type", "field", "structure", "country", "tag", "from", "to", "sort", "page"]
NASTY_VALUES = [
    "",
    "0",
    "-1",
    "99999999999999999999999",
    "1e309",
    "2024-02-30",
    "0000-00-00",
    "9999-12-31",
    "elections",
    "mission-to-skopje",
    "relevance",
    "oldest",
    "' OR 1=1 --",
    '"; DROP TABLE newsroom_newsitem; --',
    "<script>alert(1)</script>",
    "../../etc/passwd",
    "%",
    "\\",
    "\x00",
    "\u202e\ufeff",
    "𝕆𝕊ℂ𝔼 ✓",
    "a" * 200,
]

keys = st.one_of(
    st.sampled_from(KNOWN_KEYS),
    st.text(max_size=20),
    st.sampled_from(["", "q[]", "page[]", "__proto__", "utm_source", "a" * 201]),
)
values = st.one_of(st.sampled_from(NASTY_VALUES), st.text(max_size=60), st.binary(max_size=30))


def encode(part):
    if isinstance(part, bytes):  # arbitrary, often invalid UTF-8
        return "".join(f"%{byte:02X}" for byte in part)
    return quote_plus(part) if len(part) % 2 else quote(part, safe="")


query_strings = st.one_of(
    st.lists(st.tuples(keys, values), max_size=25).map(
        lambda pairs: "&".join(f"{encode(k)}={encode(v)}" for k, v in pairs)
    ),
    st.text(alphabet=string.printable.replace("#", "").replace(" ", ""), max_size=300).map(
        lambda raw: quote(raw, safe="=&;%+")
    ),
    st.builds(lambda n, v: "&".join([f"type={encode(v)}"] * n), st.integers(0, 40), values),
)


@pytest.mark.django_db
def test_fuzz_every_public_route_query_string_never_500(client):
    build_site(news=3)
    routes = crawl_public_urls(client)
    for expected in ["home", "newsroom:newsitem-list", "newsroom:feed-rss"]:
        assert expected in routes
    assert "newsroom:newsitem-detail" in routes
    assert "structures:country-detail" in routes
    failures = []

    for name, path in sorted(routes.items()):
        try:
            fuzz_route(client, path)
        except AssertionError as error:
            failures.append((name, str(error)[:500]))
    assert failures == []


def fuzz_route(client, path):
    @hypothesis_settings(
        max_examples=25,
        deadline=None,
        database=None,
        suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    )
    @given(query=query_strings)
    def fuzz(query):
        response = client.get(f"{path}?{query}")
        assert response.status_code < 500, (path, query)

    fuzz()
