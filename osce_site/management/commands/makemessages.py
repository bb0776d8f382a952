"""Django's makemessages, with the public site's sources as its default.

The catalogues under locale/ hold the public site's messages: the admin's templates, the
tests and what is not ours (the virtualenv, node_modules, collected static files) stay out,
whoever runs the command (`make messages`, tests/i18n). The languages are settings.LANGUAGES.
"""

from django.conf import settings
from django.core.management.commands import makemessages

IGNORED = [
    ".venv/*",
    "node_modules/*",
    "staticfiles/*",
    "media/*",
    "deploy/*",
    "bench/*",
    "tests/*",
    "templates/admin/*",
]
EXTENSIONS = ["html", "txt", "py"]


class Command(makemessages.Command):
    def handle(self, *args, **options):
        options["ignore_patterns"] = [*options.get("ignore_patterns", []), *IGNORED]
        if not options.get("extensions") or options["extensions"] == ["html"]:
            options["extensions"] = EXTENSIONS
        if not options.get("locale") and not options.get("all"):
            options["locale"] = [code for code, _ in settings.LANGUAGES if code != "en"]
        options["no_obsolete"] = True
        options["add_location"] = "file"
        return super().handle(*args, **options)
