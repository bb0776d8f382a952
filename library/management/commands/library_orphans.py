"""Files in the library's storage that no image or document names any more.

Lead images replaced before the library existed left their copies behind; a crash between
a save and its cleanup can too. Without --delete the command only lists them.
"""

from django.core.files.storage import default_storage
from django.core.management.base import BaseCommand

from library.files import delete_files, orphans


class Command(BaseCommand):
    help = "List (or with --delete remove) stored library files nothing references."

    def add_arguments(self, parser):
        parser.add_argument("--delete", action="store_true", help="remove the files listed")

    def handle(self, *args, delete=False, **options):
        names = orphans(default_storage)
        for name in names:
            self.stdout.write(name)
        if delete:
            delete_files(default_storage, names)
        verb = "Deleted" if delete else "Found"
        self.stderr.write(f"{verb} {len(names)} orphaned file(s).")
