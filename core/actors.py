"""Who is making a request. The core knows no roles of its own.

An ``Actor`` is produced by an ``authenticate`` hook. ``kind`` and ``role`` are
free strings interpreted by policy plugins; ``attributes`` carries whatever
else they need. ``SYSTEM`` is the actor of CLI commands and internal jobs: the
core allows it every action without asking plugins.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Mapping


@dataclass(frozen=True)
class Actor:
    id: str | None
    kind: str
    role: str | None = None
    attributes: Mapping[str, Any] = field(default_factory=dict)

    @property
    def is_system(self) -> bool:
        return self.kind == "system"


SYSTEM = Actor(id=None, kind="system", role=None)


@dataclass(frozen=True)
class Permission:
    """An action a plugin checks, declared through ``register_permissions``."""

    action: str
    description: str = ""
    plugin: str | None = None
