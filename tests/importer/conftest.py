import pytest

from newsroom.importer.load import import_documents
from tests.importer.documents import SEEDS


def seed_sources():
    return [(path.name, path.read_bytes()) for path in sorted(SEEDS.glob("*.txt"))]


@pytest.fixture
def seeds_report(db):
    report = import_documents(seed_sources())
    assert report.ok, [d.error for d in report.failed]
    return report
