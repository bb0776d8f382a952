"""Email alerts benchmark: one item that matches 2,000 of 10,000 confirmed "immediately"
subscriptions over varied filters, delivered by real workers (`manage.py worker`) to a local
SMTP sink (aiosmtpd in this process).

Measures (issue 21): the matching of one item against every subscribed filter (target
< 1 s), the time from publishing to the last email and emails per second with 2 workers
(target: 2,000 within 60 s), and duplicates and missing emails, also when one of the two
workers is killed (SIGKILL) halfway through. Writes its table into bench/RESULTS.md between
the `alerts_bench` markers.

    .venv/bin/python bench/alerts_bench.py              # PostgreSQL database osce_alerts_bench
    .venv/bin/python bench/alerts_bench.py --sqlite     # a throw-away SQLite file
"""

import argparse
import os
import random
import secrets
import signal
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import results

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
PG_URL = "postgres://postgres@127.0.0.1:5432/osce_alerts_bench"
TARGETS = {"matching": 1.0, "delivery": 60.0}

TYPES = ["press-release", "news", "statement", "spot-report"]
FIELDS = [
    "elections", "border-management", "youth", "policing", "gender-equality",
    "media-freedom", "arms-control", "cybersecurity", "water-management", "rule-of-law",
]  # fmt: skip
COUNTRIES = [
    "ukraine", "moldova", "albania", "armenia", "georgia", "kazakhstan",
    "kyrgyzstan", "serbia", "montenegro", "tajikistan",
]  # fmt: skip
TAGS = ["observation", "training", "workshop", "conference"]
ITEM = {"type": "press-release", "field": "elections", "country": "ukraine", "tag": "observation"}


class Sink:
    def __init__(self):
        self.lock = threading.Lock()
        self.received = []  # (monotonic time, recipient, subject)

    async def handle_DATA(self, server, session, envelope):
        subject = ""
        for line in envelope.content.split(b"\r\n"):
            if line.startswith(b"Subject: "):
                subject = line[9:].decode()
                break
        with self.lock:
            for rcpt in envelope.rcpt_tos:
                self.received.append((time.monotonic(), rcpt, subject))
        return "250 OK"

    def of(self, subject):
        with self.lock:
            return [r for r in self.received if r[2] == subject]


def matching_filters(rng):
    """Queries that select the item: every combination of its facets, ORs, search, nothing."""
    queries = set()
    names = list(ITEM)
    for mask in range(16):
        pairs = [(n, ITEM[n]) for i, n in enumerate(names) if mask >> i & 1]
        queries.add("&".join(f"{k}={v}" for k, v in pairs))
        queries.add("&".join([*(f"{k}={v}" for k, v in pairs), "q=observers"]))
    for other in COUNTRIES[1:6]:
        queries.add(f"country=ukraine&country={other}")
        queries.add(f"field=elections&field={FIELDS[COUNTRIES.index(other)]}")
    return sorted(queries)


def other_filters(rng, count):
    """Queries that do not select the item: at least one facet without the item's value."""
    pools = {"type": TYPES, "field": FIELDS, "country": COUNTRIES, "tag": TAGS}
    queries = set()
    while len(queries) < count:
        names = rng.sample(list(pools), rng.randint(1, 3))
        pairs = []
        for i, name in enumerate(names):
            choices = [v for v in pools[name] if i or v != ITEM[name]]
            pairs += [(name, v) for v in rng.sample(choices, rng.randint(1, 2))]
        if rng.random() < 0.1:
            pairs.append(("q", rng.choice(["referendum", "water", "police reform"])))
        queries.add("&".join(f"{k}={v}" for k, v in sorted(pairs)))
    return sorted(queries)


