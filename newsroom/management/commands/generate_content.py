"""Fills the archive with realistic synthetic news for benchmarks and load tests.

The work is in newsroom/management/synthetic.py; this command only parses options and reports.
"""

import datetime
import time

from django.core.management.base import BaseCommand, CommandError

from newsroom.dates import start_of_day
from newsroom.management.synthetic import generate
from publications.management.synthetic import generate_publications


def day(value):
    try:
        date = datetime.date.fromisoformat(value)
    except ValueError as error:
        raise CommandError(f"--until must be YYYY-MM-DD, not {value!r}") from error
    return start_of_day(date)


class Command(BaseCommand):
    help = (
        "Create published synthetic news items and publications (bulk, reproducible with --seed)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--items", type=int, default=0, help="How many news items to add.")
        parser.add_argument(
            "--publications", type=int, default=0, help="How many publications to add."
        )
        parser.add_argument("--seed", type=int, default=0, help="Same seed, same archive.")
        parser.add_argument(
            "--until",
            default=None,
            help="Newest date (YYYY-MM-DD, default today); dates spread over 30 years before it.",
        )

    def handle(self, *args, items, publications, seed, until, **options):
        if items < 0 or publications < 0:
            raise CommandError("--items and --publications must be 0 or more")
        if not items and not publications:
            raise CommandError("say how many: --items N and/or --publications N")
        if items:
            started = time.perf_counter()
            written = generate(items, seed=seed, until=day(until) if until else None)
            elapsed = time.perf_counter() - started
            self.stdout.write(f"Generated {written} news items in {elapsed:.1f} s (seed {seed}).")
        if publications:
            started = time.perf_counter()
            written = generate_publications(publications, seed=seed)
            elapsed = time.perf_counter() - started
            self.stdout.write(f"Generated {written} publications in {elapsed:.1f} s (seed {seed}).")
