"""The load scenarios: one request shape each, with ids rotating over the seeded objects.

The ten ``core`` scenarios are issue 9's table and make the geometric mean;
``login`` (bound by password hashing) and ``thumbnail`` are reported apart.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass

from .plan import COMMENT_STATUSES


@dataclass(frozen=True)
class Scenario:
    key: str
    label: str
    method: str
    path: Callable[[dict, int], str]
    body: Callable[[dict, int], object] | None = None
    core: bool = True
    auth: bool = True
    needs: str = ""  # ids-file list the scenario rotates over; skipped when empty
    skip_on_404: str = ""  # skipped (not an error) when the first answer is a 404, with this reason


def rotation(ids: dict, key: str, seed: int = 9) -> list:
    """The ids of ``key`` in a fixed shuffled order, so consecutive requests hit different rows."""

    values = list(ids.get(key) or [])
    random.Random(seed).shuffle(values)
    return values


def _pick(ids: dict, key: str, i: int) -> str:
    values = ids["_rotations"][key]
    return values[i % len(values)]


def _comment(ids: dict, i: int) -> dict:
    statuses = [ids["task_status_ids"][s] for s in COMMENT_STATUSES if s in ids["task_status_ids"]]
    return {"task_status_id": statuses[i % len(statuses)], "comment": f"Bench load comment {i}"}


SCENARIOS = (
    Scenario("get_project", "GET /data/projects/{id}", "GET",
             lambda ids, i: f"/data/projects/{ids['project_id']}"),
    Scenario("list_shots", "GET /data/projects/{id}/shots", "GET",
             lambda ids, i: f"/data/projects/{ids['project_id']}/shots"),
    Scenario("list_assets", "GET /data/projects/{id}/assets", "GET",
             lambda ids, i: f"/data/projects/{ids['project_id']}/assets"),
    Scenario("shot_tasks", "GET /data/shots/{id}/tasks", "GET",
             lambda ids, i: f"/data/shots/{_pick(ids, 'shot_ids', i)}/tasks", needs="shot_ids"),
    Scenario("task_full", "GET /data/tasks/{id}/full", "GET",
             lambda ids, i: f"/data/tasks/{_pick(ids, 'task_ids', i)}/full", needs="task_ids"),
    Scenario("tasks_page", "GET /data/tasks?project_id={id}&page=1&limit=100", "GET",
             lambda ids, i: f"/data/tasks?project_id={ids['project_id']}&page=1&limit=100"),
    Scenario("casting", "GET /data/projects/{id}/entities/{shot}/casting", "GET",
             lambda ids, i: f"/data/projects/{ids['project_id']}/entities/{_pick(ids, 'cast_shot_ids', i)}/casting",
             needs="cast_shot_ids"),
    Scenario("asset_instances", "GET /data/assets/{id}/shot-asset-instances", "GET",
             lambda ids, i: f"/data/assets/{_pick(ids, 'instanced_asset_ids', i)}/shot-asset-instances",
             needs="instanced_asset_ids"),
    Scenario("update_task", "PUT /data/tasks/{id} (description)", "PUT",
             lambda ids, i: f"/data/tasks/{_pick(ids, 'task_ids', i)}",
             lambda ids, i: {"description": f"Bench update {i}"}, needs="task_ids"),
    Scenario("comment_task", "POST /actions/tasks/{id}/comment (+ status)", "POST",
             lambda ids, i: f"/actions/tasks/{_pick(ids, 'task_ids', i)}/comment", _comment, needs="task_ids"),
    Scenario("login", "POST /auth/login", "POST", lambda ids, i: "/auth/login",
             lambda ids, i: {"email": ids["_email"], "password": ids["_password"]}, core=False, auth=False),
    Scenario("thumbnail", "GET /pictures/thumbnails/preview-files/{id}.png", "GET",
             lambda ids, i: f"/pictures/thumbnails/preview-files/{_pick(ids, 'preview_file_ids', i)}.png",
             core=False, needs="preview_file_ids",
             skip_on_404="the thumbnail route answers 404 (pictures not served by this server yet)"),
)
BY_KEY = {s.key: s for s in SCENARIOS}
CORE = tuple(s.key for s in SCENARIOS if s.core)


def prepare(ids: dict, email: str, password: str) -> dict:
    """The ids file plus what the scenarios read: rotations and the login credentials."""

    ready = dict(ids)
    ready["_rotations"] = {key: rotation(ids, key) for key in
                           ("shot_ids", "task_ids", "cast_shot_ids", "instanced_asset_ids", "preview_file_ids")}
    ready["_email"], ready["_password"] = email, password
    return ready


def skip_reason(scenario: Scenario, ids: dict) -> str:
    """Why a scenario cannot run on this seeded production ('' when it can)."""

    if scenario.needs and not ids["_rotations"].get(scenario.needs):
        note = ids.get("previews_note") if scenario.key == "thumbnail" else ""
        return f"no preview seeded ({note})" if note else f"nothing seeded for it ({scenario.needs} is empty)"
    return ""
