"""``GET /admin/config/check``: the operator's view of the running configuration.

As in Zou, it answers only to the configured admin token
(``[plugins.data] admin_token``) sent as a Bearer header, whoever is logged
in; without a configured token nothing matches and every caller gets a 403. Zou compares its environment with the
settings its workers hold in Redis; Clapboard has no such store, so each
setting compares what the configuration source says now (file and environment,
read again) with what this process started with: they differ when the
configuration changed and the server was not restarted. Clapboard has no user
limit and no job runner: those two settings answer null on both sides.
"""

from __future__ import annotations

import hmac
import os

from clapboard import Operation, Route
from clapboard.config import apply_plugin_schemas, load_config
from clapboard.errors import ConfigError, PermissionDenied

from ..models import Person
from .settings import CHECKED, instance_settings

PATH = "/admin/config/check"
NOT_KEPT = ("user_limit", "nomad_host")


def _token_matches(req, expected: str) -> bool:
    header = req.get_header("Authorization") or ""
    return bool(expected) and header.startswith("Bearer ") and hmac.compare_digest(header[7:].encode(), expected.encode())


def configured_now(app) -> dict | None:
    """``[plugins.data]`` as the configuration source has it now (``None`` when it no longer loads)."""

    from .. import register_config_schema

    try:
        fresh = load_config(path=app.config.source, env=os.environ)
        apply_plugin_schemas(fresh, register_config_schema())
    except ConfigError:
        return None
    return fresh.plugin("data")


def comparison(app) -> dict:
    running, source = instance_settings(app), configured_now(app)
    answer = {}
    for key in ("user_limit", *CHECKED, "nomad_host"):  # Zou's order
        if key in NOT_KEPT:
            answer[key] = {"env": None, "redis": None}
        else:
            answer[key] = {"env": source.get(key) if source is not None else None, "redis": running[key]}
    human = Person.is_bot.is_null() | (Person.is_bot == False)  # noqa: E712
    answer["active_users"] = Person.select().where(Person.active == True, human).count()  # noqa: E712
    return answer


class ConfigCheckResource:
    def on_get(self, req, resp):
        app = req.context.app
        if not _token_matches(req, instance_settings(app)["admin_token"]):
            raise PermissionDenied("A valid admin token is required.")
        resp.media = comparison(app)


def route() -> Route:
    return Route(PATH, ConfigCheckResource(), public=True, tags=("data",), plugin="data", operations={
        "GET": Operation(
            summary="Compare the configuration source with the running settings (admin token)",
            description="Send `Authorization: Bearer <admin_token>`. Each setting has `env` (the configuration "
                        "file and environment now) and `redis` (what the server started with), as Zou names them; "
                        "`active_users` counts active human accounts. Without a configured `admin_token`, always a 403.",
            response_schema="data/instance/answers#/$defs/config_check", operation_id="check_instance_config")})


def mount_config_check(app) -> None:
    """Mounted at start-up (the route reads the running settings); refused to all without a token."""

    app.mount(route())
