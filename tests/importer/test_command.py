import importlib
import json
import os
import sqlite3
import subprocess
import sys
from io import StringIO

import pytest
from django.apps import apps
from django.conf import settings
from django.core.management import CommandError, call_command
from django.db import connection

from newsroom.models import NewsItem
from structures.models import Country, FieldOfWork, Structure
from tests.factories import SEEDS, listing, listing_item

pytestmark = pytest.mark.django_db


def run(*args):
    out, err = StringIO(), StringIO()
    call_command("import_seeds", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_import_seeds_defaults_to_data_seeds():
    out, err = run()
    assert NewsItem.objects.count() == 53
    assert Country.objects.count() == 68
    assert "001_b223227b7f046671.txt (listing): " in out
    assert "NewsItem 50 created" in out
    assert "new topics: Water management, Climate change" in out
    assert err == ""


def test_import_seeds_second_run_reports_unchanged():
    run()
    out, _ = run()
    assert out.count("nothing changed") == 5
    assert "NewsItem: 53 unchanged" in out


def test_import_seeds_json_report():
    out, _ = run("--json", str(SEEDS))
    report = json.loads(out)
    assert report["ok"] is True
    assert report["dry_run"] is False
    assert report["totals"]["NewsItem"] == {"created": 53}
    kinds = [document["kind"] for document in report["documents"]]
    assert kinds == ["article", "listing", "news_page", "news_page", "field_of_work"]


def test_import_seeds_dry_run_writes_nothing():
    out, _ = run("--dry-run", "--json")
    assert json.loads(out)["totals"]["NewsItem"] == {"created": 53}
    assert NewsItem.objects.count() == 0
    assert Structure.objects.count() == 0
    assert FieldOfWork.objects.count() == 0


def test_import_seeds_files_and_folders(tmp_path):
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "a.txt").write_bytes(listing(listing_item(title="From a folder")))
    (tmp_path / "sub" / "notes.md").write_text("not a dump")
    single = tmp_path / "single.dump"
    single.write_bytes(listing(listing_item(title="Named directly")))
    run(str(tmp_path / "sub"), str(single))
    assert set(NewsItem.objects.values_list("title", flat=True)) == {
        "From a folder", "Named directly"}  # fmt: skip


def test_import_seeds_errors_name_file_and_line_and_exit_non_zero(tmp_path):
    (tmp_path / "good.txt").write_bytes(listing(listing_item(title="Good news")))
    (tmp_path / "bad.txt").write_bytes(listing(listing_item(date="31 Foo 2025")))
    (tmp_path / "empty.txt").write_bytes(b"")
    out, err = StringIO(), StringIO()
    with pytest.raises(CommandError, match="2 of 3 documents failed"):
        call_command("import_seeds", str(tmp_path), stdout=out, stderr=err)
    assert f"{tmp_path / 'bad.txt'}:4: unparseable date '31 Foo 2025'" in err.getvalue()
    assert f"{tmp_path / 'empty.txt'}:1: empty file" in err.getvalue()
    assert list(NewsItem.objects.values_list("title", flat=True)) == ["Good news"]


def test_import_seeds_missing_path(tmp_path):
    with pytest.raises(CommandError, match="no such file or folder"):
        run(str(tmp_path / "missing.txt"))


# --- two imports at once -----------------------------------------------------------------


def database_url(tmp_path):
    """A database the subprocesses share: a file for SQLite, the test database otherwise."""
    db = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{tmp_path / 'concurrent.sqlite3'}"
    user = db["USER"] + (f":{db['PASSWORD']}" if db["PASSWORD"] else "")
    return f"postgres://{user}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


def manage(url, *args):
    env = {**os.environ, "DATABASE_URL": url, "DJANGO_DEBUG": "1"}
    command = [sys.executable, str(settings.BASE_DIR / "manage.py"), *args]
    return subprocess.Popen(command, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)


@pytest.mark.django_db(transaction=True)
def test_concurrent_imports_create_no_duplicates(tmp_path):
    url = database_url(tmp_path)
    if connection.vendor == "sqlite":
        assert manage(url, "migrate", "--noinput").wait(timeout=120) == 0
    else:
        # As migrated: the name variants a migration loads, gone if another transactional
        # test emptied the tables before this one.
        variants = importlib.import_module("structures.migrations.0003_name_variants_2025")
        variants.load(apps, None)
    runs = [manage(url, "import_seeds") for _ in range(2)]
    for process in runs:
        _, stderr = process.communicate(timeout=120)
        assert process.returncode == 0, stderr.decode()
    query = (
        "SELECT (SELECT COUNT(*) FROM newsroom_newsitem),"
        " (SELECT COUNT(DISTINCT import_key) FROM newsroom_newsitem),"
        " (SELECT COUNT(*) FROM structures_structure),"
        " (SELECT COUNT(*) FROM structures_country),"
        " (SELECT COUNT(*) FROM structures_fieldofwork)"
    )
    if connection.vendor == "sqlite":
        with sqlite3.connect(tmp_path / "concurrent.sqlite3") as db:
            row = db.execute(query).fetchone()
    else:
        with connection.cursor() as cursor:
            cursor.execute(query)
            row = cursor.fetchone()
    assert row == (53, 53, 33, 68, 25)
