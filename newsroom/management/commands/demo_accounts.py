"""Local demo accounts, one per editorial role, so a newcomer can sign in to the admin at once.

Only with DJANGO_DEBUG=1 (`make run`): a production database never gets accounts whose
password was printed. Every run gives them a new random password.
"""

import secrets

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from newsroom.models import EditorScope
from structures.models import Structure

SCOPE_STRUCTURE = "mission-to-skopje"


class Command(BaseCommand):
    help = "Create or reset the local demo accounts (superuser, Publisher, scoped Editor)."

    def add_arguments(self, parser):
        parser.add_argument("--site-url", default="", help="e.g. http://127.0.0.1:8000")

    def handle(self, *, site_url, **options):
        if not settings.DEBUG:
            raise CommandError(
                "Demo accounts exist only for local development (DJANGO_DEBUG=1). "
                "In production create a superuser with `manage.py createsuperuser`."
            )
        password = secrets.token_urlsafe(12)
        structure = (
            Structure.objects.filter(slug=SCOPE_STRUCTURE).first()
            or Structure.objects.field_operations().order_by("name").first()
        )
        with transaction.atomic():
            self.account("demo-admin", password, is_superuser=True)
            self.account("demo-publisher", password, group="Publisher")
            editor = self.account("demo-editor", password, group="Editor")
            scope, _ = EditorScope.objects.get_or_create(user=editor)
            scope.structures.set([structure] if structure else [])
        editor_role = f"Editor, scoped to {structure}" if structure else "Editor"
        self.stdout.write(
            f"Admin: {site_url.rstrip('/')}/{settings.ADMIN_PATH}  "
            f"(local demo accounts, password for this run: {password})\n"
            "  demo-admin      superuser\n"
            "  demo-publisher  Publisher: writes, publishes, imports\n"
            f"  demo-editor     {editor_role}: writes, cannot publish\n"
            "Your own superuser instead: make admin"
        )

    def account(self, username, password, *, is_superuser=False, group=None):
        user, _ = get_user_model().objects.get_or_create(username=username)
        user.is_staff = True
        user.is_superuser = is_superuser
        user.set_password(password)
        user.save()
        if group:
            user.groups.set([Group.objects.get(name=group)])
        return user
