#!/usr/bin/env python3
"""CI smoke run of the benchmark tools: every scenario must answer 2xx (no timing is asserted).

    python benchmarks/smoke.py [--url URL] [--keep DIR]

Without ``--url`` it starts a Clapboard of this checkout on SQLite in a
temporary directory (``init-db``, ``create-admin``, ``serve`` on a free port),
seeds the small production through the API (2 clients), checks the counts through the
API, sends a few requests of every scenario with 1 and 2 clients plus one
streamed full list, then stops the server. Exits 1 on any failure.
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from zoubench import localserver, runner
from zoubench.api import login, loopback_target
from zoubench.scenarios import BY_KEY, SCENARIOS, prepare
from zoubench.seeding import seed

EMAIL, PASSWORD = "smoke.admin@example.com", "smoke-test-password"


def smoke(url: str, work_dir: str, email: str, password: str) -> list[str]:
    """Problems found (empty: green)."""

    ids_path = os.path.join(work_dir, "small.json")
    seeded = seed(url, "small", ids_path, clients=2, email=email, password=password, check=True,
                  log=lambda *a: None)
    problems = [f"seeding: {n}x {step}" for step, n in seeded["failures"]["failed"].items()]
    problems += [f"seeded counts: {m}" for m in seeded["verify_mismatches"]]
    print(f"seeded in {seeded['seconds']:.1f} s: {seeded['counts']}")
    target = loopback_target(url)
    side = runner.Side("Clapboard", target, login(target, email, password), prepare(seeded, email, password))
    rows = runner.run_all([side], [s.key for s in SCENARIOS], [1, 2], runner.Budget(5, 5.0, 1, 2))
    problems += [f"{r['scenario']} with {r['clients']} client(s): {r['errors']} non-2xx, e.g. {r['error_samples'][:2]}"
                 for r in rows if r["errors"]]
    problems += [f"{r['scenario']} skipped: {r['skipped']}" for r in rows if r["skipped"] and BY_KEY[r["scenario"]].core]
    full = runner.full_list(side, 1)
    if full["errors"] or full["rows"] != seeded["counts"]["tasks"]:
        problems.append(f"full list: {full['errors']} errors, {full['rows']} rows")
    return problems


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--url", help="an already running server (default: start a Clapboard on SQLite)")
    parser.add_argument("--email", default=EMAIL)
    parser.add_argument("--password", default=PASSWORD)
    parser.add_argument("--keep", help="work in this directory and keep it (default: a temporary one)")
    args = parser.parse_args(argv)
    started = time.perf_counter()
    work_dir = args.keep or tempfile.mkdtemp(prefix="clapboard-smoke-")
    server = None
    try:
        if args.url:
            url = args.url
        else:
            server = localserver.start(os.path.join(work_dir, "data"), args.email, args.password)
            url = server.url
        problems = smoke(url, work_dir, args.email, args.password)
    finally:
        if server:
            server.stop()
        if not args.keep:
            shutil.rmtree(work_dir, ignore_errors=True)
    for problem in problems:
        print(f"SMOKE FAILURE: {problem}")
    print(f"benchmark smoke {'FAILED' if problems else 'green'} in {time.perf_counter() - started:.1f} s")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
