import re
from io import StringIO

import pytest
from django.contrib.auth import authenticate, get_user_model
from django.core.management import CommandError, call_command

from newsroom.editorial.policy import EditorialPolicy
from tests.factories import make_news_item, make_structure

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fast_hashing(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def run_demo_accounts():
    out = StringIO()
    call_command("demo_accounts", "--site-url", "http://127.0.0.1:8000", stdout=out)
    return out.getvalue()


def test_demo_accounts_refused_with_debug_off(settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="only for local development"):
        run_demo_accounts()
    assert not get_user_model().objects.filter(username__startswith="demo-").exists()


def test_demo_accounts_one_per_role_with_the_printed_password(settings):
    settings.DEBUG = True
    skopje = make_structure("Mission to Skopje", slug="mission-to-skopje")
    other = make_structure("Mission to Moldova", slug="mission-to-moldova")
    output = run_demo_accounts()
    assert "Admin: http://127.0.0.1:8000/admin/" in output
    assert "make admin" in output
    password = re.search(r"password for this run: (\S+)\)", output)[1]
    admin, publisher, editor = (
        authenticate(username=f"demo-{role}", password=password)
        for role in ("admin", "publisher", "editor")
    )
    assert admin.is_superuser
    assert admin.is_staff
    assert publisher.is_staff
    assert not publisher.is_superuser
    assert publisher.has_perm("newsroom.publish_newsitem")
    assert editor.is_staff
    assert not editor.has_perm("newsroom.publish_newsitem")
    in_scope = make_news_item("Skopje news", structures=[skopje])
    out_of_scope = make_news_item("Moldova news", structures=[other])
    assert EditorialPolicy(editor).can_change(in_scope)
    assert not EditorialPolicy(editor).can_change(out_of_scope)


def test_demo_accounts_get_a_new_password_each_run(settings):
    settings.DEBUG = True
    first = re.search(r"password for this run: (\S+)\)", run_demo_accounts())[1]
    second = re.search(r"password for this run: (\S+)\)", run_demo_accounts())[1]
    assert first != second
    assert authenticate(username="demo-admin", password=first) is None
    assert authenticate(username="demo-admin", password=second) is not None
    assert get_user_model().objects.filter(username__startswith="demo-").count() == 3
