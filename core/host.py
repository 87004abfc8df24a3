"""Figures about the machine the API runs on, for ``GET /status/resources``.

Read from the standard library and, on Linux, ``/proc`` (no extra dependency):
where a figure is not available the answer says ``None`` (or an empty list)
rather than guessing.
"""

from __future__ import annotations

import os
import time
from pathlib import Path

PROC = Path("/proc")
# How long CPU usage is measured over (Zou measures one second; a shorter window keeps the request quick).
CPU_SAMPLE_SECONDS = 0.2


def _cpu_times() -> list[tuple[int, int]]:
    """``(busy, total)`` jiffies per CPU since boot."""

    found = []
    for line in (PROC / "stat").read_text().splitlines():
        name, *values = line.split()
        if name.startswith("cpu") and name != "cpu":
            numbers = [int(v) for v in values]
            idle = numbers[3] + (numbers[4] if len(numbers) > 4 else 0)  # idle + iowait
            found.append((sum(numbers) - idle, sum(numbers)))
    return found


def cpu_percent(interval: float = CPU_SAMPLE_SECONDS) -> list[float]:
    """Busy share of each CPU over ``interval`` seconds (empty where ``/proc/stat`` is missing)."""

    try:
        before = _cpu_times()
        time.sleep(interval)
        after = _cpu_times()
    except (OSError, ValueError, IndexError):
        return []
    percents = []
    for (busy0, total0), (busy1, total1) in zip(before, after):
        elapsed = total1 - total0
        percents.append(round(100.0 * (busy1 - busy0) / elapsed, 1) if elapsed > 0 else 0.0)
    return percents


def load_average() -> dict:
    try:
        one, five, fifteen = os.getloadavg()
    except (OSError, AttributeError):
        one = five = fifteen = None
    # Zou's key names, though the last average is over fifteen minutes.
    return {"last 1 min": one, "last 5 min": five, "last 10 min": fifteen}


def memory() -> dict:
    """Bytes of memory: total, used (not available), available, and the used share."""

    try:
        fields = {}
        for line in (PROC / "meminfo").read_text().splitlines():
            key, value = line.split(":", 1)
            fields[key] = int(value.split()[0]) * 1024
        total = fields["MemTotal"]
        available = fields.get("MemAvailable", fields.get("MemFree", 0))
    except (OSError, KeyError, ValueError, IndexError):
        return {"total": None, "used": None, "available": None, "percent": None}
    used = total - available
    return {"total": total, "used": used, "available": available,
            "percent": round(100.0 * used / total, 1) if total else None}
