import pytest

from newsroom.importer.load import import_documents
from tests.factories import seed_sources


@pytest.fixture
def seeds_report(db):
    report = import_documents(seed_sources())
    assert report.ok, [d.error for d in report.failed]
    return report
