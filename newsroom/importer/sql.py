"""The importer's own SQL, where the ORM would not do.

- `serialise_imports`: imports run one at a time. SQLite opens every write transaction with
  BEGIN IMMEDIATE (see settings), which already queues writers; PostgreSQL takes an
  advisory lock held until the document's transaction ends.
- `insert_rows`: link rows (news item ↔ structure, country, topic, tag) go in as plain
  INSERTs, since building a model instance per row would cost more than the inserts.
"""

from django.db import connection

ADVISORY_LOCK = 0x05CE_1A7  # PostgreSQL advisory lock key shared by every import
BATCH = 500  # rows per bulk statement, and values per IN (…) list


def batched(values, size=BATCH):
    values = list(values)
    for start in range(0, len(values), size):
        yield values[start : start + size]


def serialise_imports():
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [ADVISORY_LOCK])


def insert_rows(model, columns, rows):
    if not rows:
        return
    quote = connection.ops.quote_name
    sql = "INSERT INTO {} ({}) VALUES ({})".format(
        quote(model._meta.db_table),
        ", ".join(map(quote, columns)),
        ", ".join(["%s"] * len(columns)),
    )
    with connection.cursor() as cursor:
        for batch in batched(rows, BATCH * 10):
            cursor.executemany(sql, batch)
