"""A ShotGrid production imported in ShotGrid's order, then read back through the API; imported again.

``CHAIN`` is what the ShotGrid Python API returns (``find`` with the fields
Zou reads), in the order a studio exports it; other ShotGrid test modules
reuse it.
"""

from __future__ import annotations

import copy

import pytest

from clapboard.plugins.data.models import ApiEvent, DataImportError

PROJECT = {"type": "Project", "id": 70, "name": "Agent 327"}
BUNNY = {"type": "Project", "id": 71, "name": "Big Buck Bunny"}
JOHN = {"type": "HumanUser", "id": 1, "name": "John Doe"}
EMA = {"type": "HumanUser", "id": 2, "name": "Ema Peel"}
CHLOE = {"type": "HumanUser", "id": 3, "name": "Chloé Kent"}
SHEEP = {"type": "Asset", "id": 501, "name": "Sheep"}
FARM = {"type": "Asset", "id": 502, "name": "Farm"}
WOOL = {"type": "Asset", "id": 503, "name": "Wool"}
SQ01 = {"type": "Sequence", "id": 301, "name": "SQ01"}
SH010 = {"type": "Shot", "id": 401, "name": "SH010"}
SH020 = {"type": "Shot", "id": 402, "name": "SH020"}
ANIMATION = {"type": "Step", "id": 14, "name": "Animation"}
MODELING = {"type": "Step", "id": 15, "name": "Modeling Shaders"}