def setup(subscriptions, matching):
    from django.core.management import call_command
    from django.utils import timezone
    from taggit.models import Tag

    from alerts.matching import canonical
    from alerts.models import NewsFilter, Subscriber, Subscription
    from newsroom.models import NewsType
    from structures.models import Country, FieldOfWork

    call_command("migrate", verbosity=0)
    Subscriber.objects.all().delete()
    NewsFilter.objects.all().delete()
    for slug in TYPES:
        NewsType.objects.get_or_create(
            slug=slug, defaults={"name": slug.replace("-", " ").capitalize()}
        )
    for slug in FIELDS:
        FieldOfWork.objects.get_or_create(
            slug=slug, defaults={"name": slug.replace("-", " ").capitalize()}
        )
    for slug in COUNTRIES:
        Country.objects.get_or_create(slug=slug, defaults={"name": slug.capitalize()})
    for slug in TAGS:
        Tag.objects.get_or_create(slug=slug, defaults={"name": slug})
    rng = random.Random(21)
    from django.http import QueryDict

    hits = [canonical(QueryDict(q)) for q in matching_filters(rng)]
    misses = [canonical(QueryDict(q)) for q in other_filters(rng, 500)]
    filters = {q: NewsFilter.objects.get_or_create(query=q)[0] for q in {*hits, *misses}}
    hits = sorted(set(hits))
    misses = sorted(set(misses) - set(hits))
    now = timezone.now()
    subscribers = Subscriber.objects.bulk_create(
        [Subscriber(email=f"s{n}@bench.example") for n in range(subscriptions)], batch_size=1000
    )
    Subscription.objects.bulk_create(
        [
            Subscription(
                subscriber=subscriber,
                news_filter=filters[
                    hits[n % len(hits)] if n < matching else misses[n % len(misses)]
                ],
                confirmed_at=now,
                last_digest_at=now,
            )
            for n, subscriber in enumerate(subscribers)
        ],
        batch_size=1000,
    )
    return len(filters), len(hits)


def make_item(title, *, public, days_ago=0):
    import datetime

    from django.utils import timezone

    from newsroom.models import NewsItem, NewsType
    from structures.models import Country, FieldOfWork

    item = NewsItem.objects.create(
        title=title,
        slug=f"bench-{time.time_ns()}",
        news_type=NewsType.objects.get(slug=ITEM["type"]),
        lead="Observers were deployed.",
        status=NewsItem.Status.PUBLISHED if public else NewsItem.Status.DRAFT,
        publish_at=timezone.now() - datetime.timedelta(days=days_ago),
    )
    item.fields_of_work.set([FieldOfWork.objects.get(slug=ITEM["field"])])
    item.countries.set([Country.objects.get(slug=ITEM["country"])])
    item.tags.add(ITEM["tag"])
    return item


def time_matching():
    """The match of one (old, never announced) item against every subscribed filter."""
    from alerts.matching import matching_filters as match
    from alerts.models import NewsFilter, Subscription

    item = make_item("Benchmark matching probe", public=True, days_ago=3)
    start, cpu = time.perf_counter(), time.process_time()
    filters = NewsFilter.objects.filter(
        pk__in=Subscription.objects.confirmed().values("news_filter")
    ).only("pk", "query")
    ids = match(item, filters)
    found = Subscription.objects.confirmed().filter(news_filter__in=ids).count()
    return time.perf_counter() - start, time.process_time() - cpu, found, len(ids)


def start_worker(n, env, logs):
    log = open(logs / f"worker{n}.log", "w")
    return subprocess.Popen(
        [sys.executable, "manage.py", "worker", "--worker-id", f"bench-{n}"],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )


