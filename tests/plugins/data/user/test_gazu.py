"""The published gazu client's ``gazu.user`` functions against a real server, as a manager and as an artist.

The admin builds a small TV show; a manager and an artist log in with their
own gazu clients and read their views as the production moves: the artist's
tasks after an assignment, done tasks after a status change to done, tasks to
check after a feedback request, time spent and a day off read back, and the
start-up context of each.
"""

from __future__ import annotations

import gazu

PASSWORD = "user views password 1"
DAY = "2026-11-27"


def _log_in(session, email):
    client = gazu.client.create_client(session.live.url + "/api", use_refresh_token=True)
    gazu.log_in(email, PASSWORD, client=client)
    return client


def test_user_views_through_gazu(gazu_session):
    c = gazu_session.client
    artist = gazu.person.new_person("Ann", "Imator", "ann@example.com", role="user", password=PASSWORD, client=c)
    boss = gazu.person.new_person("Mia", "Nager", "mia@example.com", role="manager", password=PASSWORD, client=c)
    gazu.person.new_person("Oz", "Outside", "oz@example.com", role="user", password=PASSWORD, client=c)
    a, m, o = (_log_in(gazu_session, email) for email in ("ann@example.com", "mia@example.com", "oz@example.com"))

    project = gazu.project.new_project("Night Shift", production_type="tvshow", client=c)
    for person in (artist, boss):
        gazu.project.add_person_to_team(project, person, client=c)
    robots = gazu.asset.new_asset_type("Robots", client=c)
    robot = gazu.asset.new_asset(project, robots, "Robot", client=c)
    episode = gazu.shot.new_episode(project, "E02", client=c)
    sequence = gazu.shot.new_sequence(project, "SQ01", episode=episode, client=c)
    shot = gazu.shot.new_shot(project, sequence, "SH010", client=c)
    layout = gazu.task.get_task_type_by_name("Layout", client=c)
    modeling = gazu.task.get_task_type_by_name("Modeling", client=c)
    wfa = gazu.task.get_task_status_by_short_name("wfa", client=c)
    done = gazu.task.get_task_status_by_short_name("done", client=c)
    shot_task = gazu.task.new_task(shot, layout, client=c)
    asset_task = gazu.task.new_task(robot, modeling, client=c)

    # Before any assignment: the production is open to the team, nothing is theirs yet.
    assert [p["id"] for p in gazu.user.all_open_projects(client=a)] == [project["id"]]
    assert gazu.user.all_tasks_to_do(client=a) == [] and gazu.user.all_shots_for_sequence(sequence, client=a) == []
    assert gazu.user.all_open_projects(client=o) == []

    # After the assignment, every view of the artist shows the work.
    gazu.task.assign_task(shot_task, artist, client=c)
    gazu.task.assign_task(asset_task, artist, client=c)
    todo = {t["id"]: t for t in gazu.user.all_tasks_to_do(client=a)}
    assert set(todo) == {shot_task["id"], asset_task["id"]}
    row = todo[shot_task["id"]]
    assert (row["project_name"], row["entity_name"], row["task_type_name"]) == ("Night Shift", "SH010", "Layout")
    assert (row["sequence_name"], row["episode_name"], row["assignees"]) == ("SQ01", "E02", [artist["id"]])
    assert [t["name"] for t in gazu.user.all_asset_types_for_project(project, client=a)] == ["Robots"]
    assert [x["id"] for x in gazu.user.all_assets_for_asset_type_and_project(project, robots, client=a)] == [robot["id"]]
    assert [s["id"] for s in gazu.user.all_sequences_for_project(project, client=a)] == [sequence["id"]]
    assert [e["id"] for e in gazu.user.all_episodes_for_project(project, client=a)] == [episode["id"]]
    assert [s["id"] for s in gazu.user.all_shots_for_sequence(sequence, client=a)] == [shot["id"]]
    assert gazu.user.all_scenes_for_sequence(sequence, client=a) == []
    assert [t["id"] for t in gazu.user.all_tasks_for_shot(shot, client=a)] == [shot_task["id"]]
    assert [t["name"] for t in gazu.user.all_task_types_for_shot(shot, client=a)] == ["Layout"]
    assert [t["id"] for t in gazu.user.all_tasks_for_asset(robot, client=a)] == [asset_task["id"]]
    assert [t["name"] for t in gazu.user.all_task_types_for_asset(robot, client=a)] == ["Modeling"]
    assert gazu.user.all_tasks_for_sequence(sequence, client=a) == []
    # The manager has none of it assigned.
    assert gazu.user.all_tasks_to_do(client=m) == [] and gazu.user.all_tasks_for_shot(shot, client=m) == []

    # A feedback request shows to the manager's checks, not the artist's.
    gazu.task.add_comment(asset_task, wfa, "Ready for review", client=a)
    assert [t["id"] for t in gazu.user.all_tasks_requiring_feedback(client=m)] == [asset_task["id"]]
    assert gazu.user.all_tasks_requiring_feedback(client=a) == []
    checked = gazu.user.all_tasks_requiring_feedback(client=m)[0]
    assert checked["last_comment"]["text"] == "Ready for review" and checked["task_status_short_name"] == "wfa"

    # A status change to done moves the task to the done list.
    gazu.task.add_comment(shot_task, done, "Approved", client=m)
    assert [t["id"] for t in gazu.user.all_done_tasks(client=a)] == [shot_task["id"]]
    assert [t["id"] for t in gazu.user.all_tasks_to_do(client=a)] == [asset_task["id"]]

    # Time spent and a day off, read back by the artist only.
    gazu.task.set_time_spent(shot_task, artist, DAY, 120, client=m)
    spents = gazu.user.get_timespents_range("2026-11-01", "2026-11-30", client=a)
    assert [(s["task_id"], s["duration"], s["project_id"]) for s in spents] == [(shot_task["id"], 120.0, project["id"])]
    assert [s["duration"] for s in gazu.user.get_time_spents_by_date(DAY, client=a)] == [120.0]
    assert gazu.user.get_task_time_spent(shot_task, DAY, client=a)["duration"] == 120.0
    assert gazu.user.get_timespents_range("2026-11-01", "2026-11-30", client=m) == []
    gazu.client.post("data/day-offs", {"person_id": artist["id"], "date": "2026-12-24", "end_date": "2026-12-24"}, client=c)
    assert gazu.user.get_day_off("2026-12-24", client=a)["person_id"] == artist["id"]
    assert gazu.user.get_day_off("2026-12-24", client=m) == {} and gazu.user.get_day_off(DAY, client=a) == {}

    # The start-up context of each.
    gazu.project.update_team_member_role(project, boss, "supervisor", client=c)
    mine = gazu.user.get_context(client=a)
    assert [p["id"] for p in mine["projects"]] == [project["id"]] and "user_limit" not in mine
    assert {p["id"] for p in mine["persons"]} >= {artist["id"], boss["id"]}
    theirs = gazu.user.get_context(client=m)
    assert theirs["project_roles"] == {project["id"]: "supervisor"}
    assert gazu.user.get_context(client=o)["projects"] == []
    assert gazu.user.get_context(client=c)["user_limit"] == 100
