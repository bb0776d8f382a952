"""EXPLAIN ANALYZE of the newsroom's main queries; bench/run.py runs it on PostgreSQL.

Prints one tab-separated line a query: label, whether the news table is read by a
sequential scan, execution time, the scans used.
"""

import os
import re
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "osce_site.settings")

import django

django.setup()

from django.db import connection  # noqa: E402
from django.http import QueryDict  # noqa: E402

from newsroom.listing.filters import NewsItemFilter  # noqa: E402
from newsroom.models import NewsItem  # noqa: E402

SCAN = re.compile(
    r"(Index Only Scan|Index Scan|Bitmap Index Scan|Bitmap Heap Scan|Seq Scan)"
    r"(?: Backward)?(?: using \S+)? on \S+"
)


def plan(label, queryset):
    sql, params = queryset.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN (ANALYZE, FORMAT TEXT) " + sql, params)
        lines = [row[0] for row in cursor.fetchall()]
    seq = any(re.search(r"Seq Scan on newsroom_newsitem\b", line) for line in lines)
    took = next((ln.split(":")[1].strip() for ln in lines if "Execution Time" in ln), "?")
    scans = sorted({m.group(0) for line in lines for m in SCAN.finditer(line)})
    news_scan = "SEQUENTIAL" if seq else "none sequential"
    print("\t".join([label, news_scan, took, "; ".join(scans)]))


def listing(query):
    data = QueryDict(query) if query else None
    return NewsItemFilter(data, queryset=NewsItem.objects.published().for_listing()).qs


def main(filtered):
    plan("newsroom page 1", listing("")[:20])
    plan(f"newsroom ?{filtered}", listing(filtered)[:20])
    plan("newsroom ?q=border+police", listing("q=border+police")[:20])
    plan("newsroom page 2000: keys", listing("").values_list("pk", flat=True)[39980:40000])
    plan("feed /newsroom/rss/", NewsItem.objects.published().for_listing()[:20])


if __name__ == "__main__":
    main(sys.argv[1])
