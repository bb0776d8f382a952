import sys
from unittest import mock

import pytest
from django.core.cache import cache
from django.db import OperationalError, connection
from django.test import RequestFactory

from osce_site.errors import server_error
from tests.factories import make_news_item
from tests.subprocesses import PRODUCTION_SECRET, run_manage

CLOSED_REDIS = "redis://127.0.0.1:6390/0"


@pytest.fixture
def redis_down(settings):
    settings.SECURE_SSL_REDIRECT = False
    settings.RATELIMIT_ENABLED = True
    settings.CACHE_PAGE_SECONDS = 300  # the page cache on, as in production
    settings.CACHE_COUNT_SECONDS = 300
    settings.CACHES = {
        "default": {
            "BACKEND": "osce_site.caching.FaultTolerantRedisCache",
            "LOCATION": CLOSED_REDIS,
            "OPTIONS": {"socket_connect_timeout": 0.2, "socket_timeout": 0.2},
        }
    }
    return settings


def test_cache_backend_degrades_to_misses_when_redis_is_down(redis_down):
    assert cache.get("anything", "fallback") == "fallback"
    assert cache.get_many(["a", "b"]) == {}
    assert cache.add("k", 1) is False
    cache.set("k", 1)
    cache.delete("k")
    with pytest.raises(ValueError, match="cache unavailable"):
        cache.incr("k")


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/", "/newsroom/", "/newsroom/?q=border", "/fields-of-work/"])
def test_pages_render_from_the_database_when_redis_is_down(client, redis_down, path):
    make_news_item("Border management training in Skopje")
    response = client.get(path)
    assert response.status_code == 200


@pytest.mark.django_db
def test_pages_show_503_page_when_the_database_fails(client, settings):
    settings.SECURE_SSL_REDIRECT = False
    with mock.patch.object(connection, "cursor", side_effect=OperationalError("down")):
        response = client.get("/newsroom/")
    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    assert b"temporarily unavailable" in response.content


def test_server_error_handler_turns_database_errors_into_503():
    request = RequestFactory().get("/")
    try:
        raise OperationalError("server closed the connection unexpectedly")
    except OperationalError:
        assert sys.exc_info()[0] is OperationalError
        assert server_error(request).status_code == 503
    try:
        raise KeyError("bug")
    except KeyError:
        assert server_error(request).status_code == 500


DOWN_SCRIPT = """
from django.test import Client
c = Client()
for path in ["/healthz", "/", "/newsroom/", "/countries/"]:
    r = c.get(path, secure=True)
    print(path, r.status_code, b"temporarily unavailable" in r.content)
"""


def test_unreachable_database_gives_503_pages_and_healthz_end_to_end():
    result = run_manage(
        "shell",
        "-c",
        DOWN_SCRIPT,
        DJANGO_DEBUG="0",
        DJANGO_SECRET_KEY=PRODUCTION_SECRET,
        DATABASE_URL="postgres://nobody@127.0.0.1:9/osce",
        DJANGO_ALLOWED_HOSTS="testserver",
        DJANGO_STATICFILES_BACKEND="django.contrib.staticfiles.storage.StaticFilesStorage",
    )
    lines = result.stdout.strip().splitlines()[-4:]
    assert lines == [
        "/healthz 503 False",
        "/ 503 True",
        "/newsroom/ 503 True",
        "/countries/ 503 True",
    ], result.stdout + result.stderr[-3000:]
    assert "Traceback" in result.stderr  # the cause is logged, with its traceback


REDIS_DOWN_SCRIPT = """
from django.core.management import call_command
from django.test import Client
from tests.factories import make_news_item
call_command("migrate", verbosity=0)
item = make_news_item("Border management training in Skopje")
c = Client()
for path in ["/", "/newsroom/", "/newsroom/?q=border", item.get_absolute_url(), "/newsroom/rss/"]:
    print(path, c.get(path, secure=True).status_code)
"""


def test_pages_render_end_to_end_with_redis_url_pointing_at_nothing(tmp_path):
    result = run_manage(
        "shell",
        "-c",
        REDIS_DOWN_SCRIPT,
        DJANGO_DEBUG="0",
        DJANGO_SECRET_KEY=PRODUCTION_SECRET,
        DJANGO_ALLOWED_HOSTS="testserver",
        DJANGO_STATICFILES_BACKEND="django.contrib.staticfiles.storage.StaticFilesStorage",
        DATABASE_URL=f"sqlite:///{tmp_path / 'site.sqlite3'}",
        REDIS_URL=CLOSED_REDIS,
    )
    statuses = [line.rsplit(" ", 1)[-1] for line in result.stdout.strip().splitlines()[-5:]]
    assert statuses == ["200"] * 5, result.stdout + result.stderr[-3000:]
    assert "cache unavailable" in result.stderr  # logged, once per pause
