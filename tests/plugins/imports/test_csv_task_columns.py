"""Task columns of entity files: statuses and comments become comments, assignations assign people."""

from __future__ import annotations

import pytest

from clapboard.plugins.data import models as m

from .csv_support import counts, logged_in_world, post_csv, shots_path


@pytest.fixture
def world(make_app):
    return logged_in_world(make_app)


def _tasks(app, entity_id) -> dict:
    """``{task type name: (status short name, [assignee e-mails], [comment texts])}``."""

    found = {}
    with app.db.connection_context():
        for task in m.Task.select().where(m.Task.entity == entity_id):
            people = sorted(p.email for p in m.Person.select().join(m.TaskPersonLink, on=(
                m.TaskPersonLink.person == m.Person.id)).where(m.TaskPersonLink.task == task.id))
            comments = [c.text for c in m.Comment.select().where(m.Comment.object_id == task.id)
                        .order_by(m.Comment.created_at)]
            found[task.task_type.name] = (task.task_status.short_name, people, comments)
    return found


def test_status_comment_and_assignation_columns(world):
    app, scenario, project = world
    manager = scenario.client("manager")
    answer = post_csv(manager, shots_path(project),
                      "Sequence,Name,Animation,Animation comment,Animation assignations,Compositing\n"
                      "SQ01,SH010,wip,Blocking is next,\"User Matrix, vendor@matrix.example\",todo\n"
                      "SQ01,SH020,,,,\n")
    assert answer.status_code == 201, answer.text
    first, second = (row["id"] for row in answer.json)
    assert _tasks(app, first) == {
        "Animation": ("wip", ["user@matrix.example", "vendor@matrix.example"], ["Blocking is next"]),
        "Compositing": ("todo", [], []),  # the status it has already: no comment
    }
    assert _tasks(app, second) == {"Animation": ("todo", [], []), "Compositing": ("todo", [], [])}
    with app.db.connection_context():
        comment = m.Comment.get(m.Comment.text == "Blocking is next")
        assert str(comment.person_id) == scenario.people["manager"]
        assert m.ApiEvent.select().where(m.ApiEvent.name == "task:assign").count() == 2
        assert m.Notification.select().where(m.Notification.notification_type == "assignation").count() == 2
        task = m.Task.get(m.Task.entity == first, m.Task.task_type == m.TaskType.get(name="Animation").id)
        assert task.real_start_date is not None  # the status took effect as a comment's does


def test_kitsu_export_headers_import_as_they_are(world):
    """Kitsu's export writes an "Assignations" column after each task type's status column."""

    app, scenario, project = world
    admin = scenario.client("admin")
    text = ("Project;Episode;Sequence;Name;Description;Time Spent;Frames;Frame In;Frame Out;FPS;"
            "Animation;Assignations;Compositing;Assignations\n"
            "Other;;SQ01;SH010;Opening shot;0.00;48;1001;1048;;wfa;Manager Matrix;todo;User Matrix,Vendor Matrix\n")
    answer = post_csv(admin, shots_path(project), text)
    assert answer.status_code == 201, answer.text
    assert _tasks(app, answer.json[0]["id"]) == {
        "Animation": ("wfa", ["manager@matrix.example"], [""]),
        "Compositing": ("todo", ["user@matrix.example", "vendor@matrix.example"], []),
    }


def test_task_columns_of_known_shots_apply_with_update_only(world):
    app, scenario, project = world
    manager = scenario.client("manager")
    shot = post_csv(manager, shots_path(project), "Sequence,Name\nSQ01,SH010\n").json[0]
    post_csv(manager, shots_path(project), "Sequence,Name,Animation\nSQ01,SH010,done\n")
    assert _tasks(app, shot["id"])["Animation"][0] == "todo"
    post_csv(manager, shots_path(project), "Sequence,Name,Animation,Animation comment\nSQ01,SH010,done,Final\n",
             update=True)
    assert _tasks(app, shot["id"])["Animation"] == ("done", [], ["Final"])
    again = post_csv(manager, shots_path(project), "Sequence,Name,Animation,Animation assignations\n"
                                                   "SQ01,SH010,Done,User Matrix\n", update=True)
    assert again.status_code == 201
    assert _tasks(app, shot["id"])["Animation"] == ("done", ["user@matrix.example"], ["Final"])


def test_a_task_type_named_outside_the_workflow_of_an_asset_gets_its_task(world):
    app, scenario, project = world
    admin = scenario.client("admin")
    prop = admin.simulate_get("/data/entity-types", params={"name": "Prop"}).json[0]["id"]
    modeling = admin.simulate_get("/data/task-types", params={"name": "Modeling"}).json[0]["id"]
    admin.simulate_put(f"/data/entity-types/{prop}", json={"task_types": [modeling]})
    answer = post_csv(admin, f"/import/csv/projects/{project['id']}/assets", "Type,Name,Shading\nProp,Lamp,wip\n")
    assert answer.status_code == 201, answer.text
    assert set(_tasks(app, answer.json[0]["id"])) == {"Modeling", "Shading"}


@pytest.mark.parametrize(("cells", "words"), [
    ("nonsense,", "Task status not found for nonsense"),
    (",Nobody Here", "Person not found for Nobody Here"),
])
def test_unknown_status_or_person_refuses_the_line(world, cells, words):
    app, scenario, project = world
    before = counts(app)
    answer = post_csv(scenario.client("manager"), shots_path(project),
                      f"Sequence,Name,Animation,Animation assignations\nSQ01,SH010,wip,\nSQ01,SH020,{cells}\n")
    assert answer.status_code == 400 and answer.json["line_number"] == 3 and answer.json["message"] == words
    assert counts(app) == before


def test_a_comment_needs_a_person_as_author(make_app):
    from clapboard.testing import make_client

    from .csv_support import production

    app = make_app()
    client = make_client(app)  # the test admin is no person
    project = production(client, app)
    refused = post_csv(client, shots_path(project), "Sequence,Name,Animation\nSQ01,SH010,todo\nSQ01,SH020,wip\n")
    assert refused.status_code == 400 and refused.json["line_number"] == 3 and "author" in refused.json["message"]
