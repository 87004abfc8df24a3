"""Progress of a sync on stderr: a bar on a terminal, one line per finished step otherwise (logs, CI)."""

from __future__ import annotations

import sys

import click


class Progress:
    """Called as ``progress(step, phase)``; phases ``reading``, ``writing``, then ``done`` or ``skipped``."""

    def __init__(self, steps: int, stream=None):
        self.stream = stream or sys.stderr
        self.steps = steps
        self.finished = 0
        self.bar = None
        if self.stream.isatty():
            self.bar = click.progressbar(length=steps, label="sync-from-zou", file=self.stream,
                                         item_show_func=lambda item: item)

    def __enter__(self):
        if self.bar is not None:
            self.bar.__enter__()
        return self

    def __exit__(self, *exc):
        if self.bar is not None:
            self.bar.__exit__(*exc)

    def __call__(self, step: str, phase: str) -> None:
        done = phase in ("done", "skipped")
        self.finished += done
        if self.bar is not None:
            self.bar.current_item = f"{step}: {phase}"
            if done:
                self.bar.update(1)
            else:
                self.bar.render_progress()
        elif done:
            click.echo(f"sync-from-zou [{self.finished}/{self.steps}] {step}: {phase}", file=self.stream)
