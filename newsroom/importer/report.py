"""What an import did, or would do: per document and per model, what was created,
updated, left unchanged, skipped (deleted by an editor), kept in conflict with an editor's
edit or lost with a failed document. The command prints it (or its JSON), and the admin's
upload page shows it before and after the confirmation."""

import dataclasses
from collections import Counter, defaultdict

from newsroom.importer.parse import Kind

OUTCOMES = ("created", "updated", "unchanged", "skipped", "conflict", "failed")


@dataclasses.dataclass
class DocumentReport:
    path: str
    kind: str | None = None
    counts: dict = dataclasses.field(default_factory=lambda: defaultdict(Counter))
    new_structures: list = dataclasses.field(default_factory=list)
    new_topics: list = dataclasses.field(default_factory=list)
    skipped: list = dataclasses.field(default_factory=list)  # "…: deleted by an editor"
    conflicts: list = dataclasses.field(default_factory=list)  # the document vs an editor
    kept: list = dataclasses.field(default_factory=list)  # editors' edits left as they are
    languages: Counter = dataclasses.field(default_factory=Counter)  # news items by language
    error: str | None = None
    line: int | None = None  # where a failed document failed, and that line's text
    line_text: str = ""

    @property
    def ok(self):
        return self.error is None

    def count(self, model, outcome, n=1):
        if n:
            self.counts[model][outcome] += n

    def count_language(self, code):
        self.languages[code] += 1

    def note_skipped(self, text):
        self.skipped.append(f"skipped: {text}")

    def note_conflict(self, text):
        self.conflicts.append(f"conflict: {text}")

    def note_kept(self, text):
        self.kept.append(text)

    def fail(self, error, document=None):
        """Nothing of the document was written. The report keeps what it was taken for,
        where it failed, and counts what it would have written as failed: the items of a
        parsed `document`, or the ones a ParseError counted."""
        self.error = str(error)
        self.line = getattr(error, "line", None)
        self.line_text = getattr(error, "text", "")
        self.counts = defaultdict(Counter)
        self.new_structures, self.new_topics = [], []
        self.skipped, self.conflicts, self.kept = [], [], []
        self.kind = getattr(error, "kind", None) or (document.kind if document else None)
        if document is not None:
            self.kind = document.kind
            model = "FieldOfWork" if document.kind == Kind.FIELD_OF_WORK else "NewsItem"
            self.count(model, "failed", len(document.items) or 1)
        else:
            for model, n in getattr(error, "counts", {}).items():
                self.count(model, "failed", n)

    @property
    def rows(self):
        """(model, created, updated, unchanged, skipped, conflict, failed) per model, for
        templates."""
        return [
            (model, *(c.get(outcome, 0) for outcome in OUTCOMES))
            for model, c in sorted(self.counts.items())
        ]

    @property
    def notes(self):
        return [*self.conflicts, *self.skipped, *self.kept]

    def to_dict(self):
        return {
            "path": self.path,
            "kind": str(self.kind) if self.kind else None,
            "ok": self.ok,
            "error": self.error,
            "line": self.line,
            "line_text": self.line_text,
            "counts": {model: dict(sorted(c.items())) for model, c in sorted(self.counts.items())},
            "new_structures": self.new_structures,
            "new_topics": self.new_topics,
            "skipped": self.skipped,
            "conflicts": self.conflicts,
            "kept": self.kept,
            "languages": dict(sorted(self.languages.items())),
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
