from types import SimpleNamespace
from unittest import mock

import pytest
from django.test import RequestFactory

from osce_site.middleware import rate_limit as ratelimit
from osce_site.middleware.rate_limit import client_ip


@pytest.fixture
def tight_limits(production):
    production.SECURE_SSL_REDIRECT = False
    production.RATELIMIT_SEARCH = "3/60"
    production.RATELIMIT_FEED = "2/60"
    # Windows are fixed minutes: a test whose requests straddled a minute boundary saw its
    # count start again (it failed once in CI at 15:26:59.98). The limiter's clock stands
    # still one second into a window; nothing else's does.
    clock = SimpleNamespace(time=lambda: 1_800_000_001.0)
    with mock.patch.object(ratelimit, "time", clock):
        yield production


@pytest.mark.django_db
def test_search_over_the_limit_gets_429_with_retry_after(client, tight_limits):
    for n in range(3):
        assert client.get("/newsroom/", {"q": f"border {n}"}).status_code == 200
    response = client.get("/newsroom/", {"q": "border again"})
    assert response.status_code == 429
    assert 1 <= int(response["Retry-After"]) <= 60
    body = response.content.decode()
    assert "Too many requests" in body
    assert f"wait {response['Retry-After']} seconds" in body


@pytest.mark.django_db
def test_rate_limit_leaves_plain_pages_and_other_clients_alone(client, tight_limits):
    for _ in range(4):
        client.get("/newsroom/", {"q": "mission"})
    assert client.get("/newsroom/").status_code == 200
    assert client.get("/newsroom/", {"type": "news"}).status_code == 200
    other = client.get("/newsroom/", {"q": "mission"}, REMOTE_ADDR="198.51.100.9")
    assert other.status_code == 200


@pytest.mark.django_db
def test_filtered_feeds_are_rate_limited(client, tight_limits):
    statuses = [client.get("/newsroom/rss/", {"type": "news"}).status_code for _ in range(3)]
    assert statuses[-1] == 429
    assert 429 not in statuses[:2]


@pytest.mark.django_db
def test_forwarded_for_is_ignored_without_a_trusted_proxy(client, tight_limits):
    for n in range(3):
        client.get("/newsroom/", {"q": "x"}, HTTP_X_FORWARDED_FOR=f"192.0.2.{n}")
    response = client.get("/newsroom/", {"q": "x"}, HTTP_X_FORWARDED_FOR="192.0.2.99")
    assert response.status_code == 429


def test_client_ip_uses_forwarded_for_only_behind_trusted_proxies(settings):
    request = RequestFactory().get(
        "/", REMOTE_ADDR="10.0.0.5", HTTP_X_FORWARDED_FOR="6.6.6.6, 203.0.113.4"
    )
    settings.TRUSTED_PROXY_COUNT = 0
    assert client_ip(request) == "10.0.0.5"
    settings.TRUSTED_PROXY_COUNT = 1
    assert client_ip(request) == "203.0.113.4"  # the spoofable left part is not trusted
    settings.TRUSTED_PROXY_COUNT = 3
    assert client_ip(request) == "10.0.0.5"


@pytest.mark.django_db
def test_rate_limit_fails_open_when_the_cache_fails(client, tight_limits):
    with mock.patch(
        "osce_site.middleware.rate_limit.cache.add", side_effect=ConnectionError("down")
    ):
        statuses = {client.get("/newsroom/", {"q": "x"}).status_code for _ in range(5)}
    assert statuses == {200}
