import pytest
from django.core.cache import caches

from tests.factories import make_user


@pytest.fixture(autouse=True)
def _clear_cache():
    for alias in caches:
        caches[alias].clear()
    yield
    for alias in caches:
        caches[alias].clear()


# The editorial roles and their admin clients (tests/editorial, tests/library).


@pytest.fixture
def editor(db):
    return make_user("editor", "Editor")


@pytest.fixture
def publisher(db):
    return make_user("publisher", "Publisher")


@pytest.fixture
def editor_client(client, editor):
    client.force_login(editor)
    return client


@pytest.fixture
def publisher_client(client, publisher):
    client.force_login(publisher)
    return client


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


@pytest.fixture(scope="session")
def collected_static(tmp_path_factory):
    """A STATIC_ROOT filled by collectstatic with the production storage (manifest, hashes)."""
    from tests.subprocesses import PRODUCTION_SECRET, run_manage

    root = tmp_path_factory.mktemp("staticfiles")
    result = run_manage(
        "collectstatic",
        "--noinput",
        DJANGO_DEBUG="0",
        DJANGO_SECRET_KEY=PRODUCTION_SECRET,
        DJANGO_ALLOWED_HOSTS="example.org",
        DJANGO_STATIC_ROOT=str(root),
    )
    assert result.returncode == 0, result.stderr
    return root
