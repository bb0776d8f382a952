"""`make run` calls this on every start, so it must be safe to repeat: it is idempotent.

The work happens in newsroom.importer, which the admin's upload page shares.
"""

import json
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from newsroom.importer.load import import_documents


def collect(paths):
    """Files as given; folders give their .txt files, in name order."""
    for path in map(Path, paths):
        if path.is_dir():
            yield from sorted(p for p in path.rglob("*.txt") if p.is_file())
        elif path.exists():
            yield path
        else:
            raise CommandError(f"{path}: no such file or folder")


class Command(BaseCommand):
    help = "Import page dumps (files or folders; default: data/seeds/) into the site."

    def add_arguments(self, parser):
        parser.add_argument("paths", nargs="*", metavar="PATH")
        parser.add_argument(
            "--dry-run", action="store_true", help="Report what would change; write nothing."
        )
        parser.add_argument(
            "--json", action="store_true", dest="as_json", help="Print the report as JSON."
        )
        parser.add_argument(
            "--language",
            choices=[code for code, _ in settings.LANGUAGES],
            help="The language of every news item of these documents; by default each "
            "item's is detected from its script, common words and month names.",
        )

    def handle(self, *args, paths, dry_run, as_json, language=None, **options):
        files = list(collect(paths or [settings.BASE_DIR / "data" / "seeds"]))
        sources = ((str(f), f.read_bytes()) for f in files)
        report = import_documents(sources, dry_run=dry_run, language=language)
        if as_json:
            self.stdout.write(json.dumps(report.to_dict(), indent=2, ensure_ascii=False))
        else:
            self.write_report(report, options["verbosity"])
        for document in report.failed:
            self.stderr.write(document.error)
        if not report.ok:
            raise CommandError(f"{len(report.failed)} of {len(files)} documents failed")

    def write_report(self, report, verbosity):
        prefix = "Dry run, nothing written: " if report.dry_run else ""
        for document in report.documents:
            if not document.ok:
                continue
            counts = "; ".join(
                f"{model} " + ", ".join(f"{n} {outcome}" for outcome, n in sorted(c.items()))
                for model, c in sorted(document.counts.items())
                if verbosity > 1 or set(c) != {"unchanged"}
            )
            self.stdout.write(f"{document.path} ({document.kind}): {counts or 'nothing changed'}")
            if document.new_structures and verbosity:
                self.stdout.write(f"  new structures: {', '.join(document.new_structures)}")
            if document.new_topics and verbosity:
                self.stdout.write(f"  new topics: {', '.join(document.new_topics)}")
            for note in document.notes if verbosity else ():
                self.stdout.write(f"  {note}")
        totals = ", ".join(
            f"{model}: " + " ".join(f"{n} {outcome}" for outcome, n in counts.items())
            for model, counts in report.totals().items()
        )
        style = self.style.SUCCESS if report.ok else self.style.WARNING
        self.stdout.write(style(f"{prefix}{len(report.documents)} documents. {totals}"))
