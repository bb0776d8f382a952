"""Import benchmark: a 10,000-item newsroom listing on a fresh SQLite database.

Targets (issue 3): first import <= 15 s, re-import of the unchanged file <= 5 s, peak
memory <= 250 MB. Targets apply to wall time; CPU time is printed too, since on a shared
machine the wall time mostly measures the neighbours.

Run `.venv/bin/python bench/import_bench.py [--items N]`: it prints the figures and exits
non-zero when a target is missed.
"""

import argparse
import os
import random
import resource
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TARGETS = {"first import": 15.0, "re-import": 5.0}
PEAK_MB = 250

TYPES = ["News", "Press release", "Spot report", "Daily report", "Statement", "Op-ed", None]
WHERE = [
    "OSCE Secretariat", "Transnational Threats Department", "OSCE Mission to Skopje",
    "OSCE Programme Office in Bishkek", "OSCE Centre in Ashgabat", "OSCE Mission in Kosovo",
    "OSCE Office for Democratic Institutions and Human Rights", "OSCE Chairpersonship",
    "OSCE Representative on Freedom of the Media", "Forum for Security Co-operation",
    "OSCE Spillover Monitor Mission to Skopje (closed)", "OSCE Mission to Moldova",
]  # fmt: skip
WHAT = [
    "Arms control", "Border management", "Elections", "Democratization", "Youth",
    "Human rights", "Climate change", "Water management", "Policing", "Rule of law",
]  # fmt: skip
PLACES = ["VIENNA", "VIENNA/HELSINKI", "PRISHTINË/PRIŠTINA", "Sarajevo", "WARSAW", "SKOPJE"]
COUNTRIES = ["Albania", "Moldova", "Ukraine", "Kazakhstan", "Czech Republic", "Türkiye"]


def listing_document(items, seed=2025):
    rng = random.Random(seed)
    day = date(2025, 5, 15)
    lines = ["Newsroom", "News and press releases", "News and press releases from the OSCE."]
    for n in range(items):
        day -= timedelta(days=rng.random() < 0.3)
        country = rng.choice(COUNTRIES)
        lines.append(f"OSCE supports {country} in event number {n} on {rng.choice(WHAT)}")
        meta = [f"Publishing date: {day.day} {day:%B %Y}"]
        if content_type := rng.choice(TYPES):
            meta.append(f"Content type: {content_type}")
        if rng.random() < 0.8:
            meta.append(f"Where we are: {', '.join(rng.sample(WHERE, rng.randint(1, 3)))}")
        if rng.random() < 0.7:
            meta.append(f"What we do: {', '.join(rng.sample(WHAT, rng.randint(1, 2)))}")
        rng.shuffle(meta)
        lines += meta
        dateline = f"{rng.choice(PLACES)}, {day.day} {day:%B %Y} – " if rng.random() < 0.5 else ""
        lines.append(
            f"{dateline}The OSCE worked with authorities of {country} and partners from "
            f"{rng.choice(COUNTRIES)} on a {rng.randint(2, 5)}-day course for "
            f"{rng.randint(10, 90)} officials, strengthening co-operation across the region."
        )
    return ("\n".join(lines) + "\n").encode()


def setup_django(database):
    os.environ["DATABASE_URL"] = f"sqlite:///{database}"
    os.environ.setdefault("DJANGO_DEBUG", "1")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "osce_site.settings")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def timed(label, function):
    start, cpu = time.perf_counter(), time.process_time()
    result = function()
    return label, time.perf_counter() - start, time.process_time() - cpu, result


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--items", type=int, default=10_000)
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as folder:
        setup_django(Path(folder) / "bench.sqlite3")
        from newsroom.importer.load import import_documents
        from newsroom.importer.parse import parse_document
        from newsroom.models import NewsItem

        data = listing_document(args.items)
        source = [("bench_listing.txt", data)]
        rows = [timed("parse only", lambda: parse_document("bench_listing.txt", data))]
        rows.append(timed("first import", lambda: import_documents(source)))
        rows.append(timed("re-import", lambda: import_documents(source)))
        peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024

        print(f"Listing of {args.items:,} items, {len(data) / 1e6:.1f} MB, on SQLite")
        failed = False
        for label, seconds, cpu, result in rows:
            target = TARGETS.get(label)
            verdict = ""
            if target is not None:
                verdict = f"(target <= {target:.0f} s: {'ok' if seconds <= target else 'MISSED'})"
                failed |= seconds > target
            summary = result.totals().get("NewsItem", {}) if hasattr(result, "totals") else ""
            print(f"  {label:<13} {seconds:6.2f} s wall, {cpu:5.2f} s CPU  {verdict}  {summary}")
        print(f"  peak memory   {peak_mb:6.0f} MB (target <= {PEAK_MB} MB: "
              f"{'ok' if peak_mb <= PEAK_MB else 'MISSED'})")  # fmt: skip
        print(f"  news items in the database: {NewsItem.objects.count():,}")
        failed |= peak_mb > PEAK_MB
        for *_, result in rows[1:]:
            failed |= not result.ok
        return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
