#!/usr/bin/env python3
"""make prodlike: production's topology on this machine, checked from outside.

nginx (Debian's package) terminates TLS with a throw-away certificate in front of a shared
HTTP cache (Varnish with xkey, deploy/varnish/osce.vcl) and two
gunicorn app servers (DJANGO_DEBUG=0, collected static files) sharing one PostgreSQL
database and one Redis database; deploy/prodlike_checks.py then checks the whole over
https, as a visitor, an editor and an operator would. It runs deploy/'s files, the ones
README: Deploy installs: the systemd unit's ExecStart, gunicorn.conf.py, osce.env.example
and the nginx site. Everything it starts is stopped at the end, pass or fail; the logs of
the last run stay in .prodlike/.

Layers are started in order by start_stack(); a layer between nginx and the app servers
(a shared HTTP cache) is one more start function and one more upstream for nginx.
"""

import argparse
import contextlib
import json
import os
import re
import secrets
import shlex
import shutil
import signal
import socket
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from string import Template
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parents[1]
DEPLOY = ROOT / "deploy"
PYTHON = ROOT / ".venv" / "bin" / "python"
INSTALL_ROOT = "/srv/osce/current"  # where README: Deploy puts a release; here: this checkout


class Failure(Exception):
    """A check or a start-up step failed; the message says what was expected and seen."""


@dataclass
class Process:
    name: str
    popen: subprocess.Popen
    log: Path
    stop_signal: int = signal.SIGTERM

    @property
    def running(self):
        return self.popen.poll() is None

    def stop(self, timeout=40):
        if self.running:
            self.popen.send_signal(self.stop_signal)
            try:
                self.popen.wait(timeout)
            except subprocess.TimeoutExpired:
                self.popen.kill()
                self.popen.wait()

    def log_tail(self, lines=30):
        return "\n".join(self.log.read_text(errors="replace").splitlines()[-lines:])


@dataclass
class AppServer:
    port: int
    process: Process | None = None

    @property
    def address(self):
        return f"127.0.0.1:{self.port}"


@dataclass
class Site:
    """What is running and where, for the checks."""

    run_dir: Path
    env: dict
    host: str
    http_port: int
    https_port: int
    cert: Path
    app_servers: list
    cache_port: int = 18081
    cache_backend_port: int = 18090
    processes: list = field(default_factory=list)
    superuser: tuple = ("", "")

    @property
    def origin(self):
        return f"https://{self.host}:{self.https_port}"

    @property
    def admin_path(self):
        return "/" + self.env.get("DJANGO_ADMIN_PATH", "admin/").strip("/") + "/"

    def start(self, name, argv, *, env=None, stop_signal=signal.SIGTERM):
        log = self.run_dir / f"{name}.log"
        popen = subprocess.Popen(
            argv,
            cwd=ROOT,
            env=env or self.env,
            stdout=log.open("a"),
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
        )
        process = Process(name, popen, log, stop_signal)
        self.processes.append(process)
        return process

    def manage(self, *args, env=None):
        result = subprocess.run(
            [str(PYTHON), "manage.py", *args],
            cwd=ROOT,
            env={**self.env, **(env or {})},
            capture_output=True,
            text=True,
            check=False,
        )
        if result.returncode:
            raise Failure(f"manage.py {' '.join(args)} failed:\n{result.stdout}{result.stderr}")
        return result.stdout

    def start_app_server(self, app, *, env=None):
        app.process = self.start(f"app-{app.port}", app_server_command(app.port), env=env)
        return app.process

    def stop_all(self):
        for process in reversed(self.processes):
            process.stop()


def say(message):
    print(message, flush=True)


def port_open(port, host="127.0.0.1"):
    with contextlib.suppress(OSError), socket.create_connection((host, port), timeout=0.5):
        return True
    return False


def wait_for(predicate, what, timeout=30, process=None):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return
        if process is not None and not process.running:
            raise Failure(f"{what}: {process.name} exited\n{process.log_tail()}")
        time.sleep(0.2)
    raise Failure(f"{what}: not within {timeout} s")


# --- The deploy files, read as README: Deploy installs them -------------------------------


def read_env_file(path):
    values = {}
    for line in path.read_text().splitlines():
        if line.strip() and not line.lstrip().startswith("#"):
            name, _, value = line.partition("=")
            values[name.strip()] = value.strip()
    return values


def unit_setting(unit, name):
    for line in (DEPLOY / "systemd" / unit).read_text().splitlines():
        if line.startswith(f"{name}="):
            return line.partition("=")[2]
    raise Failure(f"{unit} has no {name}=")


