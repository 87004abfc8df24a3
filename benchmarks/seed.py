#!/usr/bin/env python3
"""Seed a production through the API of any Zou-compatible server (Clapboard, a real Zou).

    python benchmarks/seed.py http://127.0.0.1:8080 --size medium --out /tmp/cb-medium.json
        [--kind tvshow|featurefilm] [--clients N] [--retries N] [--email E --password P]
        [--name NAME] [--verify]

Loopback URLs only. Prints each step's time and the total, writes the ids the
load scenarios need (project, shots, assets, tasks, ...) to ``--out``. Exits 1
when a request failed (after ``--retries``), listing each failing route with
samples; the ids file is still written, with the failures in it.
"""

from __future__ import annotations

import argparse
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from zoubench import plan
from zoubench.api import ApiError
from zoubench.seeding import DEFAULT_EMAIL, DEFAULT_PASSWORD, seed


def arguments(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("url", help="base URL, e.g. http://127.0.0.1:8080 (or .../api)")
    parser.add_argument("--size", choices=sorted(plan.SIZES), default="small")
    parser.add_argument("--kind", choices=("tvshow", "featurefilm"), default="tvshow")
    parser.add_argument("--clients", type=int, default=1, help="parallel seeding connections (default 1)")
    parser.add_argument("--retries", type=int, default=0, help="retries of a write answered 409/5xx (default 0)")
    parser.add_argument("--email", default=os.environ.get("BENCH_EMAIL", DEFAULT_EMAIL))
    parser.add_argument("--password", default=os.environ.get("BENCH_PASSWORD", DEFAULT_PASSWORD))
    parser.add_argument("--name", help="project name (default: 'Bench <size> <timestamp>')")
    parser.add_argument("--out", required=True, help="ids file to write (JSON)")
    parser.add_argument("--verify", action="store_true", help="count the seeded rows through the API afterwards")
    return parser.parse_args(argv)


def main(argv=None) -> int:
    args = arguments(argv)
    try:
        seeded = seed(args.url, args.size, args.out, kind=args.kind, clients=args.clients, retries=args.retries,
                      email=args.email, password=args.password, name=args.name, check=args.verify)
    except (ValueError, OSError, ApiError) as exc:
        print(f"seed.py: {exc}", file=sys.stderr)
        return 2
    print(f"seeded in {seeded['seconds']:.1f} s: {seeded['counts']} -> {args.out}")
    failures = seeded["failures"]
    for step, count in failures["retried"].items():
        print(f"  retried {count}x: {step}")
    for step, count in failures["failed"].items():
        print(f"  FAILED {count}x: {step}")
        for sample in failures["samples"].get(step, []):
            print(f"      {sample}")
    if args.verify:
        print(f"verified through the API: {seeded['verified']}")
        for line in seeded["verify_mismatches"]:
            print(f"  MISMATCH {line}")
    return 1 if failures["failed"] or seeded.get("verify_mismatches") else 0


if __name__ == "__main__":
    sys.exit(main())
