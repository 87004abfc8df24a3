#!/usr/bin/env python3
"""Load a Zou-compatible server with the scenarios of issue 9, alone or side by side with another.

    python benchmarks/load.py URL --ids IDS.json [--label Clapboard] [--procs SPEC]
        [--compare URL2 --compare-ids IDS2.json --compare-label Zou --compare-procs SPEC]
        [--clients 1,8] [--requests 2000] [--seconds 10] [--warmup 2] [--rounds N] [--login-requests 30]
        [--scenarios a,b] [--no-login] [--full-list N] [--email E --password P] [--json OUT]

The ids files come from ``seed.py``. Loopback URLs only. For each client count
and scenario it prints requests/s, p50/p90/p99 latency (body read) and errors;
with ``--compare`` the two servers take turns, slice by slice, and the
table adds each ratio (first / second) and the geometric mean of the ten core
ratios. ``--procs`` samples server memory (PIDs, or a regular expression
matched in command lines). Exits 1 when any measured request was not a 2xx.
"""

from __future__ import annotations

import argparse
import json
import os
import shlex
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from zoubench import report, runner
from zoubench.api import ApiError, login, loopback_target, server_version
from zoubench.scenarios import BY_KEY, SCENARIOS, prepare
from zoubench.seeding import DEFAULT_EMAIL, DEFAULT_PASSWORD


def arguments(argv=None):
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("url")
    p.add_argument("--ids", required=True, help="ids file written by seed.py for URL")
    p.add_argument("--label", default="Clapboard")
    p.add_argument("--procs", help="server processes to sample: PIDs '12,34' or a command-line regex")
    p.add_argument("--email", default=os.environ.get("BENCH_EMAIL", DEFAULT_EMAIL))
    p.add_argument("--password", default=os.environ.get("BENCH_PASSWORD", DEFAULT_PASSWORD))
    p.add_argument("--compare", metavar="URL2", help="a second server (e.g. a real Zou), alternated with URL")
    p.add_argument("--compare-ids")
    p.add_argument("--compare-label", default="Zou")
    p.add_argument("--compare-procs")
    p.add_argument("--compare-email")
    p.add_argument("--compare-password")
    p.add_argument("--clients", default="1,8", help="comma list of client counts (default 1,8)")
    p.add_argument("--requests", type=int, default=2000, help="measured requests per scenario at most")
    p.add_argument("--seconds", type=float, default=10.0, help="seconds per scenario at most")
    p.add_argument("--warmup", type=int, default=2, help="unmeasured requests per client first")
    p.add_argument("--rounds", type=int, help="slices per scenario, the servers taking turns slice by slice "
                                              "(default: 3 with --compare, else 1)")
    p.add_argument("--login-requests", type=int, default=30, help="budget of the login scenario")
    p.add_argument("--scenarios", help="comma list (default: all): " + ",".join(s.key for s in SCENARIOS))
    p.add_argument("--no-login", action="store_true")
    p.add_argument("--full-list", type=int, default=0, metavar="N",
                   help="also time N unpaged GET /data/tasks?project_id=... (streamed list), one client")
    p.add_argument("--json", dest="json_out", help="write every figure to this file")
    args = p.parse_args(argv)
    if args.compare and not args.compare_ids:
        p.error("--compare needs --compare-ids")
    return args


def make_side(label, url, ids_path, email, password, procs) -> runner.Side:
    target = loopback_target(url)
    with open(ids_path) as handle:
        ids = json.load(handle)
    return runner.Side(label, target, login(target, email, password), prepare(ids, email, password), procs)


def side_facts(side: runner.Side) -> dict:
    ids = side.ids
    return {"label": side.label, "url": side.target.url, "server": server_version(side.target), "procs": side.procs,
            "seed": {k: ids.get(k) for k in ("size", "kind", "clients", "seconds", "counts", "steps", "project_id",
                                             "previews_note")},
            "seed_failures": ids.get("failures"), "peak_memory": side.peak_memory,
            "peak_memory_all": side.peak_memory_all}