def app_server_command(port):
    """The unit's ExecStart for instance PORT, run from this checkout instead of INSTALL_ROOT."""
    command = unit_setting("osce-app@.service", "ExecStart")
    return shlex.split(command.replace(INSTALL_ROOT, str(ROOT)).replace("%i", str(port)))


def render(template_path, values):
    text = Template(template_path.read_text()).safe_substitute(values)
    if missing := re.findall(r"\$\{OSCE_[A-Z0-9_]+\}", text):
        raise Failure(f"{template_path.name}: no value given for {', '.join(missing)}")
    return text


# --- Start-up ---------------------------------------------------------------------------


def require_nginx():
    if not shutil.which("nginx") and not Path("/usr/sbin/nginx").exists():
        raise Failure("nginx is missing: `make prodlike` installs Debian's package")
    return shutil.which("nginx") or "/usr/sbin/nginx"


def ensure_postgresql(url):
    parts = urlsplit(url)
    port = parts.port or 5432
    if not port_open(port, parts.hostname) and shutil.which("pg_ctlcluster"):
        version = sorted(os.listdir("/etc/postgresql"))[0]
        subprocess.run(
            ["pg_ctlcluster", "--skip-systemctl-redirect", version, "main", "start"], check=False
        )
        wait_for(lambda: port_open(port, parts.hostname), "PostgreSQL", timeout=20)
    if not port_open(port, parts.hostname):
        raise Failure(f"no PostgreSQL answers at {parts.hostname}:{port}")


def fresh_database(url):
    """Drop and create the run's own database (never anyone else's: its name is ours)."""
    name = urlsplit(url).path.lstrip("/")
    maintenance = urlunsplit(urlsplit(url)._replace(path="/postgres"))
    script = (
        "import psycopg, sys\n"
        "with psycopg.connect(sys.argv[1], autocommit=True) as c:\n"
        "    c.execute(f'DROP DATABASE IF EXISTS \"{sys.argv[2]}\" WITH (FORCE)')\n"
        "    c.execute(f'CREATE DATABASE \"{sys.argv[2]}\"')\n"
    )
    subprocess.run([str(PYTHON), "-c", script, maintenance, name], check=True)


def ensure_redis(site, url):
    """The shared Redis when it answers; else our own redis-server for this run."""
    parts = urlsplit(url)
    if port_open(parts.port or 6379, parts.hostname):
        return url
    if not shutil.which("redis-server"):
        raise Failure(f"no Redis answers at {parts.netloc} and redis-server is not installed")
    port = 18379
    process = site.start(
        "redis", ["redis-server", "--port", str(port), "--bind", "127.0.0.1", "--save", ""]
    )
    wait_for(lambda: port_open(port), "redis-server", process=process)
    return f"redis://127.0.0.1:{port}/0"


def clear_cache(site):
    """Forget what an earlier run cached under this run's key prefix."""
    script = (
        "import redis, sys\n"
        "r = redis.Redis.from_url(sys.argv[1])\n"
        "for key in r.scan_iter(sys.argv[2] + ':*'): r.delete(key)\n"
    )
    subprocess.run(
        [str(PYTHON), "-c", script, site.env["REDIS_URL"], site.env["DJANGO_CACHE_PREFIX"]],
        check=True,
    )


def make_certificate(run_dir, host):
    cert, key = run_dir / "tls.crt", run_dir / "tls.key"
    subprocess.run(
        [
            *("openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256"),
            *("-nodes", "-days", "2", "-subj", f"/CN={host}", "-keyout", key, "-out", cert),
            *("-addext", f"subjectAltName=DNS:{host},IP:127.0.0.1"),
        ],
        check=True,
        capture_output=True,
    )
    return cert, key


