"""A task's comment read and deleted (the task recomputed), priorities for many tasks, a task sent for review,
an episode's edit tasks and several castings at once."""

from __future__ import annotations

import uuid

from clapboard.plugins.data import models as m


def _comment(client, show, task_id, status_id, text="note"):
    answer = client.simulate_post(f"/actions/tasks/{task_id}/comment", json={
        "task_status_id": status_id, "comment": text, "person_id": show["ids"]["author"]})
    assert answer.status_code == 201, answer.text
    return answer.json["id"]


def _names(app, *names):
    with app.db.connection_context():
        return [e.name for e in m.ApiEvent.select().where(m.ApiEvent.name.in_(names)).order_by(m.ApiEvent.created_at)]


def test_a_comment_of_a_task_is_read_only_through_its_task(client, show):
    ids, st = show["ids"], show["statuses"]
    comment_id = _comment(client, show, ids["T3"], st["wip"])
    answer = client.simulate_get(f"/data/tasks/{ids['T3']}/comments/{comment_id}")
    assert answer.status_code == 200 and answer.json["id"] == comment_id and answer.json["type"] == "Comment"
    assert answer.json == client.simulate_get(f"/data/comments/{comment_id}").json
    assert client.simulate_get(f"/data/tasks/{ids['T1']}/comments/{comment_id}").status_code == 404
    assert client.simulate_get(f"/data/tasks/{ids['T3']}/comments/{uuid.uuid4()}").status_code == 404
    assert client.simulate_delete(f"/data/tasks/{ids['T1']}/comments/{comment_id}").status_code == 404


def test_deleting_the_last_comment_puts_the_task_back(app, client, show):
    ids, st = show["ids"], show["statuses"]
    first = _comment(client, show, ids["TA"], st["wip"])
    second = _comment(client, show, ids["TA"], st["retake"])
    client.simulate_post(f"/actions/tasks/{ids['TA']}/comments/{second}/add-preview", json={})
    task = client.simulate_get(f"/data/tasks/{ids['TA']}").json
    assert task["task_status_id"] == st["retake"] and task["retake_count"] == 1
    assert client.simulate_delete(f"/data/tasks/{ids['TA']}/comments/{second}").status_code == 204
    task = client.simulate_get(f"/data/tasks/{ids['TA']}").json
    assert task["task_status_id"] == st["wip"] and task["retake_count"] == 0 and task["real_start_date"]
    assert task["last_preview_file_id"] is None
    assert client.simulate_get(f"/data/comments/{second}").status_code == 404
    with app.db.connection_context():
        assert not m.News.select().where(m.News.comment == second).exists()
    assert _names(app, "comment:delete", "task:status-changed")[-2:] == ["comment:delete", "task:status-changed"]
    assert client.simulate_delete(f"/data/tasks/{ids['TA']}/comments/{first}").status_code == 204
    task = client.simulate_get(f"/data/tasks/{ids['TA']}").json
    assert task["task_status_id"] == st["todo"] and task["real_start_date"] is None


def test_set_priority_answers_the_tasks_changed(app, client, show):
    ids = show["ids"]
    answer = client.simulate_put("/actions/tasks/set-priority", json={
        "task_ids": [ids["T1"], ids["T2"], str(uuid.uuid4())], "priority": 3})
    assert answer.status_code == 200
    assert sorted(t["id"] for t in answer.json) == sorted([ids["T1"], ids["T2"]])
    assert client.simulate_get(f"/data/tasks/{ids['T1']}").json["priority"] == 3
    for body in ({"task_ids": [], "priority": 1}, {"task_ids": [ids["T1"]], "priority": -1},
                 {"task_ids": [ids["T1"]]}, {"task_ids": ["nope"], "priority": 1}, []):
        assert client.simulate_put("/actions/tasks/set-priority", json=body).status_code == 400, body


def test_to_review_moves_the_task_and_says_who(app, client, show):
    ids = show["ids"]
    person = show["factory"].create(m.Person)
    answer = client.simulate_put(f"/actions/tasks/{ids['T3']}/to-review", json={
        "person_id": person["id"], "comment": "Please check"})
    assert answer.status_code == 200, answer.text
    body = answer.json
    with app.db.connection_context():
        review = str(m.TaskStatus.get(m.TaskStatus.name == "Waiting For Approval").id)
    assert body["task_status_id"] == review and body["id"] == ids["T3"]
    assert body["person"]["id"] == person["id"] and body["comment"] == "Please check"
    assert body["entity"]["id"] == ids["SH03"] and body["entity_type"]["name"] == "Shot"
    assert body["project"]["id"] == show["project"]["id"]
    assert body["preview_path"] == {"folder_path": "", "file_name": ""}
    with app.db.connection_context():
        event = m.ApiEvent.select().where(m.ApiEvent.name == "task:to-review").get()
    assert event.data["previous_task_status_id"] == show["statuses"]["wip"] and event.data["change_status"] is True
    kept = client.simulate_put(f"/actions/tasks/{ids['T1']}/to-review", json={"change_status": False, "person_id": person["id"]})
    assert kept.json["task_status_id"] == show["statuses"]["done"]
    assert client.simulate_put(f"/actions/tasks/{ids['T1']}/to-review",
                               json={"person_id": str(uuid.uuid4())}).status_code == 400
    assert client.simulate_put(f"/actions/tasks/{uuid.uuid4()}/to-review", json={}).status_code == 404


def test_an_episodes_edit_tasks(client, show):
    ids = show["ids"]
    answer = client.simulate_get(f"/data/episodes/{ids['E01']}/edit-tasks")
    assert answer.status_code == 200 and [t["id"] for t in answer.json] == [ids["TE"]]
    assert client.simulate_get(f"/data/episodes/{ids['E02']}/edit-tasks").json == []
    assert client.simulate_get(f"/data/episodes/{ids['SH01']}/edit-tasks").status_code == 404


def test_several_castings_at_once(client, show):
    ids, pid = show["ids"], show["project"]["id"]
    url = f"/data/projects/{pid}/entities/casting"
    answer = client.simulate_put(url, json={ids["SH01"]: [{"asset_id": ids["hero"], "nb_occurences": 2}],
                                            ids["SH02"]: [{"asset_id": ids["prop"]}]})
    assert answer.status_code == 200, answer.text
    assert answer.json == {ids["SH01"]: [{"asset_id": ids["hero"], "nb_occurences": 2, "label": ""}],
                           ids["SH02"]: [{"asset_id": ids["prop"], "nb_occurences": 1, "label": ""}]}
    cast = client.simulate_get(f"/data/projects/{pid}/entities/{ids['SH01']}/casting").json
    assert [c["asset_id"] for c in cast] == [ids["hero"]]
    other = show["factory"].create(m.Project)
    for body in ([], {ids["SH01"]: "x"}, {"nope": []}, {str(uuid.uuid4()): []},
                 {ids["SH01"]: [{"asset_id": str(uuid.uuid4())}]}):
        refused = client.simulate_put(url, json=body)
        assert refused.status_code == 400 and refused.json["error"] is True, body
    assert client.simulate_put(f"/data/projects/{other['id']}/entities/casting",
                               json={ids["SH01"]: []}).status_code == 400
    cast = client.simulate_get(f"/data/projects/{pid}/entities/{ids['SH01']}/casting").json
    assert [c["asset_id"] for c in cast] == [ids["hero"]]  # the refused requests changed nothing