CHAIN = {
    "persons": [
        {"type": "HumanUser", "id": 1, "firstname": "John", "lastname": "Doe", "email": "John.Doe@Studio.example",
         "login": "jdoe", "sg_status_list": "act", "permission_rule_set": {"type": "PermissionRuleSet", "id": 1,
                                                                          "name": "Manager"},
         "department": {"type": "Department", "id": 40, "name": "Production"}},
        {"type": "HumanUser", "id": 2, "firstname": "Ema", "lastname": "Peel", "email": "ema@studio.example",
         "login": "ema", "sg_status_list": "act", "permission_rule_set": {"type": "PermissionRuleSet", "id": 2,
                                                                         "name": "Artist"},
         "department": {"type": "Department", "id": 41, "name": "Animation"}},
        {"type": "HumanUser", "id": 3, "firstname": "Chloé", "lastname": "Kent", "email": "chloe@studio.example",
         "login": "chloe", "sg_status_list": "dis", "permission_rule_set": None, "department": None},
    ],
    "projects": [
        {"type": "Project", "id": 70, "name": "Agent 327", "sg_status": "Active", "sg_fps": "24",
         "sg_width___height": "2048 / 858"},
        {"type": "Project", "id": 71, "name": "Big Buck Bunny", "sg_status": "Bidding"},
    ],
    "project-connections": [
        {"type": "ProjectUserConnection", "id": 900, "project": PROJECT, "user": JOHN},
        {"type": "ProjectUserConnection", "id": 901, "project": PROJECT, "user": EMA},
        {"type": "ProjectUserConnection", "id": 902, "project": BUNNY, "user": JOHN},
    ],
    "steps": [
        {"type": "Step", "id": 14, "code": "Animation", "short_name": "ANM", "color": "50,149,253",
         "entity_type": "Shot"},
        {"type": "Step", "id": 15, "code": "Modeling Shaders", "short_name": "MSH", "color": "200,10,0",
         "entity_type": "Asset"},
    ],
    "status": [
        {"type": "Status", "id": 7, "code": "ip", "name": "In Progress", "bg_color": "202,225,202"},
        {"type": "Status", "id": 8, "code": "fin", "name": "Final", "bg_color": "0,200,0"},
        {"type": "Status", "id": 9, "code": "wip", "name": "Working", "bg_color": None},
    ],
    "sequences": [
        {"type": "Sequence", "id": 301, "code": "SQ01", "description": "The chase", "project": PROJECT},
    ],
    "scenes": [
        {"type": "Scene", "id": 351, "code": "SC01", "project": PROJECT, "sequence_sg_scenes_1_sequences": [SQ01]},
    ],
    "assets": [
        {"type": "Asset", "id": 501, "code": "Sheep", "description": "Fluffy", "project": PROJECT,
         "sg_asset_type": "Character", "parents": []},
        {"type": "Asset", "id": 503, "code": "Wool", "description": None, "project": PROJECT,
         "sg_asset_type": "Prop", "parents": [SHEEP, FARM]},
        {"type": "Asset", "id": 502, "code": "Farm", "description": "Where sheep live", "project": PROJECT,
         "sg_asset_type": "Set", "parents": []},
    ],
    "shots": [
        {"type": "Shot", "id": 401, "code": "SH010", "project": PROJECT, "sg_sequence": SQ01,
         "sg_scene": {"type": "Scene", "id": 351, "name": "SC01"}, "sg_cut_in": 1001, "sg_cut_duration": 48,
         "sg_status_list": "ip", "sg_camera": "A", "assets": [SHEEP, FARM]},
        {"type": "Shot", "id": 402, "code": "SH020", "project": PROJECT, "sg_sequence": SQ01, "sg_scene": None,
         "sg_cut_in": None, "sg_cut_duration": None, "assets": []},
    ],
    "tasks": [
        {"type": "Task", "id": 20, "cached_display_name": "Animation", "content": "Animation", "project": PROJECT,
         "entity": SH010, "step": ANIMATION, "sg_status_list": "ip", "start_date": "2026-01-05",
         "due_date": "2026-01-16", "duration": 4800, "sg_sort_order": 2, "created_by": JOHN,
         "task_assignees": [EMA, {"type": "Group", "id": 5, "name": "Animators"}]},
        {"type": "Task", "id": 21, "cached_display_name": "Model", "project": PROJECT, "entity": SHEEP,
         "step": MODELING, "sg_status_list": None, "start_date": None, "due_date": None, "duration": None,
         "sg_sort_order": None, "created_by": {"type": "ApiUser", "id": 3, "name": "Pipeline"},
         "task_assignees": [CHLOE]},
    ],
    "versions": [
        {"type": "Version", "id": 800, "code": "SH010_anim_v001", "description": "First pass",
         "sg_task": {"type": "Task", "id": 20, "name": "Animation"}, "user": EMA, "entity": SH010,
         "project": PROJECT, "sg_uploaded_movie": {"type": "Attachment", "id": 1, "link_type": "upload",
                                                   "name": "SH010_anim_v001.mp4", "content_type": "video/mp4",
                                                   "url": "https://sg-media.example/SH010_anim_v001.mp4"}},
        {"type": "Version", "id": 801, "code": "SH010_anim_v002", "description": None,
         "sg_task": {"type": "Task", "id": 20, "name": "Animation"},
         "user": {"type": "ApiUser", "id": 3, "name": "Pipeline"}, "sg_uploaded_movie": None},
    ],
    "notes": [
        {"type": "Note", "id": 600, "content": "Feet slide at frame 1020 — fix please.",
         "tasks": [{"type": "Task", "id": 20, "name": "Animation"}], "user": JOHN, "project": PROJECT,
         "note_links": [SH010], "created_at": "2026-01-07T15:06:34+01:00", "sg_status_list": "opn"},
    ],
}
ORDER = ("persons", "projects", "project-connections", "steps", "status", "sequences", "scenes", "assets",
         "shots", "tasks", "versions", "notes")


def import_chain(client, chain=CHAIN) -> dict:
    """Post every kind in order; the answers by kind (each must be a 200 listing every item sent)."""

    answers = {}
    for kind in ORDER:
        answer = client.simulate_post(f"/import/shotgun/{kind}", json=chain[kind])
        assert answer.status_code == 200, (kind, answer.text)
        answers[kind] = answer.json
    return answers


def by_name(rows, key="name"):
    return {row[key]: row for row in rows}


def counts(app) -> dict:
    with app.db.connection_context():
        return {"events": ApiEvent.select().count(), "errors": DataImportError.select().count()}


@pytest.fixture
def imported(app, client):
    answers = import_chain(client)
    return answers