def app_environment(options, run_dir):
    """osce.env.example with the values that name this machine replaced."""
    env = read_env_file(DEPLOY / "osce.env.example")
    origin = f"https://{options.host}:{options.https_port}"
    env.update(
        DJANGO_SECRET_KEY=secrets.token_urlsafe(50),
        DJANGO_ALLOWED_HOSTS=f"{options.host},127.0.0.1",
        DJANGO_CSRF_TRUSTED_ORIGINS=origin,
        DJANGO_SITE_URL=origin,
        DATABASE_URL=options.database_url,
        REDIS_URL=options.redis_url,
        DJANGO_CACHE_PREFIX="osce-prodlike",
        DJANGO_STATIC_ROOT=str(run_dir / "static"),
        DJANGO_MEDIA_ROOT=str(run_dir / "media"),
        GUNICORN_WORKERS=str(options.workers),
        DJANGO_CACHE_PURGE_URL=f"http://127.0.0.1:{options.cache_port}/",
        # A low search limit in a long window, so the rate-limit check needs few requests.
        DJANGO_RATELIMIT_SEARCH="5/3600",
    )
    return {
        **{k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE_URL"))},
        **env,
    }


NGINX_MAIN = """\
worker_processes 1;
pid $run/nginx.pid;
error_log $run/nginx-error.log warn;
events { worker_connections 512; }
http {
    include /etc/nginx/mime.types;
    default_type application/octet-stream;
    sendfile on;
    log_format upstreams '$$remote_addr "$$request" $$status $$upstream_addr $$upstream_status';
    access_log $run/nginx-access.log upstreams;
    client_body_temp_path $run/nginx-tmp/body;
    proxy_temp_path $run/nginx-tmp/proxy;
    fastcgi_temp_path $run/nginx-tmp/fastcgi;
    uwsgi_temp_path $run/nginx-tmp/uwsgi;
    scgi_temp_path $run/nginx-tmp/scgi;
    include $run/osce.conf;
}
"""


def start_nginx(site, nginx, key, upstreams):
    run = site.run_dir
    (run / "nginx-tmp").mkdir()
    site_values = {
        "OSCE_SERVER_NAME": f"{site.host} 127.0.0.1",
        "OSCE_HTTP_LISTEN": f"127.0.0.1:{site.http_port}",
        "OSCE_HTTPS_LISTEN": f"127.0.0.1:{site.https_port}",
        "OSCE_HTTPS_PORT_SUFFIX": f":{site.https_port}",
        "OSCE_TLS_CERT": str(site.cert),
        "OSCE_TLS_KEY": str(key),
        "OSCE_STATIC_ROOT": site.env["DJANGO_STATIC_ROOT"],
        "OSCE_MEDIA_ROOT": site.env["DJANGO_MEDIA_ROOT"],
        **{f"OSCE_APP_{n}": address for n, address in enumerate(upstreams, 1)},
        "OSCE_FRONT": "osce_cache",
        "OSCE_CACHE": f"127.0.0.1:{site.cache_port}",
        "OSCE_CACHE_BACKEND_LISTEN": f"127.0.0.1:{site.cache_backend_port}",
    }
    (run / "osce.conf").write_text(render(DEPLOY / "nginx" / "osce.conf", site_values))
    (run / "nginx.conf").write_text(Template(NGINX_MAIN).substitute(run=run))
    argv = [
        nginx,
        "-p",
        str(run),
        "-e",
        str(run / "nginx-error.log"),
        "-c",
        str(run / "nginx.conf"),
    ]
    test = subprocess.run([*argv, "-t", "-q"], capture_output=True, text=True, check=False)
    if test.returncode:
        raise Failure(f"nginx -t rejected the site:\n{test.stderr}")
    process = site.start("nginx", [*argv, "-g", "daemon off;"], stop_signal=signal.SIGQUIT)
    wait_for(lambda: port_open(site.https_port), "nginx", process=process)


def require_varnish():
    path = shutil.which("varnishd") or "/usr/sbin/varnishd"
    if not Path(path).exists():
        raise Failure("varnishd is missing: `make prodlike` installs Debian's varnish")
    return path


def start_varnish(site, varnishd):
    """The shared HTTP cache, in front of nginx's listener for it (deploy/varnish/osce.vcl)."""
    values = {
        "OSCE_CACHE_BACKEND_HOST": "127.0.0.1",
        "OSCE_CACHE_BACKEND_PORT": str(site.cache_backend_port),
        "OSCE_ADMIN_PATH": site.admin_path.lstrip("/"),
    }
    vcl = site.run_dir / "osce.vcl"
    vcl.write_text(render(DEPLOY / "varnish" / "osce.vcl", values))
    argv = [
        varnishd,
        *("-F", "-j", "none", "-n", str(site.run_dir / "varnish")),
        *("-a", f"127.0.0.1:{site.cache_port}", "-f", str(vcl), "-s", "malloc,64m"),
        *("-p", "vcc_allow_inline_c=off"),
    ]
    process = site.start("varnish", argv)
    wait_for(lambda: port_open(site.cache_port), "varnish", process=process)


def prepare(site):
    say("== Collecting static files, migrating, importing data/seeds/")
    site.manage("collectstatic", "--noinput", "--verbosity", "0")
    site.manage("migrate", "--noinput", "--verbosity", "0")
    site.manage("import_seeds", "--verbosity", "0")
    username, password = "prodlike-admin", secrets.token_urlsafe(16)
    site.manage(
        "createsuperuser",
        "--noinput",
        "--username",
        username,
        "--email",
        "prodlike@example.org",
        env={"DJANGO_SUPERUSER_PASSWORD": password},
    )
    site.superuser = (username, password)


def start_stack(site, nginx, key):
    for app in site.app_servers:
        process = site.start_app_server(app)
        wait_for(lambda app=app: port_open(app.port), f"app server {app.port}", process=process)
    say(f"== App servers up on {', '.join(app.address for app in site.app_servers)}")
    start_varnish(site, require_varnish())
    say(f"== Varnish up on 127.0.0.1:{site.cache_port}")
    start_nginx(site, nginx, key, [app.address for app in site.app_servers])
    say(f"== nginx up: {site.origin}/ and http://{site.host}:{site.http_port}/")


def parse_options(argv):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--http-port", type=int, default=18080)
    parser.add_argument("--https-port", type=int, default=18443)
    parser.add_argument("--app-ports", type=int, nargs=2, default=[18101, 18102])
    parser.add_argument("--cache-port", type=int, default=18081, help="Varnish")
    parser.add_argument("--cache-backend-port", type=int, default=18090, help="nginx for Varnish")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers per app server")
    parser.add_argument(
        "--database-url",
        default=os.environ.get(
            "PRODLIKE_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/osce_prodlike"
        ),
        help="a database of the run's own: it is dropped and created",
    )
    parser.add_argument(
        "--redis-url", default=os.environ.get("PRODLIKE_REDIS_URL", "redis://127.0.0.1:6379/6")
    )
    parser.add_argument("--host", default="localhost")
    parser.add_argument("--keep-running", action="store_true", help="wait for Ctrl-C at the end")
    parser.add_argument("--only", default="", help="run only the checks whose name contains this")
    return parser.parse_args(argv)


def main(argv=None):
    import prodlike_checks  # deploy/ is on sys.path; it imports this module

    options = parse_options(argv)
    # A CI timeout's SIGTERM unwinds like Ctrl-C: the finally below stops what was started.
    signal.signal(signal.SIGTERM, lambda signum, frame: sys.exit(128 + signum))
    ports = (
        options.http_port,
        options.https_port,
        options.cache_port,
        options.cache_backend_port,
        *options.app_ports,
    )
    busy = [p for p in ports if port_open(p)]
    if busy:
        say(f"FAIL: ports already in use: {busy} (an earlier run still going?)")
        return 2
    run_dir = ROOT / ".prodlike"
    shutil.rmtree(run_dir, ignore_errors=True)
    run_dir.mkdir()
    started = time.monotonic()
    site = Site(
        run_dir=run_dir,
        env={},
        host=options.host,
        http_port=options.http_port,
        https_port=options.https_port,
        cert=run_dir / "tls.crt",
        app_servers=[AppServer(port) for port in options.app_ports],
        cache_port=options.cache_port,
        cache_backend_port=options.cache_backend_port,
    )
    try:
        nginx = require_nginx()
        ensure_postgresql(options.database_url)
        options.redis_url = ensure_redis(site, options.redis_url)
        site.env = app_environment(options, run_dir)
        fresh_database(options.database_url)
        clear_cache(site)
        site.cert, key = make_certificate(run_dir, options.host)
        prepare(site)
        start_stack(site, nginx, key)
        failures = prodlike_checks.run_all(site, only=options.only)
        if options.keep_running:
            say(f"Running at {site.origin}/ (admin: {site.superuser}); Ctrl-C stops it.")
            with contextlib.suppress(KeyboardInterrupt):
                signal.pause()
    except Failure as error:
        say(f"FAIL: {error}")
        failures = 1
    finally:
        site.stop_all()
    left = [p for p in ports if port_open(p)]
    if left:
        say(f"FAIL: still listening after the stop: {left}")
        failures += 1
    else:
        say(f"== Everything started was stopped ({len(site.processes)} processes)")
    say(f"== {'FAILED' if failures else 'PASSED'} in {time.monotonic() - started:.0f} s")
    (run_dir / "result.json").write_text(json.dumps({"failures": failures}))
    return 1 if failures else 0


if __name__ == "__main__":
    # Run as the module `prodlike`, the one prodlike_checks imports (one Failure class).
    from prodlike import main as prodlike_main

    sys.exit(prodlike_main())
