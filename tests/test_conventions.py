"""Habits of the test suite that a reader relies on: builders in tests/factories.py only."""

import ast
from pathlib import Path

TESTS = Path(__file__).resolve().parent


def test_no_module_imports_from_a_conftest():
    """conftest.py files hold fixtures, which pytest injects; builders are in tests/factories.py."""
    importing = []
    for path in TESTS.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(), str(path))):
            names = [node.module or ""] if isinstance(node, ast.ImportFrom) else []
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            if any(name.split(".")[-1] == "conftest" for name in names):
                importing.append(str(path.relative_to(TESTS)))
    assert importing == []
