import re
from pathlib import Path

import pytest
from django.urls import reverse

from tests.subprocesses import PRODUCTION_SECRET, ROOT, run_manage

HSTS = "max-age=31536000; includeSubDomains; preload"


def admin_login_url():
    return reverse("admin:login")


def csp_directives(response):
    policy = response["Content-Security-Policy"]
    return {
        part.split()[0]: part.split()[1:] for part in (p.strip() for p in policy.split(";")) if part
    }


@pytest.mark.django_db
@pytest.mark.parametrize(
    "path", ["/", "/newsroom/", "/newsroom/rss/", "/newsroom/atom/?type=news", "admin-login"]
)
def test_security_headers_present_in_production(client, production, path):
    path = admin_login_url() if path == "admin-login" else path
    response = client.get(path, secure=True)
    assert response.status_code == 200
    assert response["Strict-Transport-Security"] == HSTS
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["X-Frame-Options"] == "DENY"
    assert response["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"
    csp = csp_directives(response)
    assert csp["default-src"] == ["'self'"]
    assert csp["script-src"] == ["'self'"]
    assert csp["style-src"] == ["'self'"]
    assert csp["object-src"] == ["'none'"]
    assert csp["frame-ancestors"] == ["'none'"]
    assert csp["base-uri"] == ["'self'"]
    assert csp["form-action"] == ["'self'"]
    assert "unsafe-inline" not in response["Content-Security-Policy"]
    assert "unsafe-eval" not in response["Content-Security-Policy"]


@pytest.mark.django_db
def test_plain_http_redirects_to_https_in_production(client, production):
    response = client.get("/newsroom/?type=news")
    assert response.status_code == 301
    assert response["Location"] == "https://testserver/newsroom/?type=news"


@pytest.mark.django_db
def test_healthz_answers_plain_http_for_load_balancers(client, production):
    assert client.get("/healthz").status_code == 200


@pytest.mark.django_db
def test_cookies_are_secure_and_session_expires(client, production):
    response = client.get(admin_login_url(), secure=True)
    csrf = response.cookies["csrftoken"]
    assert csrf["secure"] is True
    assert csrf["samesite"] == "Lax"
    assert production.SESSION_COOKIE_SECURE is True
    assert production.SESSION_COOKIE_HTTPONLY is True
    assert 0 < production.SESSION_COOKIE_AGE <= 12 * 3600


def test_check_deploy_has_no_warning_with_production_variables(collected_static):
    result = run_manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        DJANGO_DEBUG="0",
        DJANGO_SECRET_KEY=PRODUCTION_SECRET,
        DJANGO_ALLOWED_HOSTS="example.org",
        DJANGO_STATIC_ROOT=str(collected_static),
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


def test_settings_read_proxy_header_and_admin_path_from_environment():
    script = (
        "from django.conf import settings; from django.urls import reverse; "
        "print(settings.SECURE_PROXY_SSL_HEADER, reverse('admin:index'))"
    )
    result = run_manage(
        "shell",
        "-c",
        script,
        DJANGO_DEBUG="0",
        DJANGO_SECRET_KEY=PRODUCTION_SECRET,
        DJANGO_ALLOWED_HOSTS="example.org",
        DJANGO_SECURE_PROXY_SSL_HEADER="X-Forwarded-Proto",
        DJANGO_ADMIN_PATH="backoffice-7f3a",
    )
    assert result.returncode == 0, result.stderr
    assert (
        result.stdout.strip().splitlines()[-1]
        == "('HTTP_X_FORWARDED_PROTO', 'https') /backoffice-7f3a/"
    )


INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)(?![^>]*application/ld\+json)[^>]*>", re.I)
INLINE_STYLE = re.compile(r"<style\b|\sstyle\s*=", re.I)
EVENT_HANDLER = re.compile(r"\son[a-z]+\s*=", re.I)
JAVASCRIPT_URL = re.compile(r"(href|src|action)\s*=\s*[\"']?\s*javascript:", re.I)


def project_templates():
    return sorted(Path(ROOT, "templates").rglob("*.html")) + sorted(
        Path(ROOT).glob("*/templates/**/*.html")
    )


def test_templates_have_no_inline_script_style_or_handlers():
    offenders = []
    for template in project_templates():
        text = template.read_text()
        for pattern in (INLINE_SCRIPT, INLINE_STYLE, EVENT_HANDLER, JAVASCRIPT_URL):
            if match := pattern.search(text):
                offenders.append(f"{template.relative_to(ROOT)}: {match.group(0)!r}")
    assert project_templates()
    assert offenders == []
