"""``benchmarks/metadata.py`` on a small production: it runs every step, and its own checks of the stored rows hold.

No timing is asserted: the figures must exist and the statements must not depend on the rows.
"""

from __future__ import annotations

import importlib.util
import json
import os

from clapboard.testing import test_database_url

BENCHMARKS = os.path.join(os.path.dirname(__file__), "..", "..", "benchmarks")


def _tool():
    spec = importlib.util.spec_from_file_location("bench_metadata", os.path.join(BENCHMARKS, "metadata.py"))
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_lifecycle_benchmark_runs_and_checks_what_it_changed(tmp_path):
    out = tmp_path / "metadata.json"
    code = _tool().main(["--database-url", test_database_url(tmp_path), "--assets", "60", "--tasks", "12",
                         "--rounds", "2", "--json", str(out)])
    figures = json.loads(out.read_text())
    assert code == 0 and figures["problems"] == [], figures["problems"]
    lines = {line["operation"]: line for line in figures["summary"]}
    assert len(lines) == 14 and all(line["median_ms"] > 0 for line in lines.values())
    dry = lines["Asset: retype to number, dry run"]["report"]
    assert dry["holding"] == figures["seed"]["holding"]["frames"]
    assert dry["converted"] + dry["unchanged"] + dry["failed"] == dry["holding"]
    assert all(isinstance(line["statements"], int) for name, line in lines.items() if "retype" not in name)
