import json

import pytest

from tests.subprocesses import PRODUCTION_SECRET, run_manage, run_python

PRODUCTION = {"DJANGO_DEBUG": "0", "DJANGO_ALLOWED_HOSTS": "example.org"}


def test_settings_refuse_to_start_without_secret_key_when_debug_off():
    result = run_manage("check", DJANGO_DEBUG="0")
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY must be set" in result.stderr


def test_settings_start_in_debug_without_secret_key():
    result = run_manage("check", DJANGO_DEBUG="1")
    assert result.returncode == 0, result.stderr


@pytest.mark.parametrize(
    "key",
    ["", "   ", PRODUCTION_SECRET[:49], "ab" * 40],
    ids=["blank", "spaces", "49-characters", "few-distinct-characters"],
)
def test_settings_refuse_weak_secret_key_when_debug_off(key):
    result = run_manage("check", DJANGO_SECRET_KEY=key, **PRODUCTION)
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY must be at least 50 random characters" in result.stderr
    assert "Traceback" in result.stderr  # a crash at import: no process serves with it


@pytest.mark.parametrize("hosts", [None, "", " , "], ids=["unset", "blank", "only-commas"])
def test_settings_refuse_to_start_without_allowed_hosts_when_debug_off(hosts):
    env = {"DJANGO_DEBUG": "0", "DJANGO_SECRET_KEY": PRODUCTION_SECRET}
    if hosts is not None:
        env["DJANGO_ALLOWED_HOSTS"] = hosts
    result = run_manage("check", **env)
    assert result.returncode != 0
    assert "DJANGO_ALLOWED_HOSTS must" in result.stderr


def test_settings_allowed_hosts_default_to_local_hosts_in_debug():
    result = run_manage(
        "shell",
        "-c",
        "from django.conf import settings; print(settings.ALLOWED_HOSTS)",
        DJANGO_DEBUG="1",
    )
    assert result.stdout.strip().splitlines()[-1] == "['127.0.0.1', 'localhost']"


def test_check_names_collectstatic_when_static_files_were_never_collected(tmp_path):
    result = run_manage(
        "check", DJANGO_SECRET_KEY=PRODUCTION_SECRET, DJANGO_STATIC_ROOT=str(tmp_path), **PRODUCTION
    )
    assert result.returncode != 0
    assert "(osce.E001) No collected static files" in result.stderr
    assert "manage.py collectstatic --noinput" in result.stderr


def test_check_names_collectstatic_when_static_files_changed_since(collected_static, tmp_path):
    root = tmp_path / "static"
    root.mkdir()
    manifest = json.loads((collected_static / "staticfiles.json").read_text())
    del manifest["paths"]["css/site.css"]
    (root / "staticfiles.json").write_text(json.dumps(manifest))
    result = run_manage(
        "check", DJANGO_SECRET_KEY=PRODUCTION_SECRET, DJANGO_STATIC_ROOT=str(root), **PRODUCTION
    )
    assert result.returncode != 0
    assert "(osce.E002) 1 static files are newer than the last collectstatic" in result.stderr
    assert "css/site.css" in result.stderr
    assert "collectstatic" in result.stderr


def test_check_passes_once_static_files_are_collected(collected_static):
    result = run_manage(
        "check",
        DJANGO_SECRET_KEY=PRODUCTION_SECRET,
        DJANGO_STATIC_ROOT=str(collected_static),
        **PRODUCTION,
    )
    assert result.returncode == 0, result.stderr
    assert "no issues" in result.stdout


@pytest.mark.parametrize("collected", [False, True], ids=["not-collected", "collected"])
def test_app_server_refuses_to_boot_without_collected_static(collected, collected_static, tmp_path):
    """What gunicorn does first is import osce_site.wsgi: without the manifest that fails."""
    result = run_python(
        "-c",
        "import osce_site.wsgi",
        DJANGO_SECRET_KEY=PRODUCTION_SECRET,
        DJANGO_STATIC_ROOT=str(collected_static if collected else tmp_path),
        **PRODUCTION,
    )
    if collected:
        assert result.returncode == 0, result.stderr
    else:
        assert result.returncode != 0
        assert "(osce.E001) No collected static files" in result.stderr
        assert "collectstatic" in result.stderr