def test_every_item_is_answered_as_imported(imported):
    assert {kind: len(rows) for kind, rows in imported.items()} == {kind: len(CHAIN[kind]) for kind in ORDER}
    assert all(row["shotgun_id"] == item["id"] for kind in ORDER if kind != "project-connections"
               for row, item in zip(imported[kind], CHAIN[kind]))
    assert {row["type"] for row in imported["shots"]} == {"Entity"}  # Zou answers plain entities
    assert [row["name"] for row in imported["project-connections"]] == ["Agent 327", "Agent 327", "Big Buck Bunny"]


def test_people_roles_departments_and_teams(app, client, imported):
    persons = by_name(client.simulate_get("/data/persons").json, "email")
    john, ema, chloe = (persons[e] for e in ("john.doe@studio.example", "ema@studio.example",
                                               "chloe@studio.example"))
    assert (john["role"], ema["role"], chloe["role"]) == ("manager", "user", "user")
    assert (john["active"], chloe["active"]) == (True, False)
    assert (john["desktop_login"], john["shotgun_id"], john["first_name"]) == ("jdoe", 1, "John")
    assert chloe["last_name"] == "Kent" and chloe["first_name"] == "Chloé"
    departments = by_name(client.simulate_get("/data/departments").json)
    john, ema = (client.simulate_get(f"/data/persons/{row['id']}").json for row in (john, ema))
    assert john["departments"] == [departments["Production"]["id"]]
    assert ema["departments"] == [departments["Animation"]["id"]]  # the default department, not a copy
    projects = by_name(client.simulate_get("/data/projects").json)
    agent = client.simulate_get(f"/data/projects/{projects['Agent 327']['id']}").json
    assert sorted(agent["team"]) == sorted([john["id"], ema["id"]])
    bunny = client.simulate_get(f"/data/projects/{projects['Big Buck Bunny']['id']}").json
    assert bunny["team"] == [john["id"]]


def test_projects_keep_status_and_custom_fields(client, imported):
    projects = by_name(client.simulate_get("/data/projects").json)
    statuses = {row["id"]: row["name"] for row in client.simulate_get("/data/project-status").json}
    agent = projects["Agent 327"]
    assert statuses[agent["project_status_id"]] == "Active"
    assert statuses[projects["Big Buck Bunny"]["project_status_id"]] == "Bidding"
    assert agent["data"] == {"sg_fps": "24", "sg_width___height": "2048 / 858"}
    assert agent["shotgun_id"] == 70


def test_steps_become_task_types_in_departments_and_statuses_keep_codes(client, imported):
    task_types = {row["shotgun_id"]: row for row in client.simulate_get("/data/task-types").json
                  if row["shotgun_id"]}
    departments = {row["id"]: row for row in client.simulate_get("/data/departments").json}
    animation, modeling = task_types[14], task_types[15]
    assert (animation["name"], animation["for_entity"], animation["color"], animation["short_name"]) == (
        "Animation", "Shot", "#3295fd", "ANM")
    assert departments[animation["department_id"]]["name"] == "Animation"
    assert (modeling["name"], modeling["for_entity"]) == ("Modeling Shaders", "Asset")
    assert departments[modeling["department_id"]]["name"] == "Modeling"  # first word of the code
    statuses = by_name(client.simulate_get("/data/task-status").json, "short_name")
    assert (statuses["ip"]["name"], statuses["ip"]["color"], statuses["ip"]["shotgun_id"]) == (
        "In Progress", "#cae1ca", 7)
    assert (statuses["wip"]["name"], statuses["wip"]["shotgun_id"]) == ("Working", 9)  # adopted, not doubled
    assert (statuses["wip"]["color"], statuses["fin"]["color"]) == ("#000000", "#00c800")
    assert len([s for s in statuses.values() if s["short_name"] == "wip"]) == 1


