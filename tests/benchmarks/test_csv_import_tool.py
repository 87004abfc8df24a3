"""``benchmarks/csv.py import`` on a small file: it runs through a real ``clapboard serve`` and its checks hold.

No timing is asserted: the figures must exist and the stored rows must be what the file names.
"""

from __future__ import annotations

import importlib.util
import json
import os

BENCHMARKS = os.path.join(os.path.dirname(__file__), "..", "..", "benchmarks")


def _tool():
    spec = importlib.util.spec_from_file_location("bench_csv_import", os.path.join(BENCHMARKS, "csv_import.py"))
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_import_benchmark_runs_and_checks_what_it_stored(tmp_path):
    out = tmp_path / "import.json"
    code = _tool().main(["--database", "sqlite", "--shots", "120", "--assignees", "--json", str(out)])
    report = json.loads(out.read_text())
    assert code == 0 and report["databases"][0]["failures"] == []
    run = report["databases"][0]["runs"][0]
    assert run["stored"] == {"Episode": 6, "Sequence": 60, "Shot": 120, "tasks": 360}  # 2 shots a sequence
    for step in ("create", "update"):
        assert run[step]["status"] == 201 and run[step]["answer_rows"] == 120
        assert run[step]["seconds"] > 0 and run[step]["peak_mib"] >= run["rss_before_mib"]
