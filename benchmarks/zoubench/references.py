"""Reference rows a production needs (statuses, task types, asset types, persons), reused by name.

Zou's ``init-data`` and Clapboard's ``init-db`` both create the usual ones;
anything missing is created, so the seeder also works on a server with other
defaults. Persons get fixed e-mail addresses (``bench.artist.NN@example.com``)
and are reused by later runs: Zou counts active users against ``USER_LIMIT``.
"""

from __future__ import annotations

from .api import Connection
from .plan import ASSET_TASK_TYPES, ASSET_TYPES, SHOT_TASK_TYPES, TASK_STATUSES

STATUS_FLAGS = {"wip": {"is_wip": True}, "wfa": {"is_feedback_request": True}, "retake": {"is_retake": True},
                "done": {"is_done": True}}


def project_status_id(conn: Connection) -> str | None:
    for row in conn.get("/data/project-status"):
        if row["name"].lower() == "open":
            return row["id"]
    return None


def task_types(conn: Connection) -> dict[str, dict[str, str]]:
    """``{"Shot": {name: id}, "Asset": {name: id}}`` for the task types of the plan."""

    rows = conn.get("/data/task-types")
    known = {(row["name"], row.get("for_entity") or "Asset"): row["id"] for row in rows}
    names = {row["name"] for row in rows}
    found: dict[str, dict[str, str]] = {"Shot": {}, "Asset": {}}
    for kind, wanted in (("Shot", SHOT_TASK_TYPES), ("Asset", ASSET_TASK_TYPES)):
        for name, color in wanted:
            if (name, kind) not in known:
                # A same-named type for the other kind exists (e.g. "FX" for assets): a distinct name.
                new_name = name if name not in names else f"{name} ({kind.lower()})"
                if (new_name, kind) not in known:
                    known[(new_name, kind)] = conn.post("/data/task-types", {
                        "name": new_name, "for_entity": kind, "color": color})["id"]
                found[kind][name] = known[(new_name, kind)]
            else:
                found[kind][name] = known[(name, kind)]
    return found


def task_statuses(conn: Connection) -> dict[str, str]:
    """``{short name: id}`` for the statuses of the plan."""

    known = {(row.get("short_name") or "").lower(): row["id"] for row in conn.get("/data/task-status")}
    for short, name, color in TASK_STATUSES:
        if short not in known:
            known[short] = conn.post("/data/task-status", {
                "name": name, "short_name": short, "color": color, **STATUS_FLAGS.get(short, {})})["id"]
    return {short: known[short] for short, _, _ in TASK_STATUSES}


def asset_types(conn: Connection) -> dict[str, str]:
    known = {row["name"]: row["id"] for row in conn.get("/data/asset-types")}
    for name, _, _ in ASSET_TYPES:
        if name not in known:
            known[name] = conn.post("/data/entity-types", {"name": name})["id"]
    return {name: known[name] for name, _, _ in ASSET_TYPES}


def person_email(index: int) -> str:
    return f"bench.artist.{index:02d}@example.com"


def persons(conn: Connection, count: int) -> list[str]:
    """Ids of ``count`` artists, created once and reused."""

    known = {(row.get("email") or "").lower(): row["id"] for row in conn.get("/data/persons")}
    ids = []
    for index in range(1, count + 1):
        email = person_email(index)
        if email not in known:
            known[email] = conn.post("/data/persons", {
                "first_name": "Artist", "last_name": f"Bench {index:02d}", "email": email, "role": "user"})["id"]
        ids.append(known[email])
    return ids
