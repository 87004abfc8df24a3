"""The benchmark tools (``benchmarks/``) against a live in-process server: seeding and a few requests.

No timing is asserted: these tests keep the tools working as the API grows.
"""

from __future__ import annotations

import json
import os
import sys
import uuid

import pytest

from tests.conftest import FAST_PASSWORDS

BENCHMARKS = os.path.join(os.path.dirname(__file__), "..", "..", "benchmarks")
sys.path.append(os.path.abspath(BENCHMARKS))  # appended: only the zoubench package is wanted

from zoubench import memory, plan, report, runner, verify
from zoubench.api import Connection, login, loopback_target
from zoubench.loadgen import percentile
from zoubench.scenarios import CORE, SCENARIOS, prepare
from zoubench.seeding import seed

EMAIL, PASSWORD = "bench.admin@example.com", "bench admin password"
# Parallel seeding on PostgreSQL still races (concurrent casting of one episode: duplicate entity links);
# one client there until that is fixed, two on SQLite to exercise the parallel path.
SEED_CLIENTS = 1 if os.environ.get("CLAPBOARD_TEST_DATABASE_URL", "").startswith("postgres") else 2


@pytest.fixture
def live(make_app):
    from clapboard.plugins.data.models import Person
    from clapboard.testing import LiveServer

    app = make_app(config={"plugins": {"auth": dict(FAST_PASSWORDS)}}, actors=False)
    with app.db.connection_context():
        Person.create(id=uuid.uuid4(), first_name="Bench", last_name="Admin", email=EMAIL, role="admin",
                      password=app.passwords.hash(PASSWORD))
    server = LiveServer(app, threads=4).start()
    yield server
    server.stop()


@pytest.fixture
def seeded(live, tmp_path):
    out = tmp_path / "small.json"
    ids = seed(live.url + "/api", "small", str(out), clients=SEED_CLIENTS, email=EMAIL, password=PASSWORD, check=True,
               log=lambda *a: None)
    assert json.loads(out.read_text())["project_id"] == ids["project_id"]
    return ids


def test_seeder_builds_the_small_production(live, seeded):
    expected = plan.expected_counts(plan.SIZES["small"])
    assert seeded["failures"]["failed"] == {}
    assert seeded["verify_mismatches"] == []
    target = loopback_target(live.url)
    conn = Connection(target, login(target, EMAIL, PASSWORD))
    try:
        found = verify.counts(conn, seeded)
        assert {k: found[k] for k in ("shots", "assets", "tasks", "casting_links")} == {
            k: expected[k] for k in ("shots", "assets", "tasks", "casting_links")}
        assert found["team"] >= plan.SIZES["small"].persons
        shot = seeded["shot_ids"][0]
        tasks = conn.get(f"/data/shots/{shot}/tasks")
        assert len(tasks) == len(plan.SHOT_TASK_TYPES)
        frames = conn.get(f"/data/shots/{shot}")["data"]
        assert frames["frame_out"] >= frames["frame_in"] == plan.FIRST_FRAME
        instances = conn.get(f"/data/assets/{seeded['instanced_asset_ids'][0]}/shot-asset-instances")
        assert instances
    finally:
        conn.close()
    assert seeded["counts"]["comments"] == expected["comments"]
    assert seeded["counts"]["assigned_tasks"] == expected["assigned_tasks"]


def test_runner_sends_every_scenario_without_error(live, seeded):
    target = loopback_target(live.url)
    side = runner.Side("Clapboard", target, login(target, EMAIL, PASSWORD), prepare(seeded, EMAIL, PASSWORD),
                       procs=str(os.getpid()))
    rows = runner.run_all([side], [s.key for s in SCENARIOS], [1, 2], runner.Budget(4, 5.0, 1, 2), log=lambda *a: None)
    assert [r for r in rows if r["errors"]] == []
    ran = {r["scenario"] for r in rows if not r["skipped"]}
    assert set(CORE) | {"login"} <= ran
    assert all(r["requests"] == 4 for r in rows if r["scenario"] in CORE and not r["skipped"])
    assert side.peak_memory["peak_rss_mib"] > 0
    full = runner.full_list(side, 1)
    assert full["errors"] == 0 and full["rows"] == seeded["counts"]["tasks"]


def test_side_by_side_tables_give_ratios(live, seeded):
    target = loopback_target(live.url)
    token = login(target, EMAIL, PASSWORD)
    sides = [runner.Side(label, target, token, prepare(seeded, EMAIL, PASSWORD)) for label in ("A", "B")]
    rows = runner.run_all(sides, ["get_project", "casting"], [1], runner.Budget(3, 5.0, 0, 1), log=lambda *a: None)
    lines, summary = report.tables(rows, ["A", "B"], [1])
    assert set(summary[1]["ratios"]) == {"get_project", "casting"}
    assert summary[1]["geometric_mean"] > 0
    assert any("A/B" in line for line in lines)


def test_only_loopback_urls_are_accepted():
    assert loopback_target("http://127.0.0.1:8080/api").prefix == "/api"
    assert loopback_target("http://localhost:5000").port == 5000
    for url in ("http://10.1.2.3:8080", "https://127.0.0.1", "http://example.com"):
        with pytest.raises(ValueError):
            loopback_target(url)


def test_statistics():
    assert percentile([1, 2, 3, 4], 50) == 2 and percentile([1, 2, 3, 4], 99) == 4
    assert round(report.geometric_mean([2.0, 8.0]), 6) == 4.0
    assert memory.resolve("12, 34") == [12, 34]
