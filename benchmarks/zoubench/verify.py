"""Count what a seeded production holds, through the API (the seeder's claims, checked)."""

from __future__ import annotations

from .api import Connection


def counts(conn: Connection, ids: dict) -> dict:
    project = ids["project_id"]
    tasks = conn.get(f"/data/tasks?project_id={project}&page=1&limit=1")
    casting = conn.get(f"/data/projects/{project}/sequences/all/casting")
    return {
        "shots": len(conn.get(f"/data/projects/{project}/shots")),
        "assets": len(conn.get(f"/data/projects/{project}/assets")),
        "tasks": tasks["total"] if isinstance(tasks, dict) else len(tasks),
        "casting_links": sum(len(links) for links in casting.values()),
        "team": len(conn.get(f"/data/projects/{project}/team")),
    }


def mismatches(found: dict, seeded: dict) -> list[str]:
    """Differences between the API's counts and the ids file's (team: at least the seeded persons)."""

    wrong = [f"{key}: API {found[key]}, seeded {seeded['counts'][key]}"
             for key in ("shots", "assets", "tasks", "casting_links") if found[key] != seeded["counts"][key]]
    if found["team"] < seeded["counts"]["persons"]:
        wrong.append(f"team: API {found['team']}, seeded {seeded['counts']['persons']} persons")
    return wrong
