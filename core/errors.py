"""Typed errors: raised anywhere, rendered in one place in Zou's JSON shape.

An HTTP-facing error becomes ``{"error": true, "message": "...", **details}``
with its ``status``. Start-up errors (configuration, plugins, schema state)
are plain exceptions that the CLI prints and exits on.
"""

from __future__ import annotations


class ClapboardError(Exception):
    """Base of every error that maps to an HTTP answer."""

    status = 500
    default_message = "Internal server error."

    def __init__(self, message: str | None = None, **details):
        self.message = message or self.default_message
        self.details = details
        super().__init__(self.message)

    def to_dict(self) -> dict:
        return {"error": True, "message": self.message, **self.details}


class BadRequest(ClapboardError):
    status = 400
    default_message = "The request is not valid."


class ValidationFailed(BadRequest):
    """A body or query did not match its schema; ``errors`` lists every problem."""

    default_message = "The request body is not valid."

    def __init__(self, errors: list[dict], message: str | None = None):
        if message is None and errors:
            first = errors[0]
            where = first.get("path") or "body"
            message = f"{where}: {first['message']}"
            if len(errors) > 1:
                message += f" (and {len(errors) - 1} more)"
        super().__init__(message, errors=errors)


class IntegrityViolation(BadRequest):
    default_message = "The change would break the integrity of the data."


class Unauthorized(ClapboardError):
    status = 401
    default_message = "Authentication is required."


class PermissionDenied(ClapboardError):
    status = 403
    default_message = "You are not allowed to do this."


class NotFound(ClapboardError):
    status = 404
    default_message = "Resource not found."


class MethodNotAllowed(ClapboardError):
    status = 405
    default_message = "This method is not allowed on this resource."


class Conflict(ClapboardError):
    status = 409
    default_message = "The request conflicts with the current state."


class PayloadTooLarge(ClapboardError):
    status = 413
    default_message = "The request body is too large."


class TooManyRequests(ClapboardError):
    status = 429
    default_message = "Too many requests."


class ServiceUnavailable(ClapboardError):
    status = 503
    default_message = "The service is unavailable; try again shortly."


class StartupError(Exception):
    """The server cannot start; the message says what to do."""


class ConfigError(StartupError):
    """The configuration is invalid."""


class PluginError(StartupError):
    """A plugin cannot be loaded or is inconsistent."""


class SchemaOutOfDate(StartupError):
    """The database schema is behind the enabled plugins' migrations."""


__all__ = [
    "BadRequest",
    "ClapboardError",
    "ConfigError",
    "Conflict",
    "IntegrityViolation",
    "MethodNotAllowed",
    "NotFound",
    "PayloadTooLarge",
    "PermissionDenied",
    "PluginError",
    "SchemaOutOfDate",
    "ServiceUnavailable",
    "StartupError",
    "TooManyRequests",
    "Unauthorized",
    "ValidationFailed",
]