def test_breakdown_frames_parents_and_casting(client, imported):
    project_id = imported["projects"][0]["id"]
    sequence = imported["sequences"][0]
    scene = client.simulate_get(f"/data/scenes/{imported['scenes'][0]['id']}").json
    assert (scene["name"], scene["parent_id"]) == ("SC01", sequence["id"])
    shots = by_name(client.simulate_get(f"/data/projects/{project_id}/shots").json)
    sh010 = client.simulate_get(f"/data/shots/{shots['SH010']['id']}").json
    assert sh010["parent_id"] == sequence["id"] and sh010["source_id"] == scene["id"]
    assert sh010["nb_frames"] == 48
    assert sh010["data"] == {"frame_in": 1001, "frame_out": 1049, "sg_status_list": "ip", "sg_camera": "A"}
    sh020 = client.simulate_get(f"/data/shots/{shots['SH020']['id']}").json
    assert sh020["data"] == {"frame_in": None, "frame_out": None} and sh020["source_id"] is None
    assets = by_name(client.simulate_get(f"/data/projects/{project_id}/assets").json)
    types = {row["id"]: row["name"] for row in client.simulate_get("/data/entity-types").json}
    assert types[assets["Farm"]["entity_type_id"]] == "Set"  # asset types are created on the way
    assert assets["Sheep"]["description"] == "Fluffy"
    casting = client.simulate_get(f"/data/projects/{project_id}/entities/{sh010['id']}/casting").json
    assert sorted(row["asset_name"] for row in casting) == ["Farm", "Sheep"]
    # Wool's parents cast it, Farm coming later in the same payload.
    for parent in ("Sheep", "Farm"):
        held = client.simulate_get(f"/data/assets/{assets[parent]['id']}/casting").json
        assert [row["asset_name"] for row in held] == ["Wool"]


def test_tasks_assignees_dates_and_statuses(client, imported):
    persons = by_name(client.simulate_get("/data/persons").json, "email")
    statuses = by_name(client.simulate_get("/data/task-status").json, "short_name")
    animation, model = (client.simulate_get(f"/data/tasks/{row['id']}").json for row in imported["tasks"])
    assert animation["assignees"] == [persons["ema@studio.example"]["id"]]  # the group is left out
    assert animation["assigner_id"] == persons["john.doe@studio.example"]["id"]
    assert animation["task_status_id"] == statuses["ip"]["id"]
    assert (animation["start_date"], animation["due_date"]) == ("2026-01-05T00:00:00", "2026-01-16T00:00:00")
    assert (animation["duration"], animation["sort_order"], animation["name"]) == (4800, 2, "Animation")
    assert model["task_status_id"] == statuses["todo"]["id"]  # no status: the default one
    assert model["assigner_id"] is None  # created by a script user
    assert model["assignees"] == [persons["chloe@studio.example"]["id"]]
    shots = by_name(imported["shots"])
    assert animation["entity_id"] == shots["SH010"]["id"]


def test_versions_and_notes(client, imported):
    task_id = imported["tasks"][0]["id"]
    persons = by_name(client.simulate_get("/data/persons").json, "email")
    previews = sorted(client.simulate_get(f"/data/preview-files?task_id={task_id}").json,
                      key=lambda row: row["revision"])
    assert [(p["name"], p["revision"], p["source"]) for p in previews] == [
        ("SH010_anim_v001", 1, "Shotgun"), ("SH010_anim_v002", 2, "Shotgun")]
    first = previews[0]
    assert first["uploaded_movie_url"] == "https://sg-media.example/SH010_anim_v001.mp4"
    assert first["uploaded_movie_name"] == "SH010_anim_v001.mp4"
    assert first["person_id"] == persons["ema@studio.example"]["id"] and first["description"] == "First pass"
    assert previews[1]["person_id"] is None
    comments = client.simulate_get(f"/data/tasks/{task_id}/comments").json
    assert len(comments) == 1
    comment = comments[0]
    assert comment["text"] == "Feet slide at frame 1020 — fix please."
    assert comment["created_at"] == "2026-01-07T14:06:34"  # written at 15:06 in UTC+1
    assert comment["person_id"] == persons["john.doe@studio.example"]["id"]
    task = client.simulate_get(f"/data/tasks/{task_id}").json
    assert comment["task_status_id"] == task["task_status_id"]


