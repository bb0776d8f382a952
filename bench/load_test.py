"""Bounded load test: mixed pages, feeds and searches against gunicorn on loopback.

Builds a throw-away database (migrate + synthetic archive + the seed dumps when the
importer is present), starts gunicorn with 2 workers on 127.0.0.1:8170 in production
mode, and drives it for 60 s with 64 concurrent connections from an asyncio client
(stdlib only, one request per connection, as gunicorn's sync workers close them).
It reports requests, throughput, latency and a status histogram, and exits non-zero on
any 5xx, any connection error, or any ERROR line in the server's log.

    .venv/bin/python bench/load_test.py [--duration 60] [--connections 64] [--items 3000]
        [--database-url postgres://...] [--keep-rate-limits]

Not part of the test suite (`make loadtest`). Only 127.0.0.1 is ever contacted.
"""

import argparse
import asyncio
import collections
import json
import os
import random
import re
import secrets
import signal
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
HOST = "127.0.0.1"
WORDS = [
    "border", "election", "mission", "training", "human", "rights", "media", "freedom",
    "police", "water", "climate", "youth", "gender", "security", "dialogue", "Skopje",
    "Vienna", "observers", "report", "conference", "customs", "trafficking", "Ukraine",
]  # fmt: skip


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--duration", type=float, default=60.0, help="seconds of load")
    parser.add_argument("--connections", type=int, default=64)
    parser.add_argument("--port", type=int, default=8170)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--items", type=int, default=3000, help="synthetic news items")
    parser.add_argument("--database-url", default="", help="default: a fresh SQLite file")
    parser.add_argument(
        "--keep-rate-limits",
        action="store_true",
        help="leave production rate limits on (searches from one IP then mostly get 429)",
    )
    parser.add_argument("--timeout", type=float, default=30.0, help="per request, seconds")
    return parser.parse_args()


def server_environment(args, workdir):
    env = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
    env.update(
        DJANGO_DEBUG="0",
        DJANGO_SECRET_KEY=secrets.token_urlsafe(50),
        DJANGO_ALLOWED_HOSTS=HOST,
        DJANGO_SECURE_SSL_REDIRECT="0",  # plain HTTP on loopback; TLS is the proxy's job
        DJANGO_STATICFILES_BACKEND="django.contrib.staticfiles.storage.StaticFilesStorage",
        DJANGO_RATELIMIT_ENABLED="1" if args.keep_rate_limits else "0",
        DATABASE_URL=args.database_url or f"sqlite:///{workdir / 'load.sqlite3'}",
    )
    return env


def manage(env, *command):
    print("$ manage.py", " ".join(command), flush=True)
    subprocess.run([sys.executable, "manage.py", *command], cwd=ROOT, env=env, check=True)


def prepare_database(args, env):
    manage(env, "migrate", "--noinput", "-v0")
    manage(env, "generate_content", "--items", str(args.items), "--seed", "8")
    commands = ROOT / "newsroom" / "management" / "commands"
    if (commands / "import_seeds.py").exists():
        manage(env, "import_seeds")


def start_server(args, env, log_path):
    gunicorn = Path(sys.executable).with_name("gunicorn")
    log = open(log_path, "w")
    command = [str(gunicorn), "osce_site.wsgi:application", "--bind", f"{HOST}:{args.port}"]
    command += ["--workers", str(args.workers), "--backlog", "2048", "--timeout", "60"]
    process = subprocess.Popen(
        command,
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"http://{HOST}:{args.port}/healthz", timeout=2) as r:
                if r.status == 200:
                    return process
        except OSError:
            time.sleep(0.3)
    process.terminate()
    raise SystemExit(f"gunicorn did not answer on port {args.port}; see {log_path}")


def discover(port):
    """Real URLs of each kind, read from the site's own pages."""

    def get(path):
        with urllib.request.urlopen(f"http://{HOST}:{port}{path}", timeout=30) as response:
            return response.read().decode()

    links = set()
    for path in ["/", "/newsroom/", "/fields-of-work/", "/countries/", "/structures/"]:
        links.update(re.findall(r'href="(/[^"#?]*)"', get(path)))

    def of(prefix):
        return sorted(link for link in links if link.startswith(prefix) and link.count("/") == 3)

    return {
        "news": of("/newsroom/")[:40] or ["/newsroom/"],
        "fields": [link.split("/")[2] for link in of("/fields-of-work/")] or ["elections"],
        "countries": [link.split("/")[2] for link in of("/countries/")] or ["finland"],
        "pages": of("/fields-of-work/") + of("/countries/")[:30] + of("/structures/")[:30],
    }


