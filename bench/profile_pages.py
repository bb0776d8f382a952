"""Where an uncached page's time goes: pyinstrument over repeated requests, in one process.

Runs the pages through Django's test client (every middleware, the view, the templates) with
the page cache off and the newsroom's counts kept, as `make bench`'s 'uncached' rows do, on
the benchmark's archive. Prints, per page, the mean time a request and pyinstrument's call
tree trimmed to the frames that take a visible share.

    .venv/bin/python bench/profile_pages.py --database osce_bench_NAME [--requests 100]
    .venv/bin/python bench/profile_pages.py --sqlite /newsroom/ /ru/newsroom/
"""

import argparse
import cProfile
import logging
import os
import pstats
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("paths", nargs="*", help="pages (default: /newsroom/ and a news item)")
    parser.add_argument("--database", default="osce_bench", help="PostgreSQL database")
    parser.add_argument("--sqlite", action="store_true", help="bench/out/bench.sqlite3 instead")
    parser.add_argument("--requests", type=int, default=100, help="profiled requests a page")
    parser.add_argument("--show-percent", type=float, default=2.0, help="hide smaller frames")
    parser.add_argument("--all", action="store_true", help="show Django's own frames too")
    parser.add_argument(
        "--flat", type=int, default=0, help="also: cProfile's N costliest functions (own time)"
    )
    return parser.parse_args()


def main():
    args = parse_args()
    os.environ.update(
        DJANGO_SETTINGS_MODULE="osce_site.settings",
        DATABASE_URL=(
            f"sqlite:///{ROOT / 'bench' / 'out' / 'bench.sqlite3'}"
            if args.sqlite
            else f"postgres://postgres@127.0.0.1:5432/{args.database}"
        ),
        DJANGO_DEBUG="0",
        DJANGO_SECRET_KEY="bench-only-not-a-secret-" + "x" * 40,
        DJANGO_ALLOWED_HOSTS="testserver",
        DJANGO_SECURE_SSL_REDIRECT="0",
        DJANGO_RATELIMIT_ENABLED="0",
        DJANGO_CACHE_PAGE_SECONDS="0",
        DJANGO_CACHE_COUNT_SECONDS="300",
    )
    os.environ.pop("REDIS_URL", None)

    import django

    django.setup()
    logging.getLogger("osce.request").disabled = True  # one line a request otherwise

    from django.test import Client
    from pyinstrument import Profiler

    from newsroom.models import NewsItem

    paths = args.paths or [
        "/newsroom/",
        NewsItem.objects.published()
        .filter(fields_of_work__slug="border-management")
        .first()
        .get_absolute_url(),
    ]
    client = Client()
    for path in paths:
        for _ in range(5):  # warm: imports, templates, the kept counts
            response = client.get(path)
            assert response.status_code == 200, (path, response.status_code)
        profiler = Profiler(interval=0.0005)
        started = time.perf_counter()
        with profiler:
            for _ in range(args.requests):
                client.get(path)
        mean = (time.perf_counter() - started) * 1000 / args.requests
        print(f"## {path}: {mean:.1f} ms a request (mean of {args.requests}, profiled)")
        print(
            profiler.output_text(
                unicode=True,
                color=False,
                show_all=args.all,
                processor_options={"filter_threshold": args.show_percent / 100},
            )
        )
        if args.flat:
            flat = cProfile.Profile()
            with flat:
                for _ in range(args.requests):
                    client.get(path)
            stats = pstats.Stats(flat)
            stats.sort_stats("tottime").print_stats(args.flat)
            stats.sort_stats("cumulative").print_stats(args.flat)


if __name__ == "__main__":
    main()