def memory_text(m: dict | None) -> str:
    if not m:
        return "-"
    pss = f", PSS {m['peak_pss_mib']} MiB" if m.get("peak_pss_mib") is not None else ""
    return f"RSS {m['peak_rss_mib']} MiB{pss} ({m['processes']} process(es), start {m['start_rss_mib']} MiB)"


def busy(machine: dict, when: str = "start") -> None:
    load = os.getloadavg()[0]
    if load > (machine["cpu_count"] or 1):
        print(f"WARNING: load average {load:.1f} at the {when} of the run on {machine['cpu_count']} CPU(s): "
              "other work shares the machine, figures move a lot from one run to the next")


def main(argv=None) -> int:
    args = arguments(argv)
    keys = args.scenarios.split(",") if args.scenarios else [s.key for s in SCENARIOS]
    keys = [k for k in keys if not (args.no_login and k == "login")]
    unknown = [k for k in keys if k not in BY_KEY]
    if unknown:
        print(f"load.py: unknown scenario(s) {unknown}", file=sys.stderr)
        return 2
    clients_list = [int(c) for c in args.clients.split(",")]
    try:
        sides = [make_side(args.label, args.url, args.ids, args.email, args.password, args.procs)]
        if args.compare:
            sides.append(make_side(args.compare_label, args.compare, args.compare_ids,
                                   args.compare_email or args.email, args.compare_password or args.password,
                                   args.compare_procs))
    except (ValueError, OSError, ApiError) as exc:
        print(f"load.py: {exc}", file=sys.stderr)
        return 2
    facts = {"command": shlex.join(["python"] + sys.argv), "machine": report.machine(), "git": report.commit(),
             "budget": {"clients": clients_list, "requests": args.requests, "seconds": args.seconds,
                        "warmup": args.warmup, "login_requests": args.login_requests}}
    print(f"machine: {facts['machine']['cpu_count']} CPU(s), {facts['machine']['cpu_model']}, "
          f"load average {facts['machine']['loadavg']}")
    for side in sides:
        seed = side.ids
        print(f"{side.label}: {side.target.url} {server_version(side.target)}; seeded {seed.get('size')} "
              f"in {seed.get('seconds')} s with {seed.get('clients')} client(s): {seed.get('counts')}")
    rounds = args.rounds or (3 if args.compare else 1)
    facts["budget"]["rounds"] = rounds
    busy(facts["machine"])
    budget = runner.Budget(args.requests, args.seconds, args.warmup, args.login_requests, rounds)
    rows = runner.run_all(sides, keys, clients_list, budget)
    lines, summary = report.tables(rows, [s.label for s in sides], clients_list)
    print("\n".join(lines))
    full = [runner.full_list(side, args.full_list) for side in sides] if args.full_list else []
    for f in full:
        print(f"\n{f['label']} full list {f['path']}: {f['seconds_per_list']} s per list, {f['rows']} rows, "
              f"{f['bytes']} bytes, headers after {[r['headers_seconds'] for r in f['runs']]} s, "
              f"server memory {memory_text(f['memory'])}, errors {f['errors']}")
    for side in sides:
        if side.peak_memory:
            print(f"{side.label} peak memory: core scenarios {memory_text(side.peak_memory)}; "
                  f"whole run (login, full list) {memory_text(side.peak_memory_all)}")
    errors = report.error_lines(rows)
    if errors:
        print("\nerrors:\n" + "\n".join(errors))
    facts["machine"]["loadavg_end"] = list(os.getloadavg())
    busy(facts["machine"], "end")
    if args.json_out:
        with open(args.json_out, "w") as handle:
            json.dump({**facts, "sides": [side_facts(s) for s in sides], "results": rows, "summary": summary,
                       "full_list": full}, handle, indent=1)
        print(f"\nfigures written to {args.json_out}")
    return 1 if errors or any(f["errors"] for f in full) else 0


if __name__ == "__main__":
    sys.exit(main())
