"""POST /import/csv/projects/{id}/edits: edits by episode and name, their tasks and events."""

from __future__ import annotations

from clapboard.plugins.data import models as m

from .csv_support import post_csv, production


def _path(project):
    return f"/import/csv/projects/{project['id']}/edits"


def test_edits_are_created_with_their_tasks_and_events(app, client):
    project = production(client, app, edit_types=("Edit",))
    answer = post_csv(client, _path(project), "Project;Episode;Name;Description;Time Spent\n"
                                              "Old name;;Teaser;First cut;0.00\nOld name;;Trailer;;0.00\n")
    assert answer.status_code == 201, answer.text
    teaser, trailer = answer.json
    assert teaser["type"] == "Entity" and teaser["parent_id"] is None and teaser["description"] == "First cut"
    assert trailer["description"] == ""
    edits = client.simulate_get(f"/data/projects/{project['id']}/edits").json
    assert sorted(e["name"] for e in edits) == ["Teaser", "Trailer"]
    with app.db.connection_context():
        events = [e.data["edit_id"] for e in m.ApiEvent.select().where(m.ApiEvent.name == "edit:new")
                  .order_by(m.ApiEvent.created_at)]
        tasks = m.Task.select().join(m.TaskType).where(m.TaskType.name == "Edit").count()
    assert events == [teaser["id"], trailer["id"]] and tasks == 2


def test_tv_show_edits_belong_to_their_episode(app, client):
    project = production(client, app, tv=True)
    answer = post_csv(client, _path(project), "Episode,Name\nE01,Cut\nE02,Cut\n,Cut\n")
    assert answer.status_code == 201, answer.text
    episodes = {e["name"]: e["id"] for e in client.simulate_get(f"/data/projects/{project['id']}/episodes").json}
    assert [row["parent_id"] for row in answer.json] == [episodes["E01"], episodes["E02"], None]
    again = post_csv(client, _path(project), "Episode,Name,Description\nE02,Cut,v2\n", update=True)
    assert again.json[0]["id"] == answer.json[1]["id"] and again.json[0]["description"] == "v2"


def test_episode_outside_a_tv_show_and_missing_names_are_refused(app, client):
    project = production(client, app)
    for text, line, words in (("Episode,Name\n,Cut\nE01,Cut 2\n", 3, "isn't a TV Show"),
                              ("Name,Description\nCut,a\n,b\n", 3, "name is required"),
                              ("Description\nx\n", 2, "A columns is missing: 'Name'")):
        answer = post_csv(client, _path(project), text)
        assert answer.status_code == 400 and answer.json["line_number"] == line and words in answer.json["message"]
    assert client.simulate_get(f"/data/projects/{project['id']}/edits").json == []


def test_without_update_a_known_edit_is_answered_unchanged(app, client):
    project = production(client, app)
    first = post_csv(client, _path(project), "Name,Description\nCut,one\n").json[0]
    again = post_csv(client, _path(project), "Name,Description\nCut,two\n")
    assert again.json == [first]
