"""Run the scenarios against one server, or alternated against two (side by side)."""

from __future__ import annotations

import json
import math
from dataclasses import dataclass, field

from . import loadgen
from .api import Connection, Target
from .memory import Sampler
from .scenarios import BY_KEY, skip_reason


@dataclass
class Side:
    """One server under test: its URL, token, seeded ids and the processes to sample."""

    label: str
    target: Target
    token: str
    ids: dict
    procs: str | None = None
    peak_memory: dict | None = None  # over the core scenarios (login's password hashing apart)
    peak_memory_all: dict | None = None  # over everything, login and the full list included
    results: list = field(default_factory=list)
    probed: dict = field(default_factory=dict)  # scenario -> skip reason found by a first request

    def keep_peak(self, figures: dict | None, core: bool) -> None:
        if figures:
            self.peak_memory_all = _higher(self.peak_memory_all, figures)
            if core:
                self.peak_memory = _higher(self.peak_memory, figures)


def _higher(kept: dict | None, figures: dict) -> dict:
    """The peak of two memory figures (RSS and PSS each taken at its own maximum)."""

    if kept is None:
        return dict(figures)
    merged = dict(kept if kept["peak_rss_mib"] >= figures["peak_rss_mib"] else figures)
    pss = [v for v in (kept.get("peak_pss_mib"), figures.get("peak_pss_mib")) if v is not None]
    merged["peak_pss_mib"] = max(pss) if pss else None
    merged["processes"] = max(kept["processes"], figures["processes"])
    return merged


@dataclass
class Budget:
    requests: int = 2000
    seconds: float = 10.0
    warmup: int = 2
    login_requests: int = 30
    rounds: int = 1  # slices per scenario, the servers taking turns slice by slice


def run_slice(side: Side, key: str, clients: int, budget: Budget) -> tuple[loadgen.Result, dict | None]:
    """One slice of a scenario: 1/rounds of its request and time budgets, memory sampled meanwhile."""

    scenario = BY_KEY[key]
    limit = budget.login_requests if key == "login" else budget.requests
    with Sampler(side.procs) as sampler:
        result = loadgen.run(side.target, side.token, scenario, side.ids, clients,
                             max(1, math.ceil(limit / budget.rounds)), budget.seconds / budget.rounds,
                             warmup=min(budget.warmup, 1) if key == "login" else budget.warmup)
    return result, sampler.figures()


def scenario_figures(side: Side, key: str, clients: int, slices: list) -> dict:
    """The figures of a scenario on one server, its slices merged."""

    result, memory = loadgen.Result(key, clients), None
    for part, part_memory in slices:
        result.absorb(part)
        memory = _higher(memory, part_memory) if part_memory else memory
    side.keep_peak(memory, BY_KEY[key].core)
    figures = {**result.figures(), "label": side.label, "memory": memory, "rounds": len(slices)}
    side.results.append(figures)
    return figures


def skip(side: Side, key: str) -> str:
    """Why ``key`` cannot run on ``side`` ('' if it can): nothing seeded, or the route answers 404."""

    scenario = BY_KEY[key]
    reason = skip_reason(scenario, side.ids)
    if reason or not scenario.skip_on_404:
        return reason
    if key not in side.probed:
        status, _ = loadgen.probe(side.target, side.token, scenario, side.ids)
        side.probed[key] = scenario.skip_on_404 if status == 404 else ""
    return side.probed[key]


def run_all(sides: list[Side], keys: list[str], clients_list: list[int], budget: Budget, log=print) -> list[dict]:
    """Every scenario at every client count. With two servers they take turns: slice by slice
    (``budget.rounds``), the first server of each scenario alternating, so a machine getting busier
    or quieter weighs on both alike."""

    rows = []
    for clients in clients_list:
        for index, key in enumerate(keys):
            order = sides if index % 2 == 0 else list(reversed(sides))
            slices: dict[str, list] = {side.label: [] for side in sides}
            skipped = {side.label: skip(side, key) for side in sides}
            for turn in range(budget.rounds):
                for side in (order if turn % 2 == 0 else list(reversed(order))):
                    if not skipped[side.label]:
                        slices[side.label].append(run_slice(side, key, clients, budget))
            for side in order:
                if skipped[side.label]:
                    figures = {**loadgen.Result(key, clients, skipped=skipped[side.label]).figures(),
                               "label": side.label, "memory": None, "rounds": 0}
                else:
                    figures = scenario_figures(side, key, clients, slices[side.label])
                rows.append(figures)
                log(progress_line(figures))
    return rows


def progress_line(f: dict) -> str:
    if f["skipped"]:
        return f"  {f['label']:<10} {f['scenario']:<16} c={f['clients']:<2} skipped: {f['skipped']}"
    return (f"  {f['label']:<10} {f['scenario']:<16} c={f['clients']:<2} {f['rps']:8.1f} req/s  "
            f"p50 {f['p50_ms']} ms  p99 {f['p99_ms']} ms  errors {f['errors']}")


def full_list(side: Side, times: int) -> dict:
    """``GET /data/tasks?project_id=…`` (no page: the whole list, streamed) ``times`` times, one client."""

    path = f"/data/tasks?project_id={side.ids['project_id']}"
    runs = []
    conn = Connection(side.target, side.token)
    try:
        with Sampler(side.procs) as sampler:
            for _ in range(times):
                answer = conn.timed_get(path)
                rows = len(json.loads(answer.pop("body"))) if answer["status"] == 200 else None
                runs.append({**{k: round(v, 4) if isinstance(v, float) else v for k, v in answer.items()},
                             "rows": rows})
    finally:
        conn.close()
    side.keep_peak(sampler.figures(), core=False)
    ok = [r for r in runs if r["status"] == 200]
    return {"label": side.label, "path": path, "runs": runs, "memory": sampler.figures(),
            "errors": len(runs) - len(ok),
            "seconds_per_list": round(sum(r["seconds"] for r in ok) / len(ok), 3) if ok else None,
            "rows": ok[0]["rows"] if ok else None, "bytes": ok[0]["bytes"] if ok else None}
