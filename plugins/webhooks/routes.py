"""The webhooks API under ``/plugins/webhooks/``: targets, their secrets, and the deliveries made.

Admins only: every operation names a ``webhooks.*`` action that this
plugin's ``permission_allowed`` grants to admins and refuses to everyone
else. Writes run in the request's transaction like any other, so a ping or a
replay is sent only once the request committed.
"""

from __future__ import annotations

import falcon

from clapboard import Route, operation
from clapboard.errors import BadRequest

from . import service

PREFIX = "/plugins/webhooks"
HOOKS = "webhooks/hooks#/$defs/"
DELIVERIES = "webhooks/deliveries#/$defs/"


def _actor_id(req):
    actor = req.context.get("actor")
    return str(actor.id) if actor is not None and actor.id else None


def _body(req):
    return req.get_media(default_when_empty=None)


class Hooks:
    @operation(summary="List webhooks", action="webhooks.hooks.read", response_schema=HOOKS + "list")
    def on_get(self, req, resp):
        resp.media = [service.hook_view(h) for h in service.Webhook.select().order_by(service.Webhook.created_at)]

    @operation(summary="Register a webhook (its secret is in this answer)", action="webhooks.hooks.create",
               request_schema=HOOKS + "create", response_schema=HOOKS + "hook", status=201)
    def on_post(self, req, resp):
        hook = service.create(req.context.app, _body(req), _actor_id(req))
        resp.status = falcon.HTTP_201
        resp.media = service.hook_view(hook, secret=True)


class Hook:
    @operation(summary="Read a webhook (never its secret)", action="webhooks.hooks.read",
               response_schema=HOOKS + "hook")
    def on_get(self, req, resp, hook_id):
        resp.media = service.hook_view(service.get(hook_id))

    @operation(summary="Change a webhook", action="webhooks.hooks.update", request_schema=HOOKS + "update",
               response_schema=HOOKS + "hook")
    def on_put(self, req, resp, hook_id):
        resp.media = service.hook_view(service.update(req.context.app, hook_id, _body(req)))

    @operation(summary="Delete a webhook with its deliveries", action="webhooks.hooks.delete")
    def on_delete(self, req, resp, hook_id):
        service.delete(hook_id)
        resp.status = falcon.HTTP_204

    @operation(summary="Make a new secret for a webhook (answered once, here)", action="webhooks.hooks.update",
               response_schema=HOOKS + "hook")
    def on_post_rotate(self, req, resp, hook_id):
        resp.media = service.hook_view(service.rotate(hook_id), secret=True)

    @operation(summary="Queue a webhooks:ping delivery to this webhook", action="webhooks.hooks.update",
               response_schema=HOOKS + "hook", status=202)
    def on_post_ping(self, req, resp, hook_id):
        resp.media = service.hook_view(service.ping(hook_id, _actor_id(req)))
        resp.status = falcon.HTTP_202


class Events:
    @operation(summary="The event names webhooks may subscribe to", action="webhooks.hooks.read",
               response_schema=HOOKS + "events")
    def on_get(self, req, resp):
        resp.media = [{"name": e.name, "description": e.description, "plugin": e.plugin}
                      for e in sorted(req.context.app.event_types, key=lambda e: e.name)]


def _one(req, name: str) -> str | None:
    """A query parameter given at most once."""

    raw = req.params.get(name)
    if isinstance(raw, list):
        raise BadRequest(f"Parameter '{name}' is given more than once.")
    return raw


def _positive(req, name: str, default: int, most: int) -> int:
    raw = _one(req, name)
    if raw is None:
        return default
    try:
        value = int(raw)
    except ValueError:
        raise BadRequest(f"Parameter '{name}' must be an integer.") from None
    if value < 1:
        raise BadRequest(f"Parameter '{name}' must be at least 1.")
    return min(value, most)


PAGE_PARAMETERS = tuple({"name": name, "in": "query", "schema": schema, "description": text} for name, schema, text in (
    ("webhook_id", {"type": "string", "format": "uuid"}, "Only this webhook's deliveries."),
    ("state", {"enum": ["pending", "sending", "delivered", "failed"]}, "Only deliveries in this state."),
    ("event", {"type": "string"}, "Only deliveries of this event name."),
    ("page", {"type": "integer", "minimum": 1}, "Page number, from 1 (default 1)."),
    ("limit", {"type": "integer", "minimum": 1}, "Rows per page (default 100, at most 1000)."),
))


class Deliveries:
    @operation(summary="List deliveries, newest first, one page at a time", action="webhooks.deliveries.read",
               response_schema=DELIVERIES + "page", parameters=PAGE_PARAMETERS)
    def on_get(self, req, resp):
        query = service.deliveries({name: _one(req, name) for name in ("webhook_id", "state", "event")})
        page, limit = _positive(req, "page", 1, 1 << 30), _positive(req, "limit", 100, 1000)
        total = query.count()
        rows = [service.delivery_view(row) for row in query.paginate(page, limit)]
        resp.media = {"data": rows, "total": total, "nb_pages": -(-total // limit), "limit": limit,
                      "offset": (page - 1) * limit, "page": page}


class Delivery:
    @operation(summary="Read a delivery with its payload and every attempt", action="webhooks.deliveries.read",
               response_schema=DELIVERIES + "delivery")
    def on_get(self, req, resp, delivery_id):
        resp.media = service.delivery_view(service.delivery(delivery_id), history=True)

    @operation(summary="Queue a delivery again (same delivery id, attempts kept)",
               action="webhooks.deliveries.replay", response_schema=DELIVERIES + "delivery", status=202)
    def on_post_replay(self, req, resp, delivery_id):
        resp.media = service.delivery_view(service.replay(delivery_id, _actor_id(req)), history=True)
        resp.status = falcon.HTTP_202


def routes() -> list[Route]:
    hook, delivery = Hook(), Delivery()
    tags = ("webhooks",)
    return [
        Route(PREFIX + "/hooks", Hooks(), tags=tags, cache=False),
        Route(PREFIX + "/hooks/{hook_id}", hook, tags=tags, cache=False),
        Route(PREFIX + "/hooks/{hook_id}/rotate-secret", hook, suffix="rotate", tags=tags, cache=False),
        Route(PREFIX + "/hooks/{hook_id}/ping", hook, suffix="ping", tags=tags, cache=False),
        Route(PREFIX + "/events", Events(), tags=tags, cache=False),
        Route(PREFIX + "/deliveries", Deliveries(), tags=tags, cache=False),
        Route(PREFIX + "/deliveries/{delivery_id}", delivery, tags=tags, cache=False),
        Route(PREFIX + "/deliveries/{delivery_id}/replay", delivery, suffix="replay", tags=tags, cache=False),
    ]
