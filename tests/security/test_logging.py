import json
import logging
import re

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from osce_site.middleware.request_log import JsonFormatter
from tests.subprocesses import PRODUCTION_SECRET, run_manage


@pytest.fixture
def request_log():
    records = []

    class Collect(logging.Handler):
        def emit(self, record):
            records.append(json.loads(JsonFormatter().format(record)))

    handler = Collect()
    logger = logging.getLogger("osce.request")
    logger.addHandler(handler)
    yield records
    logger.removeHandler(handler)


@pytest.mark.django_db
def test_request_log_has_one_json_line_per_request(client, request_log):
    response = client.get("/newsroom/?type=news")
    assert len(request_log) == 1
    entry = request_log[0]
    assert entry["event"] == "request"
    assert entry["method"] == "GET"
    assert entry["path"] == "/newsroom/"
    assert entry["query"] == "type=news"
    assert entry["status"] == response.status_code
    assert entry["duration_ms"] >= 0
    assert entry["user"] == "anonymous"
    assert entry["request_id"] == response["X-Request-ID"]
    assert len(entry["request_id"]) == 32


@pytest.mark.django_db
def test_request_id_from_the_caller_is_kept_when_sane(client, request_log):
    response = client.get("/", HTTP_X_REQUEST_ID="lb-1234.abcd")
    assert response["X-Request-ID"] == "lb-1234.abcd"
    response = client.get("/", HTTP_X_REQUEST_ID="<script>" + "x" * 100)
    assert response["X-Request-ID"] != "<script>" + "x" * 100
    assert len(response["X-Request-ID"]) == 32


@pytest.mark.django_db
def test_request_log_never_holds_passwords_cookies_or_admin_queries(client, request_log):
    user = get_user_model().objects.create_user("ed", password="Sup3r-secret-pw", is_staff=True)
    client.post(
        reverse("admin:login"),
        {"username": "ed", "password": "Sup3r-secret-pw"},
        HTTP_AUTHORIZATION="Basic c2VjcmV0",
        HTTP_COOKIE="tracking=cookie-value-123",
    )
    client.get(reverse("admin:auth_user_changelist") + "?q=private-search-term")
    text = json.dumps(request_log)
    for secret in ["Sup3r-secret-pw", "c2VjcmV0", "cookie-value-123", "private-search-term"]:
        assert secret not in text
    assert client.cookies["sessionid"].value not in text
    assert request_log[-1]["user"] == user.pk


def test_json_formatter_writes_tracebacks_on_one_line():
    try:
        raise ValueError("boom")
    except ValueError:
        record = logging.LogRecord("x", logging.ERROR, __file__, 1, "failed", None, True)
        record.exc_info = __import__("sys").exc_info()
    line = JsonFormatter().format(record)
    assert "\n" not in line
    entry = json.loads(line)
    assert entry["message"] == "failed"
    assert "ValueError: boom" in entry["traceback"]


REQUESTS_SCRIPT = """
from django.test import Client
c = Client(HTTP_HOST="localhost")
c.get("/healthz")
c.get("/no-such-page/?x=1")
"""


def test_development_logs_one_readable_line_per_request(tmp_path):
    database = f"sqlite:///{tmp_path / 'site.sqlite3'}"
    result = run_manage("shell", "-c", REQUESTS_SCRIPT, DJANGO_DEBUG="1", DATABASE_URL=database)
    lines = [line for line in result.stderr.splitlines() if " ms" in line]
    assert len(lines) == 2, result.stderr
    assert re.fullmatch(r"\d\d:\d\d:\d\d GET /healthz 200 \d+ ms", lines[0])
    assert re.fullmatch(r"\d\d:\d\d:\d\d GET /no-such-page/\?x=1 404 \d+ ms", lines[1])
    assert "{" not in lines[0] + lines[1]


def test_production_logs_json_lines(tmp_path):
    result = run_manage(
        "shell",
        "-c",
        REQUESTS_SCRIPT,
        DJANGO_DEBUG="0",
        DJANGO_SECRET_KEY=PRODUCTION_SECRET,
        DJANGO_ALLOWED_HOSTS="localhost",
        DJANGO_SECURE_SSL_REDIRECT="0",
        DJANGO_STATICFILES_BACKEND="django.contrib.staticfiles.storage.StaticFilesStorage",
        DATABASE_URL=f"sqlite:///{tmp_path / 'site.sqlite3'}",
    )
    entries = [json.loads(line) for line in result.stderr.splitlines() if '"request"' in line]
    assert [(e["path"], e["status"]) for e in entries] == [
        ("/healthz", 200),
        ("/no-such-page/", 404),
    ], result.stderr
