"""``/socket.io/``: the Engine.IO long-polling endpoint Kitsu's socket.io client talks to.

Mounted at ``/socket.io/`` (and ``/api/socket.io/``, for Kitsu behind a proxy
that keeps the prefix). Public as far as the core is concerned: a handshake
needs no login (the Socket.IO auth payload, which may carry the token, only
comes after it); the namespace connect is what is authenticated, and every
poll after it.
"""

from __future__ import annotations

from clapboard import Route, operation
from clapboard.errors import BadRequest, PayloadTooLarge
from clapboard.transactions import in_transaction

from . import polling
from .hub import hub_of

TEXT = "text/plain; charset=UTF-8"
PARAMETERS = (
    {"name": "EIO", "in": "query", "required": True, "schema": {"type": "string", "enum": ["4"]},
     "description": "Engine.IO protocol version (4 only)."},
    {"name": "transport", "in": "query", "required": True, "schema": {"type": "string", "enum": ["polling"]},
     "description": "Only long-polling is served (waitress cannot upgrade to websockets)."},
    {"name": "sid", "in": "query", "schema": {"type": "string"},
     "description": "The session id the handshake answered (absent on the handshake)."},
)


def _checked(req) -> str | None:
    if req.get_param("EIO") != "4":
        raise BadRequest("Unsupported protocol version: only Engine.IO 4 (Socket.IO 5) is served.", code=5)
    if req.get_param("transport") != "polling":
        raise BadRequest("Unsupported transport: only polling is served.", code=0)
    if req.get_param("j") is not None:
        raise BadRequest("JSONP polling is not supported.", code=3)
    return req.get_param("sid")


class EngineIO:
    @operation(summary="Engine.IO long-polling: the handshake, or a poll for the session's packets",
               description="Without `sid`: a new session (the open packet, `upgrades: []`). With it: the "
                           "packets due (events of `/events` the person may read, pings), held until "
                           "some are or the ping interval ends.",
               content_type="text/plain", public=True, cache=False, parameters=PARAMETERS)
    def on_get(self, req, resp):
        sid = _checked(req)
        app = req.context.app
        resp.content_type = TEXT
        resp.text = polling.handshake(app, req) if sid is None else polling.poll(app, req, sid)

    @operation(summary="Engine.IO long-polling: packets from the client",
               description="Pongs, close, and Socket.IO packets: connect to `/events` (authenticated by the "
                           "access cookie, a bearer header or the auth payload `{\"token\": …}`), disconnect.",
               request_content_type="text/plain", content_type="text/html", public=True, parameters=PARAMETERS)
    def on_post(self, req, resp):
        sid = _checked(req)
        if sid is None:
            raise BadRequest("Session ID unknown", code=1)
        raw = req.bounded_stream.read(polling.MAX_PAYLOAD + 1)
        if len(raw) > polling.MAX_PAYLOAD:
            raise PayloadTooLarge(f"An Engine.IO payload is at most {polling.MAX_PAYLOAD} bytes.")
        try:
            body = raw.decode("utf-8")
        except UnicodeDecodeError as exc:
            raise BadRequest("The payload is not UTF-8 text.") from exc
        app = req.context.app
        woken = []

        def work(req, resp):
            woken[:] = [polling.receive(app, req, sid, body)]

        in_transaction(req, resp, work)
        if woken and woken[0]:
            hub_of(app).wake()  # after the commit: a poll this process holds takes the replies now
        resp.content_type = "text/html; charset=UTF-8"
        resp.text = "ok"


def routes() -> list[Route]:
    resource = EngineIO()
    return [Route("/socket.io", resource, tags=("realtime",), public=True, cache=False, transaction=False)]
