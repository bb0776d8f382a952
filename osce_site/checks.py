"""System checks that stop an app server before visitors would see the fault.

With debug off, pages link to static files by their hashed names from collectstatic's
manifest: without it every page answers 500. `manage.py check`, `runserver` and `migrate`
run these checks; wsgi.py runs them when an app server boots, so it refuses to start.
"""

from django.conf import settings
from django.contrib.staticfiles import finders
from django.contrib.staticfiles.storage import ManifestFilesMixin
from django.core import checks
from django.core.exceptions import ImproperlyConfigured
from django.core.files.storage import storages

COLLECTSTATIC_HINT = (
    "Run `manage.py collectstatic --noinput` with the same settings before starting the "
    "app servers (README: Deploy)."
)


def found_static_files():
    for finder in finders.get_finders():
        for path, _storage in finder.list([]):
            yield path.replace("\\", "/")


@checks.register()
def check_static_manifest(app_configs, **kwargs):
    storage = storages["staticfiles"]
    if settings.DEBUG or not isinstance(storage, ManifestFilesMixin):
        return []
    if not storage.exists(storage.manifest_name):
        return [
            checks.Error(
                f"No collected static files: {storage.manifest_name} is missing from "
                f"STATIC_ROOT ({settings.STATIC_ROOT}), so every page would answer 500.",
                hint=COLLECTSTATIC_HINT,
                id="osce.E001",
            )
        ]
    if missing := sorted(set(found_static_files()) - set(storage.hashed_files)):
        return [
            checks.Error(
                f"{len(missing)} static files are newer than the last collectstatic "
                f"(e.g. {', '.join(missing[:3])}); pages using them would answer 500.",
                hint=COLLECTSTATIC_HINT,
                id="osce.E002",
            )
        ]
    return []


def refuse_on_errors():
    """Raise when a check finds an error: an app server that cannot serve must not start."""
    errors = [
        message
        for message in checks.run_checks()
        if message.level >= checks.ERROR and not message.is_silenced()
    ]
    if errors:
        raise ImproperlyConfigured(
            "System check errors:\n"
            + "\n".join(f"{error}\n  HINT: {error.hint}" for error in errors)
        )
