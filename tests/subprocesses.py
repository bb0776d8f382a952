import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
# A key that passes `check --deploy`, for manage.py run in production mode.
PRODUCTION_SECRET = "x7Qp2-vL9sKd4Rz8Wm1Nt6Yb3Hc5Jf0Ga-eUo7Ti2Pw9Xs4Lq8Mv1Kz6Rd3By5Nh0"


def run_python(*args, timeout=120, **env):
    """Python in a subprocess with a clean environment: no DJANGO_* or DATABASE_URL leaks in."""
    environ = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE_URL"))}
    environ.update(env)
    return subprocess.run(
        [sys.executable, *args],
        cwd=ROOT,
        env=environ,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )


def run_manage(*args, timeout=120, **env):
    return run_python("manage.py", *args, timeout=timeout, **env)
