"""Tables (Markdown, readable in a terminal too), ratios, and the machine/commit facts of a run."""

from __future__ import annotations

import math
import os
import platform
import subprocess
import time

from .scenarios import BY_KEY, CORE


def _ms(value) -> str:
    return "-" if value is None else f"{value:.1f}"


def _cell(f: dict | None) -> list[str]:
    if f is None:
        return ["", "", "", "", ""]
    if f["skipped"]:
        return ["skipped", "", "", "", ""]
    return [f"{f['rps']:.1f}", _ms(f["p50_ms"]), _ms(f["p90_ms"]), _ms(f["p99_ms"]), str(f["errors"])]


def _table(header: list[str], rows: list[list[str]]) -> list[str]:
    widths = [max(len(str(r[i])) for r in [header] + rows) for i in range(len(header))]

    def line(cells):
        return "| " + " | ".join(str(c).ljust(w) for c, w in zip(cells, widths)) + " |"

    return [line(header), "|" + "|".join("-" * (w + 2) for w in widths) + "|"] + [line(r) for r in rows]


def ratio(a: dict | None, b: dict | None) -> float | None:
    """Throughput of ``a`` over ``b`` (None when either did not run or served nothing)."""

    if not a or not b or a["skipped"] or b["skipped"] or not a["rps"] or not b["rps"]:
        return None
    return a["rps"] / b["rps"]


def geometric_mean(values: list) -> float | None:
    values = [v for v in values if v]
    return math.exp(sum(math.log(v) for v in values) / len(values)) if values else None


def tables(rows: list[dict], labels: list[str], clients_list: list[int]) -> tuple[list[str], dict]:
    """One table per client count; with two labels, their ratio (first / second) and the geometric mean."""

    lines, summary = [], {}
    found = {(r["clients"], r["scenario"], r["label"]): r for r in rows}
    keys = list(dict.fromkeys(r["scenario"] for r in rows))
    for clients in clients_list:
        header = ["scenario"]
        for label in labels:
            header += [f"{label} req/s", "p50 ms", "p90 ms", "p99 ms", "err"]
        if len(labels) == 2:
            header.append(f"{labels[0]}/{labels[1]}")
        body, ratios = [], {}
        for key in keys:
            cells = [BY_KEY[key].label + ("" if BY_KEY[key].core else " (apart)")]
            for label in labels:
                cells += _cell(found.get((clients, key, label)))
            if len(labels) == 2:
                value = ratio(found.get((clients, key, labels[0])), found.get((clients, key, labels[1])))
                cells.append("-" if value is None else f"{value:.2f}")
                if key in CORE:
                    ratios[key] = value
            body.append(cells)
        lines += ["", f"{clients} client(s):", ""] + _table(header, body)
        if len(labels) == 2:
            mean = geometric_mean(list(ratios.values()))
            counted = [k for k, v in ratios.items() if v]
            lowest = min(counted, key=lambda k: ratios[k]) if counted else None
            p99_below = [k for k in counted if _p99(found, clients, k, labels[0]) < _p99(found, clients, k, labels[1])]
            lines.append(f"\n{clients} client(s), {labels[0]}/{labels[1]}: geometric mean of the {len(counted)} core "
                         f"ratios {'-' if mean is None else f'{mean:.2f}'}; lowest "
                         + (f"{ratios[lowest]:.2f} ({lowest})" if lowest else "-")
                         + f"; p99 lower than {labels[1]}'s in {len(p99_below)}/{len(counted)}")
            summary[clients] = {"ratios": {k: (round(v, 3) if v else None) for k, v in ratios.items()},
                                "geometric_mean": round(mean, 3) if mean else None, "scenarios_counted": len(counted),
                                "lowest_ratio": lowest, "p99_lower": p99_below}
    return lines, summary


def _p99(found: dict, clients: int, key: str, label: str) -> float:
    return found[(clients, key, label)]["p99_ms"]


def error_lines(rows: list[dict]) -> list[str]:
    lines = []
    for r in rows:
        if r["errors"]:
            lines.append(f"  {r['label']} {r['scenario']} c={r['clients']}: {r['errors']} errors, e.g.")
            lines += [f"      {sample}" for sample in r["error_samples"]]
    return lines


def machine() -> dict:
    model = ""
    try:
        with open("/proc/cpuinfo") as handle:
            model = next((line.split(":", 1)[1].strip() for line in handle if line.startswith("model name")), "")
    except OSError:
        pass
    return {"cpu_count": os.cpu_count(), "cpu_model": model, "loadavg": list(os.getloadavg()),
            "platform": platform.platform(), "python": platform.python_version(),
            "time": time.strftime("%Y-%m-%dT%H:%M:%S%z")}


def commit() -> dict:
    here = os.path.dirname(os.path.abspath(__file__))

    def git(*args):
        try:
            return subprocess.run(["git", "-C", here, *args], capture_output=True, text=True, timeout=10,
                                  check=True).stdout.strip()
        except (OSError, subprocess.SubprocessError):
            return None

    return {"commit": git("rev-parse", "HEAD"), "branch": git("rev-parse", "--abbrev-ref", "HEAD"),
            "dirty": bool(git("status", "--porcelain", "--untracked-files=no"))}