def url_mix(found, last_page):
    """A weighted rotation: half pages, a fifth feeds, the rest searches and filters."""
    static_pages = [
        "/", "/newsroom/", "/fields-of-work/", "/countries/", "/structures/",
        "/field-operations/", "/meetings/", "/about/", "/sitemap.xml", "/robots.txt",
    ]  # fmt: skip

    def page():
        choice = random.random()
        if choice < 0.3:
            return random.choice(static_pages)
        if choice < 0.6:
            return random.choice(found["news"])
        if choice < 0.8:
            return f"/newsroom/?page={random.randint(2, last_page)}"
        return random.choice(found["pages"] or static_pages)

    def feed():
        kind = random.choice(["rss", "atom"])
        choice = random.random()
        if choice < 0.4:
            return f"/newsroom/{kind}/"
        if choice < 0.7:
            return f"/newsroom/{kind}/?field={random.choice(found['fields'])}"
        return f"/newsroom/{kind}/?country={random.choice(found['countries'])}"

    def search():
        if random.random() < 0.6:
            words = "+".join(random.sample(WORDS, random.randint(1, 2)))
            return f"/newsroom/?q={words}"
        return (
            f"/newsroom/?field={random.choice(found['fields'])}"
            f"&country={random.choice(found['countries'])}&sort=oldest"
        )

    kinds = [("page", page, 50), ("feed", feed, 20), ("search", search, 30)]

    def next_url():
        kind, make, _ = random.choices(kinds, weights=[w for _, _, w in kinds])[0]
        return kind, make()

    return next_url


async def fetch(port, path, timeout):
    reader, writer = await asyncio.wait_for(asyncio.open_connection(HOST, port), timeout)
    try:
        writer.write(
            f"GET {path} HTTP/1.1\r\nHost: {HOST}\r\nUser-Agent: osce-load-test\r\n"
            "Accept-Encoding: gzip\r\nConnection: close\r\n\r\n".encode()
        )
        await writer.drain()
        data = await asyncio.wait_for(reader.read(), timeout)
    finally:
        writer.close()
    head, _, _ = data.partition(b"\r\n\r\n")
    if not head.startswith(b"HTTP/1."):
        raise ConnectionError(f"no HTTP response ({len(data)} bytes)")
    return int(head.split(b" ", 2)[1])


async def drive(args, next_url):
    statuses = collections.Counter()
    by_kind = collections.defaultdict(collections.Counter)
    errors = collections.Counter()
    latencies = []
    by_kind_ms = collections.defaultdict(list)
    stop_at = time.monotonic() + args.duration

    async def connection_loop():
        while time.monotonic() < stop_at:
            kind, path = next_url()
            started = time.monotonic()
            try:
                status = await fetch(args.port, path, args.timeout)
            except (TimeoutError, OSError, ValueError) as error:
                errors[f"{kind}: {type(error).__name__}"] += 1
                continue
            latencies.append(time.monotonic() - started)
            by_kind_ms[kind].append(time.monotonic() - started)
            statuses[status] += 1
            by_kind[kind][status] += 1

    started = time.monotonic()
    await asyncio.gather(*(connection_loop() for _ in range(args.connections)))
    return statuses, by_kind, by_kind_ms, errors, latencies, time.monotonic() - started


def percentile(values, fraction):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(fraction * len(ordered)))] if ordered else 0.0


def main():
    args = parse_args()
    random.seed(8)
    with tempfile.TemporaryDirectory(prefix="osce-load-") as tmp:
        workdir = Path(tmp)
        env = server_environment(args, workdir)
        prepare_database(args, env)
        log_path = workdir / "server.log"
        server = start_server(args, env, log_path)
        try:
            found = discover(args.port)
            print(
                f"Load: {args.connections} connections for {args.duration:.0f} s against "
                f"gunicorn ({args.workers} workers) on {HOST}:{args.port}; "
                f"{len(found['news'])} news items, {len(found['pages'])} other pages found",
                flush=True,
            )
            statuses, by_kind, by_kind_ms, errors, latencies, elapsed = asyncio.run(
                drive(args, url_mix(found, last_page=max(2, min(60, args.items // 20))))
            )
        finally:
            server.send_signal(signal.SIGTERM)
            server.wait(timeout=30)
        log_lines = log_path.read_text(errors="replace").splitlines()
        server_errors = [line for line in log_lines if '"level": "ERROR"' in line]

    total = sum(statuses.values())
    fives = sum(n for status, n in statuses.items() if status >= 500)
    report = {
        "requests": total,
        "seconds": round(elapsed, 1),
        "requests_per_second": round(total / elapsed, 1) if elapsed else 0,
        "latency_ms": {
            "p50": round(percentile(latencies, 0.50) * 1000, 1),
            "p90": round(percentile(latencies, 0.90) * 1000, 1),
            "p99": round(percentile(latencies, 0.99) * 1000, 1),
            "mean": round(statistics.fmean(latencies) * 1000, 1) if latencies else 0,
        },
        "status": {str(k): v for k, v in sorted(statuses.items())},
        "status_by_kind": {
            kind: {str(status): n for status, n in sorted(counts.items())}
            for kind, counts in by_kind.items()
        },
        "p50_ms_by_kind": {
            kind: round(percentile(values, 0.5) * 1000, 1) for kind, values in by_kind_ms.items()
        },
        "5xx": fives,
        "429": statuses.get(429, 0),
        "connection_errors": sum(errors.values()),
        "connection_error_kinds": dict(errors),
        "server_error_log_lines": len(server_errors),
    }
    print(json.dumps(report, indent=2))
    for line in server_errors[:5]:
        print("server:", line[:500], file=sys.stderr)
    failed = fives or errors or server_errors or not total
    print("FAIL" if failed else "PASS: zero 5xx, zero connection errors, no server errors")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
