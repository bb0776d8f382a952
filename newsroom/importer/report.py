"""What an import did, or would do: per document and per model, what was created,
updated, left unchanged or lost with a failed document. The command prints it (or its
JSON), and the admin's upload page shows it before and after the confirmation."""

import dataclasses
from collections import Counter, defaultdict

from newsroom.importer.parse import Kind

OUTCOMES = ("created", "updated", "unchanged", "failed")


@dataclasses.dataclass
class DocumentReport:
    path: str
    kind: str | None = None
    counts: dict = dataclasses.field(default_factory=lambda: defaultdict(Counter))
    new_structures: list = dataclasses.field(default_factory=list)
    new_topics: list = dataclasses.field(default_factory=list)
    error: str | None = None

    @property
    def ok(self):
        return self.error is None

    def count(self, model, outcome, n=1):
        if n:
            self.counts[model][outcome] += n

    def fail(self, error, document=None):
        """Nothing of the document was written; a parsed `document` counts its items lost."""
        self.error = str(error)
        self.counts = defaultdict(Counter)
        self.new_structures, self.new_topics = [], []
        if document is not None:
            self.kind = document.kind
            model = "FieldOfWork" if document.kind == Kind.FIELD_OF_WORK else "NewsItem"
            self.count(model, "failed", len(document.items) or 1)

    @property
    def rows(self):
        """(model, created, updated, unchanged, failed) per model, for templates."""
        return [
            (model, *(c.get(outcome, 0) for outcome in OUTCOMES))
            for model, c in sorted(self.counts.items())
        ]

    def to_dict(self):
        return {
            "path": self.path,
            "kind": str(self.kind) if self.kind else None,
            "ok": self.ok,
            "error": self.error,
            "counts": {model: dict(sorted(c.items())) for model, c in sorted(self.counts.items())},
            "new_structures": self.new_structures,
            "new_topics": self.new_topics,
        }


@dataclasses.dataclass
class Report:
    dry_run: bool = False
    documents: list = dataclasses.field(default_factory=list)

    @property
    def ok(self):
        return all(document.ok for document in self.documents)

    @property
    def failed(self):
        return [document for document in self.documents if not document.ok]

    def totals(self):
        totals = defaultdict(Counter)
        for document in self.documents:
            for model, counts in document.counts.items():
                totals[model].update(counts)
        return {model: dict(sorted(c.items())) for model, c in sorted(totals.items())}

    def to_dict(self):
        return {
            "dry_run": self.dry_run,
            "ok": self.ok,
            "documents": [document.to_dict() for document in self.documents],
            "totals": self.totals(),
        }
