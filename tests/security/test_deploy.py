"""The deploy/ files agree with each other and with README: Deploy (make prodlike runs them)."""

import re
import sys
from pathlib import Path

from tests.subprocesses import PRODUCTION_SECRET, ROOT, run_manage, run_python

DEPLOY = ROOT / "deploy"
sys.path.insert(0, str(DEPLOY))
import prodlike  # noqa: E402


def test_readme_fills_in_every_value_of_the_nginx_site_and_the_cache():
    placeholders = {
        name
        for path in ("nginx/osce.conf", "varnish/osce.vcl")
        for name in re.findall(r"\$\{(OSCE_[A-Z0-9_]+)\}", (DEPLOY / path).read_text())
    }
    readme = Path(ROOT / "README.md").read_text()
    exported = set(re.findall(r"\b(OSCE_[A-Z0-9_]+)=", readme.split("## Deploy", 1)[1]))
    assert placeholders
    assert placeholders == exported


def test_prodlike_runs_the_systemd_units_command():
    argv = prodlike.app_server_command(8001)
    assert argv == [
        str(ROOT / ".venv/bin/gunicorn"),
        "--config",
        "deploy/gunicorn.conf.py",
        "--bind",
        "127.0.0.1:8001",
    ]
    assert prodlike.unit_setting("osce-app@.service", "EnvironmentFile") == "/etc/osce/osce.env"


def test_gunicorn_workers_follow_the_rule_unless_set():
    script = "import runpy; print(runpy.run_path('deploy/gunicorn.conf.py')['workers'])"
    default = run_python("-c", f"import os; {script}; print(os.cpu_count())")
    workers, cores = map(int, default.stdout.split())
    assert workers == 2 * cores + 1
    assert run_python("-c", script, GUNICORN_WORKERS="3").stdout.strip() == "3"


def test_example_environment_passes_check_deploy(collected_static):
    env = prodlike.read_env_file(DEPLOY / "osce.env.example")
    assert env["DJANGO_DEBUG"] == "0"
    assert env["DJANGO_TRUSTED_PROXY_COUNT"] == "1"
    env.update(
        DJANGO_SECRET_KEY=PRODUCTION_SECRET,
        DJANGO_STATIC_ROOT=str(collected_static),
        DATABASE_URL="sqlite:///unused.sqlite3",
        REDIS_URL="",
    )
    result = run_manage("check", "--deploy", "--fail-level", "WARNING", **env)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout
