"""A TV show made end to end with the published gazu client against a real server.

Team and settings, asset types and assets, episodes/sequences/shots with frame
ranges, casting, task types and statuses, bulk task creation, assignment,
comments with status changes and checklists, time spents, deletion and project
closing: every call's answer is checked, not only that it did not raise.
"""

from __future__ import annotations

import gazu
import pytest


def test_a_tv_show_from_creation_to_deletion(gazu_session):
    c = gazu_session.client
    # People and the production.
    anim = gazu.person.new_person("Ann", "Imator", "ann@example.com", role="user", client=c)
    lead = gazu.person.new_person("Lee", "Lead", "lee@example.com", role="supervisor", client=c)
    project = gazu.project.new_project("Space Cats", production_type="tvshow", client=c)
    assert project["production_type"] == "tvshow" and project["first_episode_id"]
    assert gazu.project.get_project(project["id"], client=c)["project_status_name"] == "Open"
    assert gazu.project.get_project_by_name("Space Cats", client=c)["id"] == project["id"]
    assert [p["id"] for p in gazu.project.all_open_projects(client=c)] == [project["id"]]

    gazu.project.add_person_to_team(project, anim, client=c)
    gazu.project.add_person_to_team(project, lead, client=c)
    gazu.project.update_team_member_role(project, lead, "manager", client=c)
    team = {p["id"]: p for p in gazu.project.get_team(project, client=c)}
    assert set(team) == {anim["id"], lead["id"]} and team[lead["id"]]["project_role"] == "manager"

    # Settings: task types with priority, statuses, asset types.
    animation = gazu.task.get_task_type_by_name("Animation", client=c)
    layout = gazu.task.get_task_type_by_name("Layout", client=c)
    gazu.project.add_task_type(project, animation, 2, client=c)
    gazu.project.add_task_type(project, layout, 1, client=c)
    wip = gazu.task.get_task_status_by_short_name("wip", client=c)
    done = gazu.task.get_task_status_by_short_name("done", client=c)
    for status in (wip, done, gazu.task.get_default_task_status(client=c)):
        gazu.project.add_task_status(project, status, client=c)
    vehicle = gazu.asset.new_asset_type("Vehicle", client=c)
    gazu.project.add_asset_type(project, vehicle, client=c)
    project_types = gazu.task.all_task_types_for_project(project, client=c)
    assert {t["name"] for t in project_types} == {"Layout", "Animation"}
    priorities = gazu.project.get_project(project["id"], client=c)["task_types_priority"]
    assert (priorities[layout["id"]], priorities[animation["id"]]) == (1, 2)
    assert {s["short_name"] for s in gazu.task.all_task_statuses_for_project(project, client=c)} >= {"wip", "done"}

    # Assets.
    rocket = gazu.asset.new_asset(project, vehicle, "Rocket", "the ship", client=c)
    assert rocket["name"] == "Rocket" and rocket["entity_type_id"] == vehicle["id"]
    assert [a["name"] for a in gazu.asset.all_assets_for_project(project, client=c)] == ["Rocket"]
    assert [t["name"] for t in gazu.asset.all_asset_types_for_project(project, client=c)] == ["Vehicle"]

    # Episodes, sequences, shots with frame ranges.
    episode = gazu.shot.new_episode(project, "E02", client=c)
    sequence = gazu.shot.new_sequence(project, "SQ01", episode=episode, client=c)
    shot = gazu.shot.new_shot(project, sequence, "SH010", nb_frames=48, frame_in=1001, frame_out=1048, client=c)
    assert sequence["parent_id"] == episode["id"] and shot["parent_id"] == sequence["id"]
    fetched = gazu.shot.get_shot(shot["id"], client=c)
    assert (fetched["nb_frames"], fetched["data"]["frame_in"], fetched["data"]["frame_out"]) == (48, 1001, 1048)
    assert {e["name"] for e in gazu.shot.all_episodes_for_project(project, client=c)} == {"E01", "E02"}
    assert [s["name"] for s in gazu.shot.all_shots_for_sequence(sequence, client=c)] == ["SH010"]

    # Casting.
    gazu.casting.update_shot_casting(project, shot, [{"asset_id": rocket["id"], "nb_occurences": 2}], client=c)
    casting = gazu.casting.get_shot_casting(shot, client=c)
    assert [(a["asset_id"], a["nb_occurences"]) for a in casting] == [(rocket["id"], 2)]
    assert [(s["shot_id"], s["nb_occurences"]) for s in gazu.casting.get_asset_cast_in(rocket, client=c)] == \
        [(shot["id"], 2)]

    # Tasks: bulk creation for the project's shots, then per entity.
    created = gazu.client.post(
        f"actions/projects/{project['id']}/task-types/{animation['id']}/shots/create-tasks", [], client=c)
    assert [t["entity_id"] for t in created] == [shot["id"]]
    layout_tasks = gazu.task.create_shot_tasks(shot, [layout], client=c)
    assert [t["task_type_id"] for t in layout_tasks] == [layout["id"]]
    task = gazu.task.get_task_by_entity(shot, animation, client=c)
    assert task["id"] == created[0]["id"] and task["task_status_id"] == gazu.task.get_default_task_status(client=c)["id"]

    # Assignment.
    gazu.task.assign_task(task, anim, client=c)
    assert gazu.task.get_task(task["id"], client=c)["assignees"] == [anim["id"]]
    shot_tasks = {t["id"]: t for t in gazu.task.all_tasks_for_shot(shot, client=c)}
    assert set(shot_tasks) == {task["id"], layout_tasks[0]["id"]}
    assert shot_tasks[task["id"]]["task_type_name"] == "Animation" and shot_tasks[task["id"]]["entity_name"] == "SH010"

    # Comments with status changes and checklists.
    checklist = [{"text": "Blocking", "checked": True}, {"text": "Polish", "checked": False}]
    comment = gazu.task.add_comment(task, wip, "Blocking done", checklist=checklist, client=c)
    assert comment["task_status_id"] == wip["id"] and comment["checklist"] == checklist
    after = gazu.task.get_task(task["id"], client=c)
    assert after["task_status_id"] == wip["id"] and after["real_start_date"]
    gazu.task.add_comment(task, done, "Approved", client=c)
    assert gazu.task.get_task(task["id"], client=c)["task_status_id"] == done["id"]
    comments = gazu.task.all_comments_for_task(task, client=c)
    assert [x["text"] for x in comments] == ["Approved", "Blocking done"]
    assert gazu.task.get_last_comment_for_task(task, client=c)["text"] == "Approved"

    # Time spents (minutes).
    gazu.task.set_time_spent(task, anim, "2026-11-27", 120, client=c)
    gazu.task.add_time_spent(task, anim, "2026-11-27", 30, client=c)
    spent = gazu.task.get_time_spent(task, "2026-11-27", client=c)
    assert spent["total"] == 150
    assert gazu.task.get_task(task["id"], client=c)["duration"] == 150

    # Deletion: a shot with tasks, then closing and removing the whole production.
    gazu.task.remove_task(layout_tasks[0], client=c)
    with pytest.raises(gazu.exception.RouteNotFoundException):
        gazu.task.get_task(layout_tasks[0]["id"], client=c)
    gazu.project.close_project(project, client=c)
    assert gazu.project.get_project(project["id"], client=c)["project_status_name"] == "Closed"
    assert gazu.project.all_open_projects(client=c) == []
    gazu.project.remove_project(project, force=True, client=c)
    assert gazu.project.all_projects(client=c) == []
    with pytest.raises(gazu.exception.RouteNotFoundException):
        gazu.shot.get_shot(shot["id"], client=c)