def cpu_seconds(process):
    """User + system CPU seconds of a running process (Linux /proc), None once it is gone."""
    try:
        fields = Path(f"/proc/{process.pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return None
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def publish_and_wait(sink, title, expected, *, workers, kill=None, timeout=180):
    """Publish an item at t0; wait until `expected` distinct recipients got it. With `kill`
    (a Popen), SIGKILL it when half have arrived."""
    from django.utils import timezone

    from newsroom.models import NewsItem

    item = make_item(title, public=False)
    cpu_before = {w: cpu_seconds(w) for w in workers if w.poll() is None}
    cpu_after = {}
    t0 = time.monotonic()
    item.status = NewsItem.Status.PUBLISHED
    item.publish_at = timezone.now()
    item.save()  # enqueues the announcement when the (autocommit) save commits
    killed_at = None
    while time.monotonic() - t0 < timeout:
        got = sink.of(title)
        if kill is not None and killed_at is None and len(got) >= expected // 2:
            cpu_after[kill] = cpu_seconds(kill)
            kill.send_signal(signal.SIGKILL)
            killed_at = len(got)
        if len({r for _, r, _ in got}) >= expected:
            break
        time.sleep(0.05)
    time.sleep(2)  # anything sent twice would arrive now
    for worker in cpu_before:
        if worker not in cpu_after:
            cpu_after[worker] = cpu_seconds(worker)
    got = sink.of(title)
    recipients = [r for _, r, _ in got]
    last = max((t for t, _, _ in got), default=t0) - t0
    return {
        "delivered": len(set(recipients)),
        "duplicates": len(recipients) - len(set(recipients)),
        "missing": expected - len(set(recipients)),
        "seconds": last,
        "rate": len(set(recipients)) / last if last else 0,
        "killed_at": killed_at,
        "cpu": sum(cpu_after[w] - cpu_before[w] for w in cpu_before),
        "load": os.getloadavg()[0],
    }


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sqlite", action="store_true", help="a throw-away SQLite file")
    parser.add_argument("--database-url", default=PG_URL)
    parser.add_argument("--subscriptions", type=int, default=10_000)
    parser.add_argument("--matching", type=int, default=2_000)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--no-write", action="store_true", help="do not touch bench/RESULTS.md")
    args = parser.parse_args()

    from aiosmtpd.controller import Controller

    tmp = Path(tempfile.mkdtemp(prefix="alerts-bench-"))
    url = f"sqlite:///{tmp / 'bench.sqlite3'}" if args.sqlite else args.database_url
    if not args.sqlite:
        import psycopg

        name = url.rsplit("/", 1)[1]
        with psycopg.connect(url.rsplit("/", 1)[0] + "/postgres", autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
            conn.execute(f'CREATE DATABASE "{name}"')
    sink = Sink()
    port = random.randint(20000, 40000)
    controller = Controller(sink, hostname="127.0.0.1", port=port)
    controller.start()
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE_URL"))},
        "DATABASE_URL": url,
        "DJANGO_SETTINGS_MODULE": "osce_site.settings",
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
        # No pages are served: no collectstatic needed.
        "DJANGO_STATICFILES_BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage",
        "DJANGO_EMAIL_HOST": "127.0.0.1",
        "DJANGO_EMAIL_PORT": str(port),
        "DJANGO_SITE_URL": "https://www.osce.example",
        "DJANGO_ALLOWED_HOSTS": "www.osce.example",
        "DJANGO_LOG_LEVEL": "WARNING",
    }
    os.environ.update(env)
    import django

    django.setup()
    filters, _ = setup(args.subscriptions, args.matching)
    matching_s, matching_cpu, found, matched_filters = time_matching()
    assert found == args.matching, (found, args.matching)
    print(
        f"{args.subscriptions} subscriptions over {filters} filters; the item matches "
        f"{matched_filters} filters, {found} subscriptions, in {matching_s:.3f} s"
    )

    workers = [start_worker(n, env, tmp) for n in range(args.workers)]
    time.sleep(3)  # the workers start
    rows = []
    try:
        plain = publish_and_wait(
            sink, "Observers deployed: all workers", args.matching, workers=workers
        )
        rows.append((f"{args.workers} workers", plain))
        print(rows[-1])
        crash = publish_and_wait(
            sink,
            "Observers deployed: one worker killed",
            args.matching,
            workers=workers,
            kill=workers[0],
        )
        rows.append((f"{args.workers} workers, one killed halfway", crash))
        print(rows[-1])
    finally:
        for worker in workers:
            if worker.poll() is None:
                worker.send_signal(signal.SIGTERM)
        for worker in workers:
            try:
                worker.wait(10)
            except subprocess.TimeoutExpired:
                worker.kill()
        controller.stop()

    load = os.getloadavg()[0]
    database = "SQLite" if args.sqlite else "PostgreSQL"
    lines = [
        f"## Email alerts ({database}; `bench/alerts_bench.py`)",
        "",
        f'- {args.subscriptions:,} confirmed "immediately" subscriptions over {filters} filters; '
        f"one item matches {matched_filters} of them ({found:,} subscriptions)",
        f"- matching one item against every filter: **{matching_s:.3f} s** (target < "
        f"{TARGETS['matching']:.0f} s; {matching_cpu:.3f} s of CPU)",
        f"- `manage.py worker` × {args.workers}, local SMTP sink (aiosmtpd) in the benchmark's "
        f'process; load average {load:.2f} at the end (2 cores). "workers\' CPU" is the '
        "CPU time the workers used for the run, which the neighbours' load does not inflate",
        "",
        "| run | delivered | time to last email | emails/s | duplicates | missing "
        "| workers' CPU | load average |",
        "|---|---|---|---|---|---|---|---|",
        *(
            f"| {name} | {r['delivered']:,} | {r['seconds']:.1f} s | {r['rate']:.0f} | "
            f"{r['duplicates']} | {r['missing']} | {r['cpu']:.1f} s | {r['load']:.1f} |"
            for name, r in rows
        ),
        "",
        f"- killed after {rows[-1][1]['killed_at']} emails; its claimed deliveries waited for "
        "their lease (30 s) to run out, then the other worker's sweep sent them",
    ]
    text = "\n".join(lines)
    print(text)
    if not args.no_write:
        results.write_block("alerts_bench", text)
        print("Written to bench/RESULTS.md")
    ok = (
        matching_s < TARGETS["matching"]
        and rows[0][1]["seconds"] < TARGETS["delivery"]
        and all(r["missing"] == 0 and r["duplicates"] == 0 for _, r in rows)
    )
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
