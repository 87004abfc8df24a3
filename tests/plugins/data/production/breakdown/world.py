"""A small TV-show production to test the breakdown routes on, built through the API as an admin.

Episode E01 holds sequences SQ01 (shots SH010, SH020, scene SC01) and SQ02
(shot SH030); assets Hero (Character), Lamp (Prop), Forest (Environment) and
Cam (Camera). Rows are created over HTTP so the generic routes are used as a
client would; ``ids`` maps those names to ids (str).
"""

from __future__ import annotations

import uuid

from clapboard.plugins.data import models as m


def _type_ids(client) -> dict[str, str]:
    types = {row["name"]: row["id"] for row in client.simulate_get("/data/entity-types").json}
    if "Camera" not in types:
        answer = client.simulate_post("/data/entity-types", json={"name": "Camera"})
        assert answer.status_code == 201, answer.text
        types["Camera"] = answer.json["id"]
    return types


def _entity(client, project_id, entity_type_id, name, parent_id=None, **extra) -> str:
    body = {"name": name, "project_id": project_id, "entity_type_id": entity_type_id, **extra}
    if parent_id:
        body["parent_id"] = parent_id
    answer = client.simulate_post("/data/entities", json=body)
    assert answer.status_code == 201, answer.text
    return answer.json["id"]


def build_world(client, project_id: str | None = None) -> dict[str, str]:
    """Create the production (or fill ``project_id``) and answer ``{name: id}``."""

    types = _type_ids(client)
    ids: dict[str, str] = {}
    if project_id is None:
        answer = client.simulate_post("/data/projects", json={"name": f"Breakdown {uuid.uuid4().hex[:6]}",
                                                              "production_type": "tvshow"})
        assert answer.status_code == 201, answer.text
        project_id = answer.json["id"]
    ids["project"] = project_id
    ids["E01"] = _entity(client, project_id, types["Episode"], f"E01-{uuid.uuid4().hex[:4]}")
    ids["SQ01"] = _entity(client, project_id, types["Sequence"], "SQ01", ids["E01"])
    ids["SQ02"] = _entity(client, project_id, types["Sequence"], "SQ02", ids["E01"])
    for name, sequence in (("SH010", "SQ01"), ("SH020", "SQ01"), ("SH030", "SQ02")):
        ids[name] = _entity(client, project_id, types["Shot"], name, ids[sequence],
                            data={"frame_in": 1001, "frame_out": 1048})
    ids["SC01"] = _entity(client, project_id, types["Scene"], "SC01", ids["SQ01"])
    for name, kind in (("Hero", "Character"), ("Lamp", "Prop"), ("Forest", "Environment"), ("Cam", "Camera")):
        ids[name] = _entity(client, project_id, types[kind], name, source_id=ids["E01"])
    ids.update({f"type_{name}": types[name] for name in ("Character", "Prop", "Environment", "Camera")})
    return ids


def event_names(app) -> list[str]:
    """The names of the recorded events, oldest first."""

    with app.db.connection_context():
        return [name for (name,) in m.ApiEvent.select(m.ApiEvent.name).order_by(m.ApiEvent.created_at).tuples()]


def links_of(app, entity_id: str) -> dict[str, tuple]:
    """``{asset id: (nb_occurences, label, data)}`` straight from the database."""

    with app.db.connection_context():
        query = m.EntityLink.select(m.EntityLink.entity_out, m.EntityLink.nb_occurences, m.EntityLink.label,
                                    m.EntityLink.data).where(m.EntityLink.entity_in == uuid.UUID(entity_id))
        return {str(out): (count, label, data) for out, count, label, data in query.tuples()}
