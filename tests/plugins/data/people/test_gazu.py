"""The published gazu client drives the people routes of a real server, as a studio script would."""

from __future__ import annotations

import gazu
import pytest

PASSWORD = "artist gazu password"


@pytest.fixture
def c(gazu_session):
    gazu.cache.disable()
    return gazu_session.client


def test_a_script_follows_an_artists_work_and_profile(gazu_session, c):
    artist = gazu.person.new_person("Ann", "Imator", "ann@gazu.example", role="user", password=PASSWORD, client=c)
    project = gazu.project.new_project("Gazu People", client=c)
    gazu.project.add_person_to_team(project, artist, client=c)
    character = gazu.asset.get_asset_type_by_name("Character", client=c)
    hero = gazu.asset.new_asset(project, character, "Hero", client=c)
    villain = gazu.asset.new_asset(project, character, "Villain", client=c)
    modeling = gazu.task.get_task_type_by_name("Modeling", client=c)
    rigging = gazu.task.get_task_type_by_name("Rigging", client=c)
    done = gazu.task.get_task_status_by_short_name("done", client=c)
    model_task = gazu.task.new_task(hero, modeling, assignees=[artist], client=c)
    finished = gazu.task.new_task(villain, modeling, assignees=[artist], client=c)
    rig_task = gazu.task.new_task(hero, rigging, client=c)
    gazu.task.add_comment(finished, done, "final", client=c)

    # Her tasks, done tasks and the rigging on the assets she works on.
    tasks = gazu.task.all_tasks_for_person(artist, client=c)
    assert [(t["id"], t["entity_name"], t["task_type_name"]) for t in tasks] == [
        (model_task["id"], "Hero", "Modeling")]
    assert tasks[0]["assignees"] == [artist["id"]] and tasks[0]["project_name"] == "Gazu People"
    done_tasks = gazu.task.all_done_tasks_for_person(artist, client=c)
    assert [(t["id"], t["task_status_short_name"]) for t in done_tasks] == [(finished["id"], "done")]
    assert done_tasks[0]["last_comment"]["text"] == "final"
    related = gazu.task.all_tasks_for_person_and_type(artist, rigging, client=c)
    assert [t["id"] for t in related] == [rig_task["id"]]

    # The studio schedule: first start and last due date per person.
    gazu.task.update_task({"id": model_task["id"], "start_date": "2026-12-01", "due_date": "2026-12-10"}, client=c)
    dates = {d["person_id"]: d for d in gazu.task.get_persons_tasks_dates(client=c)}
    assert (dates[artist["id"]]["min_date"], dates[artist["id"]]["max_date"]) == (
        "2026-12-01T00:00:00", "2026-12-10T00:00:00")

    # Departments and avatar, as the admin.
    layout = gazu.person.get_department_by_name("Layout", client=c)
    joined = gazu.person.add_person_to_department(artist, layout, client=c)
    assert joined["id"] == artist["id"] and joined["departments"] == [layout["id"]]
    gazu.person.remove_person_from_department(artist, layout, client=c)
    assert gazu.client.fetch_one("persons", artist["id"], client=c)["departments"] == []
    gazu.client.put(f"data/persons/{artist['id']}", {"has_avatar": True}, client=c)
    gazu.person.clear_person_avatar(artist, client=c)
    assert gazu.client.fetch_one("persons", artist["id"], client=c)["has_avatar"] is False

    # The artist's own session: her desktop logins and her avatar.
    own = gazu.client.create_client(gazu_session.live.url + "/api")
    gazu.log_in("ann@gazu.example", PASSWORD, client=own)
    logged = gazu.user.log_desktop_session_log_in(client=own)
    assert logged["person_id"] == artist["id"] and logged["type"] == "DesktopLoginLog"
    assert [log["id"] for log in gazu.user.all_desktop_login_logs(client=own)] == [logged["id"]]
    assert gazu.client.fetch_one("persons", artist["id"], client=c)["last_presence"] == logged["date"][:10]
    gazu.client.put(f"data/persons/{artist['id']}", {"has_avatar": True}, client=c)
    gazu.user.clear_avatar(client=own)
    assert gazu.client.fetch_one("persons", artist["id"], client=c)["has_avatar"] is False
    with pytest.raises(gazu.exception.NotAllowedException):
        gazu.task.get_persons_tasks_dates(client=own)  # artists have no schedule view

