"""bench/RESULTS.md: each benchmark rewrites its own part and keeps the others'."""

import importlib.util
from pathlib import Path

spec = importlib.util.spec_from_file_location(
    "bench_results", Path(__file__).resolve().parents[2] / "bench" / "results.py"
)
results = importlib.util.module_from_spec(spec)
spec.loader.exec_module(results)


def test_writing_the_body_keeps_every_other_benchmarks_block(tmp_path):
    path = tmp_path / "RESULTS.md"
    results.write_body("# Old body\n", path)
    results.write_block("alerts_bench", "## Email alerts\n\n| a |\n", path)
    results.write_block("publishing", "## Publishing under load\n", path)

    results.write_body("# New body\n\n| row |\n", path)

    text = path.read_text()
    assert text.startswith("# New body\n\n| row |\n")
    assert "Old body" not in text
    assert "<!-- alerts_bench -->\n## Email alerts\n\n| a |\n<!-- /alerts_bench -->" in text
    assert "<!-- publishing -->\n## Publishing under load\n<!-- /publishing -->" in text
    assert text.index("alerts_bench") < text.index("publishing")


def test_writing_a_block_replaces_only_that_block(tmp_path):
    path = tmp_path / "RESULTS.md"
    results.write_body("# Body\n", path)
    results.write_block("alerts_bench", "first run\n", path)
    results.write_block("other", "kept\n", path)

    results.write_block("alerts_bench", "second run\n", path)

    text = path.read_text()
    assert text.count("<!-- alerts_bench -->") == 1
    assert "second run" in text
    assert "first run" not in text
    assert text.startswith("# Body\n")
    assert "<!-- other -->\nkept\n<!-- /other -->" in text