def test_importing_again_writes_nothing(app, client, imported):
    before = counts(app)
    answers = import_chain(client)
    assert counts(app) == before  # no row, no event, no error
    for kind in ORDER:
        assert [row["id"] for row in answers[kind]] == [row["id"] for row in imported[kind]], kind
    assert len(client.simulate_get("/data/shots").json) == 2
    assert len(client.simulate_get("/data/persons").json) == 3


def test_importing_changes_updates_rows(app, client, imported):
    chain = copy.deepcopy(CHAIN)
    shot = chain["shots"][0]
    shot.update(code="SH015", sg_cut_in=101, sg_cut_duration=10, sg_camera="B", assets=[SHEEP])
    chain["tasks"][0]["task_assignees"] = [CHLOE, EMA]
    chain["tasks"][0]["sg_status_list"] = "fin"
    del chain["tasks"][1]["task_assignees"]  # not listed: the assignees stay
    chain["persons"][1]["lastname"] = "Peel-Steed"
    chain["persons"][1]["permission_rule_set"] = {"type": "PermissionRuleSet", "id": 9, "name": "Admin"}
    chain["assets"][1]["parents"] = [FARM]
    answers = import_chain(client, chain)
    sh = client.simulate_get(f"/data/shots/{answers['shots'][0]['id']}").json
    assert sh["id"] == imported["shots"][0]["id"] and sh["name"] == "SH015"
    assert (sh["data"]["frame_in"], sh["data"]["frame_out"], sh["nb_frames"]) == (101, 111, 10)
    assert sh["data"]["sg_camera"] == "B"
    project_id = imported["projects"][0]["id"]
    casting = client.simulate_get(f"/data/projects/{project_id}/entities/{sh['id']}/casting").json
    assert [row["asset_name"] for row in casting] == ["Sheep"]
    task = client.simulate_get(f"/data/tasks/{imported['tasks'][0]['id']}").json
    persons = by_name(client.simulate_get("/data/persons").json, "email")
    assert sorted(task["assignees"]) == sorted([persons["chloe@studio.example"]["id"],
                                                persons["ema@studio.example"]["id"]])
    fin = by_name(client.simulate_get("/data/task-status").json, "short_name")["fin"]
    assert task["task_status_id"] == fin["id"]
    model = client.simulate_get(f"/data/tasks/{imported['tasks'][1]['id']}").json
    assert model["assignees"] == [persons["chloe@studio.example"]["id"]]
    ema = persons["ema@studio.example"]
    assert ema["last_name"] == "Peel-Steed" and ema["role"] == "user"  # a re-import never changes a role
    sheep, farm = (by_name(imported["assets"])[name]["id"] for name in ("Sheep", "Farm"))
    assert client.simulate_get(f"/data/assets/{sheep}/casting").json == []
    assert [r["asset_name"] for r in client.simulate_get(f"/data/assets/{farm}/casting").json] == ["Wool"]
    assert len(client.simulate_get("/data/shots").json) == 2
    assert counts(app)["errors"] == 0


def test_existing_rows_are_adopted_not_duplicated(app, client):
    project = client.simulate_post("/data/projects", json={"name": "Agent 327"}).json
    person = client.simulate_post("/data/persons", json={"first_name": "Ema", "last_name": "P",
                                                         "email": "ema@studio.example", "role": "supervisor"}).json
    import_chain(client)
    projects = [row for row in client.simulate_get("/data/projects").json if row["name"] == "Agent 327"]
    assert [(row["id"], row["shotgun_id"]) for row in projects] == [(project["id"], 70)]
    ema = client.simulate_get(f"/data/persons/{person['id']}").json
    assert (ema["shotgun_id"], ema["last_name"], ema["role"]) == (2, "Peel", "supervisor")
    animation = [row for row in client.simulate_get("/data/task-types").json if row["name"] == "Animation"
                 and row["for_entity"] == "Shot"]
    assert len(animation) == 1 and animation[0]["shotgun_id"] == 14
