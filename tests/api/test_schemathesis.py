"""Schemathesis against the live OpenAPI schema, in process (WSGI), with its default checks.

Generated values for slug parameters and cursors are schema-valid but mostly name nothing,
which the API rightly answers with a 400; so that valid requests are tested as valid, a hook
swaps the slugs of *positive* cases for slugs that exist and drops made-up cursors (walks
with real cursors are tested in test_views.py). Negative cases are left as generated.
"""

import random

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from taggit.models import Tag

from newsroom.listing.filters import SLUG_RE
from newsroom.models import NewsType
from publications.models import PublicationKind
from structures.models import Country, FieldOfWork, Structure
from tests.factories import make_news_item, make_publication, make_structure

CASES = {"count": 0}
SLUG_PARAMETERS = {
    "type": NewsType,
    "field": FieldOfWork,
    "structure": Structure,
    "country": Country,
    "tag": Tag,
    "kind": PublicationKind,
}


schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", get_wsgi_application())
# Slugs that exist in the `newsroom` fixture (tests/factories.py build_small_newsroom). Cases
# are generated outside the test's database access, so they are named here, not looked up.
KNOWN = {
    "type": ["press-release", "news"],
    "field": ["elections", "border-management"],
    "structure": ["odihr", "mission-to-skopje", "closed-office"],
    "country": ["ukraine", "czechia"],
    "tag": ["youth", "training"],
    "kind": ["studies-and-reports", "manuals-and-guides"],
}


@schema.hook
def map_case(context, case):
    meta = case.meta
    if meta is None or not meta.generation.mode.is_positive or not case.query:
        return case
    rng = random.Random(repr(sorted(case.query.items())))
    for name, slugs in KNOWN.items():
        values = case.query.get(name)
        if values is None:
            continue
        values = values if isinstance(values, list) else [values]
        case.query[name] = [rng.choice(slugs) if SLUG_RE.match(str(v)) else v for v in values]
    case.query.pop("cursor", None)
    return case


@pytest.fixture
def _connection_kept():
    """As Django's test client does: requests must not close the test's database connection
    (PostgreSQL would lose the test's transaction, and its data, after the first request)."""
    for signal in (request_started, request_finished):
        signal.disconnect(close_old_connections)
    yield
    for signal in (request_started, request_finished):
        signal.connect(close_old_connections)


@pytest.fixture
def archive(newsroom, _connection_kept):
    closed = make_structure("Closed office", closed=True)
    make_news_item("Hidden", published=False, structures=[closed])
    make_publication("Election observation handbook", kind="manuals-and-guides", tags=["youth"])
    make_publication("Unfinished study", published=False, structures=[closed])
    for name, model in SLUG_PARAMETERS.items():
        assert set(KNOWN[name]) <= set(model.objects.values_list("slug", flat=True))
    return newsroom


@pytest.fixture(scope="module", autouse=True)
def _report_cases(request):
    """Says how many cases schemathesis generated over every operation."""
    yield
    plugins = request.config.pluginmanager
    reporter, capture = plugins.get_plugin("terminalreporter"), plugins.get_plugin("capturemanager")
    if reporter is not None and capture is not None and CASES["count"]:
        with capture.global_and_fixture_disabled():
            reporter.write_line(f"\nschemathesis: {CASES['count']} generated cases")


@pytest.mark.django_db
@schema.parametrize()
@settings(suppress_health_check=[HealthCheck.function_scoped_fixture], deadline=None)
def test_api_conforms_to_its_schema(case, archive):
    CASES["count"] += 1
    case.call_and_validate()
