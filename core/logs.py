"""Logging set-up: readable text lines, or one JSON object per line."""

from __future__ import annotations

import logging
from datetime import datetime, timezone

import orjson

_FIELDS = ("request_id", "method", "path", "status", "duration_ms", "actor_id", "plugin")


class JsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        entry = {
            "time": datetime.fromtimestamp(record.created, timezone.utc).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        for name in _FIELDS:
            value = getattr(record, name, None)
            if value is not None:
                entry[name] = value
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        return orjson.dumps(entry).decode()


def configure_logging(fmt: str = "text", level: str = "INFO") -> None:
    """Install one handler on the ``clapboard`` logger (idempotent)."""

    logger = logging.getLogger("clapboard")
    logger.setLevel(level)
    handler = next((h for h in logger.handlers if getattr(h, "_clapboard", False)), None)
    if handler is None:
        handler = logging.StreamHandler()
        handler._clapboard = True
        logger.addHandler(handler)
        logger.propagate = False
    if fmt == "json":
        handler.setFormatter(JsonFormatter())
    else:
        handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
