"""Sample the memory of server processes while a load runs (Linux ``/proc``).

A spec is either PIDs (``"1234,1235"``) or a regular expression searched in
each process's command line (``"gunicorn.*zou"``, ``"clapboard serve"``);
shells and this process are never counted. A pattern is resolved again every
couple of seconds, so restarted or forked workers are followed. The figures
are the peak of the summed RSS, and of the summed PSS (shared pages divided
between the processes sharing them: fairer for forked workers) when
``/proc/<pid>/smaps_rollup`` is readable.
"""

from __future__ import annotations

import os
import re
import threading
import time
from typing import Self

PAGE = os.sysconf("SC_PAGE_SIZE")
MiB = 1024 * 1024
SHELLS = {"sh", "bash", "dash", "zsh", "nohup", "timeout", "setsid", "sudo", "su"}


def _cmdline(pid: int) -> list[str]:
    try:
        with open(f"/proc/{pid}/cmdline", "rb") as handle:
            return [part.decode(errors="replace") for part in handle.read().split(b"\0") if part]
    except OSError:
        return []


def is_pid_list(spec: str) -> bool:
    return bool(re.fullmatch(r"[\d,\s]+", spec))


def resolve(spec: str) -> list[int]:
    if is_pid_list(spec):
        return [int(p) for p in re.split(r"[,\s]+", spec.strip()) if p]
    pattern, found = re.compile(spec), []
    for name in os.listdir("/proc"):
        if not name.isdigit() or int(name) == os.getpid():
            continue
        argv = _cmdline(int(name))
        if argv and os.path.basename(argv[0]) not in SHELLS and pattern.search(" ".join(argv)):
            found.append(int(name))
    return sorted(found)


def rss_bytes(pid: int) -> int:
    try:
        with open(f"/proc/{pid}/statm") as handle:
            return int(handle.read().split()[1]) * PAGE
    except (OSError, IndexError, ValueError):
        return 0


def pss_bytes(pid: int) -> int | None:
    try:
        with open(f"/proc/{pid}/smaps_rollup") as handle:
            for line in handle:
                if line.startswith("Pss:"):
                    return int(line.split()[1]) * 1024
    except (OSError, ValueError):
        return None
    return None


class Sampler:
    """``with Sampler(spec) as s: ...`` then ``s.figures()``; a no-op when ``spec`` is empty."""

    def __init__(self, spec: str | None, interval: float = 0.1, refresh: float = 2.0):
        self.spec = spec
        self.interval = interval
        self.refresh = refresh
        self.pids: list[int] = []
        self.samples = 0
        self.first_rss = self.peak_rss = 0
        self.peak_pss: int | None = None
        self.peak_processes = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="rss-sampler", daemon=True)

    def _sample(self) -> None:
        rss = sum(rss_bytes(p) for p in self.pids)
        pss_values = [pss_bytes(p) for p in self.pids]
        if self.samples == 0:
            self.first_rss = rss
        self.samples += 1
        self.peak_rss = max(self.peak_rss, rss)
        self.peak_processes = max(self.peak_processes, sum(1 for p in self.pids if rss_bytes(p)))
        if pss_values and all(v is not None for v in pss_values):
            self.peak_pss = max(self.peak_pss or 0, sum(pss_values))

    def _run(self) -> None:
        resolved_at = time.monotonic()
        while not self._stop.is_set():
            if time.monotonic() - resolved_at > self.refresh and not is_pid_list(self.spec):
                self.pids, resolved_at = resolve(self.spec), time.monotonic()
            self._sample()
            self._stop.wait(self.interval)

    def __enter__(self) -> Self:
        if self.spec:
            self.pids = resolve(self.spec)
            self._sample()
            self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        if self.spec:
            self._stop.set()
            self._thread.join()
            self._sample()

    def figures(self) -> dict | None:
        if not self.spec:
            return None
        return {"spec": self.spec, "processes": self.peak_processes, "samples": self.samples,
                "start_rss_mib": round(self.first_rss / MiB, 1), "peak_rss_mib": round(self.peak_rss / MiB, 1),
                "peak_pss_mib": round(self.peak_pss / MiB, 1) if self.peak_pss is not None else None}
