"""Clapboard: a plugin-based production-tracking API that speaks Zou's protocol.

The core knows no studio concept. Everything a studio sees comes from plugins
built on the public API exported here.
"""

__version__ = "0.1.0"

from . import errors  # noqa: E402
from .actors import SYSTEM, Actor, Permission  # noqa: E402
from .app import ClapboardApp, create_app  # noqa: E402
from .config import Config, load_config  # noqa: E402
from .db import Model, database  # noqa: E402
from .events import Event, EventType, emit  # noqa: E402
from .hookspecs import hookimpl, hookspec  # noqa: E402
from .migrations import Migration, MigrationContext, create_models  # noqa: E402
from .routing import Operation, Route, RouteTarget, operation  # noqa: E402

__all__ = [
    "SYSTEM",
    "Actor",
    "ClapboardApp",
    "Config",
    "Event",
    "EventType",
    "Migration",
    "MigrationContext",
    "Model",
    "Operation",
    "Permission",
    "Route",
    "RouteTarget",
    "__version__",
    "create_app",
    "create_models",
    "database",
    "emit",
    "errors",
    "hookimpl",
    "hookspec",
    "load_config",
    "operation",
]
