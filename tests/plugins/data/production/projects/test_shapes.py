"""The projects family answers with the shapes Zou 1.0.97 recorded, route by recorded route.

``ZOU`` keeps the shape of each recorded answer (status; keys of the object or
of a list's first item, each with a value of the recorded JSON type) so the
test runs anywhere; ``test_kept_shapes_are_the_recorded_ones`` checks them
against the recordings when those are at hand. The walk then replays the
recorded requests on one production and compares by shape (``shapes.compare``).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from clapboard.plugins.data import models as m
from clapboard.testing import AppFactory, make_client

from .....contract.shapes import compare
from ...factory import Factory

RECORDED = Path("/work/shared/zou/samples")
U, T, D, S = "00000000-0000-0000-0000-000000000000", "2026-11-28T05:38:36", "2026-11-28", "s"

PROJECT = {
    "name": S, "code": None, "description": None, "shotgun_id": None, "file_tree": None, "data": None,
    "has_avatar": True, "fps": S, "ratio": S, "resolution": S, "production_type": S, "production_style": S,
    "start_date": None, "end_date": None, "man_days": None, "nb_episodes": 0, "episode_span": 0, "max_retakes": 0,
    "is_clients_isolated": True, "is_client_stats_visible": True, "is_client_task_list_visible": True,
    "is_client_task_panel_visible": True, "is_preview_download_allowed": True, "is_set_preview_automated": True,
    "homepage": S, "is_publish_default_for_artists": True, "is_bot_collaboration_enabled": True,
    "is_single_preview_per_revision": True, "is_frame_in_numbering": True, "revision_padding": 0,
    "hd_bitrate_compression": None, "ld_bitrate_compression": None, "project_status_id": U,
    "default_preview_background_file_id": None, "from_schedule_version_id": None, "id": U, "created_at": T,
    "updated_at": T, "type": "Project"}
OPEN_PROJECT = {**PROJECT, "team": [], "asset_types": [], "task_statuses": [], "task_types": [],
                "status_automations": [], "preview_background_files": [], "descriptors": [], "task_type_links": {},
                "task_types_priority": {}, "task_statuses_link": {}}
ANY_PROJECT = {**PROJECT, "project_status_name": S, "descriptors": []}
TEAM_MEMBER = {
    "first_name": S, "last_name": S, "email": S, "phone": "", "country": None, "contract_type": S, "active": True,
    "archived": True, "last_presence": D, "desktop_login": "", "totp_enabled": True, "email_otp_enabled": True,
    "fido_enabled": True, "preferred_two_factor_authentication": None, "shotgun_id": None, "timezone": S,
    "locale": S, "use_12_hour_clock": True, "display_date_format": S, "data": None, "role": S, "position": S,
    "seniority": S, "daily_salary": 0, "has_avatar": True, "notifications_enabled": True,
    "notifications_slack_enabled": True, "notifications_slack_userid": "", "notifications_mattermost_enabled": True,
    "notifications_mattermost_userid": "", "notifications_discord_enabled": True, "notifications_discord_userid": "",
    "is_bot": True, "is_guest": True, "preview_project_id": None, "preview_opened_at": None,
    "preview_open_until": None, "expiration_date": None, "is_generated_from_ldap": True, "ldap_uid": None,
    "departments": [], "studio_id": None, "full_name": S, "id": U, "created_at": T, "updated_at": T,
    "type": "Person", "project_role": None}
TASK_TYPE = {"name": S, "short_name": "", "description": None, "color": S, "priority": 0, "for_entity": S,
             "allow_timelog": True, "archived": True, "shotgun_id": None, "department_id": None, "id": U,
             "created_at": T, "updated_at": T, "type": "TaskType"}
TASK_STATUS = {"name": S, "archived": True, "short_name": S, "description": None, "color": S, "priority": 0,
               "is_done": True, "is_artist_allowed": True, "is_client_allowed": True, "is_retake": True,
               "is_feedback_request": True, "is_default": True, "is_wip": True, "shotgun_id": None,
               "for_concept": True, "id": U, "created_at": T, "updated_at": T, "type": "TaskStatus"}
AUTOMATION = {"entity_type": S, "in_task_type_id": U, "in_task_status_id": U, "out_field_type": S,
              "out_task_type_id": U, "out_task_status_id": U, "import_last_revision": True, "archived": True,
              "id": U, "created_at": T, "updated_at": T, "type": "StatusAutomation"}
DESCRIPTOR = {"project_id": U, "entity_type": S, "task_type_id": None, "name": S, "data_type": S, "field_name": S,
              "choices": [], "for_client": True, "position": None, "departments": [], "id": U, "created_at": T,
              "updated_at": T, "type": "MetadataDescriptor"}
TIME_SPENT = {"duration": 0.0, "date": D, "task_id": U, "person_id": U, "id": U, "created_at": T, "updated_at": T,
              "type": "TimeSpent"}
ENTRY_CARD = {"id": U, "budget_id": U, "department_id": U, "person_id": U, "start_date": D, "months_duration": 0,
              "daily_salary": 0.0, "position": S, "seniority": S, "exceptions": {}}
ENTRY = {**{k: v for k, v in ENTRY_CARD.items() if k != "id"}, "id": U, "created_at": T, "updated_at": T,
         "type": "BudgetEntry"}
BUDGET = {"project_id": U, "revision": 0, "name": S, "currency": S, "id": U, "created_at": T, "updated_at": T,
          "type": "Budget"}
SCHEDULE_ITEM_CARD = {"id": U, "start_date": D, "end_date": D, "man_days": None, "project_id": U,
                      "task_type_id": U, "object_id": None}
ROLE = {"project_id": U, "person_id": U, "role": S}
ERROR = {"error": True, "message": S}

P, ID = "__data__projects__{id}", "__{id}"
ZOU = {
    "GET__data__projects__open": (200, [OPEN_PROJECT]),
    "GET__data__projects__all": (200, [ANY_PROJECT]),
    f"GET{P}__team": (200, [TEAM_MEMBER]),
    f"POST{P}__team": (201, PROJECT),
    f"PUT{P}__team{ID}": (200, ROLE),
    f"DELETE{P}__team{ID}": (204, None),
    f"GET{P}__task-types": (200, [TASK_TYPE]),
    f"POST{P}__settings__task-types": (201, PROJECT),
    f"DELETE{P}__settings__task-types{ID}": (204, None),
    f"GET{P}__settings__task-status": (200, [TASK_STATUS]),
    f"POST{P}__settings__task-status": (201, PROJECT),
    f"DELETE{P}__settings__task-status{ID}": (204, None),
    f"POST{P}__settings__asset-types": (201, PROJECT),
    f"GET{P}__settings__status-automations.after": (200, [AUTOMATION]),
    f"POST{P}__settings__status-automations": (201, PROJECT),
    f"DELETE{P}__settings__status-automations{ID}": (204, None),
    f"GET{P}__settings__preview-background-files": (200, []),
    f"POST{P}__settings__preview-background-files": (201, PROJECT),
    f"DELETE{P}__settings__preview-background-files{ID}": (204, None),
    f"GET{P}__metadata-descriptors": (200, [DESCRIPTOR]),
    f"POST{P}__metadata-descriptors": (201, DESCRIPTOR),
    f"POST{P}__metadata-descriptors__reorder": (200, [DESCRIPTOR]),
    f"GET{P}__metadata-descriptors{ID}": (200, DESCRIPTOR),
    f"PUT{P}__metadata-descriptors{ID}": (200, DESCRIPTOR),
    f"DELETE{P}__metadata-descriptors{ID}": (204, None),
    f"GET{P}__budgets": (200, []),
    f"POST{P}__budgets": (200, BUDGET),
    f"GET{P}__budgets{ID}": (200, BUDGET),
    f"PUT{P}__budgets{ID}": (200, BUDGET),
    f"DELETE{P}__budgets{ID}": (204, None),
    f"GET{P}__budgets{ID}__entries": (200, [ENTRY_CARD]),
    f"POST{P}__budgets{ID}__entries": (200, ENTRY),
    f"GET{P}__budgets{ID}__entries{ID}": (200, ENTRY),
    f"PUT{P}__budgets{ID}__entries{ID}": (500, ERROR),
    f"DELETE{P}__budgets{ID}__entries{ID}": (204, None),
    f"GET{P}__milestones": (200, []),
    f"GET{P}__schedule-items": (200, []),
    f"GET{P}__schedule-items__task-types": (200, [SCHEDULE_ITEM_CARD]),
    f"GET{P}__build-jobs": (200, []),
    f"GET{P}__time-spents": (200, [TIME_SPENT]),
}
# Where Clapboard differs on purpose, with the reason.
ALLOWED = {
    # Zou 1.0.97 crashes on any entry update (it writes every omitted key as null); Clapboard updates the entry.
    f"PUT{P}__budgets{ID}__entries{ID}": (200, ENTRY),
}


def _without_recording_marks(body):
    """The recorder notes the length of the lists it cut in ``_list_length``; Zou never sends it."""

    if isinstance(body, dict):
        return {k: _without_recording_marks(v) for k, v in body.items() if k != "_list_length"}
    if isinstance(body, list):
        return [_without_recording_marks(v) for v in body]
    return body


@pytest.mark.skipif(not RECORDED.is_dir(), reason="Zou recordings not at hand")
@pytest.mark.parametrize("name", sorted(ZOU))
def test_kept_shapes_are_the_recorded_ones(name):
    recorded = json.loads((RECORDED / f"{name}.json").read_text())
    zou_body = _without_recording_marks(recorded["response_body"])
    status, body = ZOU[name]
    assert compare(recorded["status"], zou_body, status, body) == []
    if isinstance(body, list) and body:  # a kept list item may not be richer than the recording
        assert set(body[0]) == set(zou_body[0])


@pytest.fixture(scope="module")
def walk(tmp_path_factory):
    """Replays the recorded requests on one production; yields ``{sample: (status, body)}``."""

    app = AppFactory(tmp_path_factory.mktemp("projects-shapes"), [])()
    try:
        yield _walk(make_client(app), app)
    finally:
        app.close()


def _walk(client, app) -> dict:
    f = Factory(client)
    answers = {}

    def call(name, method, path, **kwargs):
        result = client.simulate_request(method, path, **kwargs)
        answers[name] = (result.status_code, result.json if result.text else None)
        return result.json if result.text else None

    with app.db.connection_context():
        open_status = str(m.ProjectStatus.get(m.ProjectStatus.name == "Open").id)
        character = str(m.EntityType.get(m.EntityType.name == "Character").id)
        todo = str(m.TaskStatus.get(m.TaskStatus.short_name == "todo").id)
        modeling = str(m.TaskType.get(m.TaskType.name == "Modeling").id)
        layout, animation = (str(m.TaskType.get(m.TaskType.name == n).id) for n in ("Layout", "Animation"))
    project = f.create(m.Project, {"name": "A first project", "project_status_id": open_status})
    base = f"/data/projects/{project['id']}"
    department = f.create(m.Department)
    person = f.create(m.Person, {"email": "shapes@example.com", "phone": "", "desktop_login": "",
                                 "last_presence": D, "departments": [department["id"]]})
    call(f"POST{P}__team", "POST", f"{base}/team", json={"person_id": person["id"]})
    call(f"GET{P}__team", "GET", f"{base}/team")
    call(f"PUT{P}__team{ID}", "PUT", f"{base}/team/{person['id']}", json={"role": "user"})
    call(f"POST{P}__settings__task-types", "POST", f"{base}/settings/task-types",
         json={"task_type_id": modeling, "priority": 7})
    call(f"POST{P}__settings__task-status", "POST", f"{base}/settings/task-status", json={"task_status_id": todo})
    call(f"POST{P}__settings__asset-types", "POST", f"{base}/settings/asset-types", json={"asset_type_id": character})
    call(f"GET{P}__task-types", "GET", f"{base}/task-types")
    call(f"GET{P}__settings__task-status", "GET", f"{base}/settings/task-status")
    automation = f.create(m.StatusAutomation, {
        "entity_type": "shot", "in_task_type_id": layout, "in_task_status_id": todo,
        "out_task_type_id": animation, "out_task_status_id": todo})
    call(f"POST{P}__settings__status-automations", "POST", f"{base}/settings/status-automations",
         json={"status_automation_id": automation["id"]})
    call(f"GET{P}__settings__status-automations.after", "GET", f"{base}/settings/status-automations")
    call(f"GET{P}__settings__preview-background-files", "GET", f"{base}/settings/preview-background-files")
    background = f.create(m.PreviewBackgroundFile)
    call(f"POST{P}__settings__preview-background-files", "POST", f"{base}/settings/preview-background-files",
         json={"preview_background_file_id": background["id"]})

    camera = call(f"POST{P}__metadata-descriptors", "POST", f"{base}/metadata-descriptors",
                  json={"entity_type": "Shot", "name": "Camera", "data_type": "string", "choices": [],
                        "for_client": False, "departments": []})
    call(f"GET{P}__metadata-descriptors", "GET", f"{base}/metadata-descriptors")
    call(f"GET{P}__metadata-descriptors{ID}", "GET", f"{base}/metadata-descriptors/{camera['id']}")
    call(f"PUT{P}__metadata-descriptors{ID}", "PUT", f"{base}/metadata-descriptors/{camera['id']}",
         json={"name": "Camera", "data_type": "list", "choices": ["wide", "close"]})
    call(f"POST{P}__metadata-descriptors__reorder", "POST", f"{base}/metadata-descriptors/reorder",
         json={"entity_type": "Shot", "descriptor_ids": [camera["id"]]})

    call("GET__data__projects__open", "GET", "/data/projects/open")
    call("GET__data__projects__all", "GET", "/data/projects/all")

    call(f"GET{P}__budgets", "GET", f"{base}/budgets")
    budget = call(f"POST{P}__budgets", "POST", f"{base}/budgets", json={"name": "Budget v1", "currency": "EUR"})
    call(f"GET{P}__budgets{ID}", "GET", f"{base}/budgets/{budget['id']}")
    call(f"PUT{P}__budgets{ID}", "PUT", f"{base}/budgets/{budget['id']}", json={"name": "Budget v1b"})
    entries = f"{base}/budgets/{budget['id']}/entries"
    entry = call(f"POST{P}__budgets{ID}__entries", "POST", entries, json={
        "department_id": department["id"], "person_id": person["id"], "start_date": D, "months_duration": 2,
        "daily_salary": 300, "position": "artist", "seniority": "mid"})
    call(f"GET{P}__budgets{ID}__entries", "GET", entries)
    call(f"GET{P}__budgets{ID}__entries{ID}", "GET", f"{entries}/{entry['id']}")
    call(f"PUT{P}__budgets{ID}__entries{ID}", "PUT", f"{entries}/{entry['id']}", json={"daily_salary": 320})
    call(f"DELETE{P}__budgets{ID}__entries{ID}", "DELETE", f"{entries}/{entry['id']}")
    call(f"DELETE{P}__budgets{ID}", "DELETE", f"{base}/budgets/{budget['id']}")

    task = f.create(m.Task, {"project_id": project["id"], "task_type_id": modeling, "task_status_id": todo})
    f.create(m.TimeSpent, {"task_id": task["id"], "person_id": person["id"], "duration": 60.0, "date": D})
    call(f"GET{P}__time-spents", "GET", f"{base}/time-spents")
    call(f"GET{P}__milestones", "GET", f"{base}/milestones")
    call(f"GET{P}__schedule-items", "GET", f"{base}/schedule-items")
    call(f"GET{P}__schedule-items__task-types", "GET", f"{base}/schedule-items/task-types")
    call(f"GET{P}__build-jobs", "GET", f"{base}/build-jobs")

    call(f"DELETE{P}__metadata-descriptors{ID}", "DELETE", f"{base}/metadata-descriptors/{camera['id']}")
    call(f"DELETE{P}__settings__status-automations{ID}", "DELETE",
         f"{base}/settings/status-automations/{automation['id']}")
    call(f"DELETE{P}__settings__preview-background-files{ID}", "DELETE",
         f"{base}/settings/preview-background-files/{background['id']}")
    call(f"DELETE{P}__settings__task-status{ID}", "DELETE", f"{base}/settings/task-status/{todo}")
    call(f"DELETE{P}__settings__task-types{ID}", "DELETE", f"{base}/settings/task-types/{modeling}")
    call(f"DELETE{P}__team{ID}", "DELETE", f"{base}/team/{person['id']}")
    return answers


@pytest.mark.parametrize("name", sorted(ZOU))
def test_answer_has_zou_shape(walk, name):
    assert name in walk, "route not walked"
    status, body = ALLOWED.get(name, ZOU[name])
    ours_status, ours = walk[name]
    assert compare(status, body, ours_status, ours) == [], ours
