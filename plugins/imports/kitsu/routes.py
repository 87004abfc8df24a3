"""``POST /import/kitsu/<kind>``: rows of another instance, upserted by id (admins only), as Zou serves them.

The body is a JSON list of rows as the other instance's ``/data/…`` answers;
the answer is the rows as stored here, in the order sent. One transaction per
request: a bad row is a 400 naming its index and nothing is written.
``?silent=true`` emits no event (bulk loads). The ``metadata-descriptors``
route exists only while the plugin owning the table (``metadata``) is enabled.
"""

from __future__ import annotations

from clapboard import Operation, Route
from clapboard.errors import BadRequest

from .kinds import KINDS, Kind, model_for
from .upsert import read_back, resolve, upsert

ACTION = "imports.kitsu"
PERMISSIONS = {ACTION: "import rows of another Kitsu or Zou instance, ids kept"}
ROWS = "imports/kitsu/rows"
SILENT = {"name": "silent", "in": "query", "schema": {"type": "boolean", "default": False},
          "description": "true: emit no event for the imported rows (bulk loads)."}


def flag(req, name: str) -> bool:
    raw = req.params.get(name)
    if raw is None or str(raw).lower() in ("false", "0", ""):
        return False
    if str(raw).lower() in ("true", "1"):
        return True
    raise BadRequest(f"Parameter '{name}' must be true or false.")


class KitsuImport:
    def __init__(self, kind: Kind):
        self.kind = kind

    def on_post(self, req, resp):
        app = req.context.app
        actor = req.context.get("actor")
        app.require(actor, ACTION, self.kind.name)
        body = req.get_media(default_when_empty=None)
        if not isinstance(body, list):
            raise BadRequest("A list of rows is expected (as another instance's /data route answers).")
        limit = app.config.plugin("imports")["max_items"]
        if len(body) > limit:
            raise BadRequest(f"Too many rows: {len(body)} sent, at most {limit} per request.")
        outcome = upsert(app, actor, self.kind, body, silent=flag(req, "silent"))
        resp.media = read_back(resolve(app, self.kind), outcome.ids)


def routes(app=None) -> list[Route]:
    """One route per kind whose table the enabled plugins hold (no descriptors route without ``metadata``)."""

    kinds = [kind for kind in KINDS.values() if app is None or model_for(app, kind.table) is not None]
    return [Route(f"/import/kitsu/{kind.name}", KitsuImport(kind), tags=("imports",), operations={
        "POST": Operation(
            summary=f"Import {kind.name.replace('-', ' ')} from another Kitsu instance",
            description="Admins only. Rows exactly as the other instance's /data route serves them, ids kept: "
                        "inserted or updated by id with their relation lists; a bad row is a 400 naming its "
                        "index and nothing is written.",
            request_schema=f"{ROWS}#/$defs/rows", response_schema=f"{ROWS}#/$defs/answer",
            action=ACTION, parameters=(SILENT,), operation_id=f"import_kitsu_{kind.name.replace('-', '_')}"),
    }) for kind in kinds]
