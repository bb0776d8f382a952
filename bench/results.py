"""bench/RESULTS.md is shared by several benchmarks: each owns a marked block of it.

`bench/run.py` writes the file's unmarked body; every other benchmark writes its own block,
between `<!-- name -->` and `<!-- /name -->`. Writing one never drops another's.
"""

import re
from pathlib import Path

PATH = Path(__file__).resolve().parent / "RESULTS.md"
BLOCK = re.compile(r"<!-- (?P<name>[\w-]+) -->\n.*?<!-- /(?P=name) -->\n?", re.DOTALL)


def blocks(text):
    """The marked blocks of `text`, in order, each with its markers."""
    return [match.group(0).rstrip("\n") + "\n" for match in BLOCK.finditer(text)]


def write_body(text, path=PATH):
    """Replace the unmarked body, keeping every marked block that was there."""
    current = path.read_text() if path.exists() else ""
    kept = blocks(current)
    path.write_text(text.rstrip("\n") + "\n" + "".join("\n" + block for block in kept))


def write_block(name, text, path=PATH):
    """Replace (or append) the block `name`, leaving the rest of the file as it was."""
    current = path.read_text() if path.exists() else ""
    block = f"<!-- {name} -->\n{text.strip(chr(10))}\n<!-- /{name} -->\n"
    marker = re.escape(name)
    pattern = re.compile(rf"<!-- {marker} -->\n.*?<!-- /{marker} -->\n?", re.DOTALL)
    if pattern.search(current):
        current = pattern.sub(lambda _match: block, current, count=1)
    else:
        current = current.rstrip("\n") + "\n\n" + block
    path.write_text(current)
