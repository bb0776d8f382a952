"""The importer under attack and under faults: hostile documents stay inert on every page
and feed, and an import killed mid-document leaves nothing of that document behind."""

import os
import signal
import sqlite3
import subprocess
import sys
import threading
import time

import pytest
from django.conf import settings
from django.db import connection

from newsroom.importer.load import import_documents
from newsroom.importer.sql import ADVISORY_LOCK
from newsroom.models import NewsItem
from structures.models import FieldOfWork, Structure
from tests.factories import listing, listing_item, seed_sources
from tests.security.xss import active_content, escaped, feed_active_content

HOSTILE_TITLE = 'Training <script>alert(1337)</script> "><img src=x onerror=alert(1337)>'


@pytest.mark.django_db
def test_xss_imported_from_a_document_is_inert_on_pages_and_feeds(client):
    document = listing(
        listing_item(
            title=HOSTILE_TITLE,
            where="OSCE Mission to Skopje, Office <svg onload=alert(1337)>",
            what="Border management, <img src=x onerror=alert(1337)>",
            lead="SKOPJE, 15 May 2025 – <script>alert(1337)</script> javascript:alert(1337)",
        )
        + "<a href='javascript:alert(1337)'>more</a> <iframe src=//evil.example></iframe>\n",
        with_menu=True,
    )
    report = import_documents([("hostile.txt", document)])
    assert report.ok, [d.error for d in report.documents]
    item = NewsItem.objects.get(title=HOSTILE_TITLE)
    pages = ["/", "/newsroom/", "/newsroom/?q=training", item.get_absolute_url()]
    pages += [s.get_absolute_url() for s in Structure.objects.filter(name__contains="<svg")]
    pages += [f.get_absolute_url() for f in FieldOfWork.objects.filter(name__contains="<img")]
    assert len(pages) >= 5
    for path in pages:
        response = client.get(path)
        assert response.status_code == 200, path
        assert active_content(response.content.decode()) == [], path
    assert escaped("<script>alert(1337)</script>") in client.get(pages[3]).content.decode()
    for feed in ["/newsroom/rss/", "/newsroom/atom/"]:
        response = client.get(feed)
        assert b"alert(1337)" in response.content
        assert feed_active_content(response.content) == [], feed


def big_listing(count):
    return listing(
        *(
            listing_item(
                title=f"OSCE trains border guards, course {n}",
                date=f"{1 + n % 28} May 2015",
                lead=f"SKOPJE, {1 + n % 28} May 2015 – Course {n} trained 20 border guards.",
            )
            for n in range(count)
        )
    )


def shared_database_url(tmp_path):
    if connection.vendor == "sqlite":
        return f"sqlite:///{tmp_path / 'killed.sqlite3'}"
    db = connection.settings_dict
    user = db["USER"] + (f":{db['PASSWORD']}" if db["PASSWORD"] else "")
    return f"postgres://{user}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


def manage(url, *args):
    env = {**os.environ, "DATABASE_URL": url, "DJANGO_DEBUG": "1", "DJANGO_LOG_LEVEL": "WARNING"}
    return subprocess.Popen(
        [sys.executable, str(settings.BASE_DIR / "manage.py"), *args],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )


def import_transaction_open(tmp_path):
    """Whether an import holds its document transaction right now."""
    if connection.vendor == "sqlite":  # imports write with BEGIN IMMEDIATE: probe for it
        probe = sqlite3.connect(tmp_path / "killed.sqlite3", timeout=0, isolation_level=None)
        try:
            probe.execute("BEGIN IMMEDIATE")
            probe.execute("ROLLBACK")
            return False
        except sqlite3.OperationalError:
            return True
        finally:
            probe.close()
    with connection.cursor() as cursor:  # PostgreSQL imports hold an advisory lock
        cursor.execute(
            "SELECT COUNT(*) FROM pg_locks WHERE locktype = 'advisory' AND granted AND objid = %s",
            [ADVISORY_LOCK & 0xFFFFFFFF],
        )
        return cursor.fetchone()[0] > 0


def wait_for(condition, timeout):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.02)
    return False


def news_count(tmp_path):
    if connection.vendor == "sqlite":
        with sqlite3.connect(tmp_path / "killed.sqlite3") as db:
            return db.execute("SELECT COUNT(*) FROM newsroom_newsitem").fetchone()[0]
    return NewsItem.objects.count()


@pytest.mark.django_db(transaction=True)
def test_import_killed_mid_document_leaves_no_partial_document(tmp_path):
    document = tmp_path / "big.txt"
    document.write_bytes(big_listing(4000))
    url = shared_database_url(tmp_path)
    if connection.vendor == "sqlite":
        assert manage(url, "migrate", "--noinput").wait(timeout=180) == 0
    process = manage(url, "import_seeds", str(document))
    try:
        assert wait_for(lambda: import_transaction_open(tmp_path), timeout=120)
        time.sleep(0.3)  # let it write a while inside the document's transaction
        assert process.poll() is None, "the import finished before it could be killed"
        process.send_signal(signal.SIGKILL)
        assert process.wait(timeout=30) == -signal.SIGKILL
    finally:
        if process.poll() is None:
            process.kill()
        process.stderr.close()
    assert wait_for(lambda: not import_transaction_open(tmp_path), timeout=30)
    assert news_count(tmp_path) == 0


def import_in_threads(count):
    """`count` imports of the seeds started at the same instant, each on its own connection."""
    from django.db import connections

    barrier = threading.Barrier(count)
    reports, errors = [], []

    def run():
        try:
            barrier.wait(timeout=30)
            reports.append(import_documents(seed_sources()))
        except Exception as error:  # any exception is a finding
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run) for _ in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=300)
    return reports, errors


def import_in_processes(tmp_path, count):
    url = f"sqlite:///{tmp_path / 'killed.sqlite3'}"
    assert manage(url, "migrate", "--noinput").wait(timeout=180) == 0
    runs = [manage(url, "import_seeds") for _ in range(count)]
    failures = []
    for process in runs:
        _, stderr = process.communicate(timeout=300)
        if process.returncode:
            failures.append(stderr.decode()[-2000:])
    return failures


NEWS_COUNTS = (
    "SELECT COUNT(*), COUNT(DISTINCT import_key), COUNT(DISTINCT slug) FROM newsroom_newsitem"
)


@pytest.mark.django_db(transaction=True)
def test_parallel_imports_of_the_same_documents_end_with_no_duplicates(tmp_path):
    """Threads on PostgreSQL (one connection each); processes on an SQLite file, since
    SQLite's shared in-memory test database cannot hold two writers."""
    if connection.vendor == "postgresql":
        reports, errors = import_in_threads(3)
        assert errors == []
        assert [report.ok for report in reports] == [True, True, True]
        with connection.cursor() as cursor:
            cursor.execute(NEWS_COUNTS)
            total, keys, slugs = cursor.fetchone()
        created = [r.totals().get("NewsItem", {}).get("created", 0) for r in reports]
        assert sum(created) == total  # each item created once, by one of the imports
    else:
        assert import_in_processes(tmp_path, 3) == []
        with sqlite3.connect(tmp_path / "killed.sqlite3") as db:
            total, keys, slugs = db.execute(NEWS_COUNTS).fetchone()
    assert total > 50
    assert total == keys == slugs
