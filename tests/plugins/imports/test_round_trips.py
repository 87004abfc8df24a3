"""Export, import into an empty production, export again: the same file, for every kind both plugins know.

The source is the exports tests' TV production ("Élan Film": non-ASCII names,
a shot descriptor holding a formula, a list and a boolean descriptor, task
statuses and assignees, casting). The target is an empty TV show of another
name, given the same descriptors and the task types the source's tasks have (a descriptor is a
production's own: the file's metadata columns need them to land). The second
export must equal the first but for the production's name. Persons go round
the studio: exported, removed, imported, exported again.
"""

from __future__ import annotations

import pytest

from clapboard.plugins.data import models as m
from clapboard.testing import AppFactory

from ..auth.conftest import FAST
from ..exports.production import build, ok
from ..metadata.test_studio_routes import login
from .csv_support import post_csv

SOURCE, TARGET = "Élan Film", "Écho Film"
KINDS = ("assets", "shots", "edits", "casting")


@pytest.fixture(scope="module")
def world(tmp_path_factory):
    app = AppFactory(tmp_path_factory.mktemp("round-trips"), [])(
        config={"plugins": {"auth": dict(FAST)}}, actors=False)
    client = login(app, "admin")[1]  # a person: imported statuses come with a comment by them
    production = build(app, client, name=SOURCE)
    source = production.ids["project"]
    ids = production.ids
    # As in Zou, an import gives a new entity a task of each of its production's task types: the source
    # follows its workflow too (every shot has Layout and Animation, every asset Modeling).
    for entity, task_type in (("SH020", "Animation"), ("Forest", "Modeling")):
        ok(client.simulate_post("/data/tasks", json={
            "project_id": source, "entity_id": ids[entity], "task_type_id": ids[f"task:{task_type}"],
            "task_status_id": ids["status:todo"], "name": "main"}))
    task_types = [production.ids[f"task:{name}"] for name in ("Layout", "Animation", "Modeling")]  # the source's
    target = ok(client.simulate_post("/data/projects", json={
        "name": TARGET, "project_status_id": production.ids["open"], "production_type": "tvshow",
        "task_types": task_types}))["id"]
    ok(client.simulate_put(f"/data/projects/{target}", json={"team": list(production.people.values())}))
    for descriptor in ok(client.simulate_get(f"/data/projects/{source}/metadata-descriptors")):
        ok(client.simulate_post(f"/data/projects/{target}/metadata-descriptors", json={
            key: descriptor[key] for key in ("entity_type", "name", "data_type", "choices", "for_client")}))
    yield app, client, source, target
    app.close()


def export(client, project_id, kind) -> str:
    answer = client.simulate_get(f"/export/csv/projects/{project_id}/{kind}.csv")
    assert answer.status_code == 200, answer.text
    return answer.content.decode("utf-8")


def without_time_spent(text: str) -> str:
    """The file less its "Time Spent" column: time is logged on tasks (time spents), not imported from a list."""

    lines = [line.split(";") for line in text.split("\r\n")]
    if "Time Spent" not in lines[0]:
        return text
    column = lines[0].index("Time Spent")
    return "\r\n".join(";".join(cells[:column] + cells[column + 1:]) if len(cells) > column else ";".join(cells)
                        for cells in lines)


@pytest.mark.parametrize("kind", KINDS)
def test_export_import_export_gives_the_same_file(world, kind):
    app, client, source, target = world
    first = export(client, source, kind)
    assert len(first.splitlines()) > 1, first
    if kind == "casting":  # casting links entities: the target needs them first
        for needed in ("assets", "shots"):
            if len(export(client, target, needed).splitlines()) < 2:
                ok(post_csv(client, f"/import/csv/projects/{target}/{needed}", export(client, source, needed)))
    answer = post_csv(client, f"/import/csv/projects/{target}/{kind}", first)
    assert answer.status_code in (200, 201), answer.text
    assert without_time_spent(export(client, target, kind)) == without_time_spent(first.replace(SOURCE, TARGET))


def test_the_files_hold_what_a_round_trip_must_keep(world):
    _app, client, source, _target = world
    shots, assets = export(client, source, "shots"), export(client, source, "assets")
    assert "Camera" in shots.splitlines()[0] and "Difficulty" in shots.splitlines()[0]
    assert "'=HYPERLINK" in shots  # escaped on the way out, imported as the formula text it was
    assert "Zoë Brontë" in shots and "été" in shots and "Ready" in assets.splitlines()[0]


def test_the_imported_values_are_the_stored_values(world):
    app, client, source, target = world
    for kind in ("assets", "shots"):
        if len(export(client, target, kind).splitlines()) < 2:
            ok(post_csv(client, f"/import/csv/projects/{target}/{kind}", export(client, source, kind)))
    with app.db.connection_context():
        def values(project):
            return {e.name: e.data for e in m.Entity.select().where(m.Entity.project == project)
                    if e.name in ("SH010", "SH020", "Hero")}
        assert values(target) == values(source)


def test_persons_go_round_the_studio(world):
    app, client, _source, _target = world
    first = client.simulate_get("/export/csv/persons.csv")
    assert first.status_code == 200
    text = first.content.decode("utf-8")
    assert "Zoë" in text
    with app.db.connection_context():
        kept = {p.id for p in m.Person.select() if p.role == "admin"}
        m.ProjectPersonLink.delete().execute()
        m.TaskPersonLink.delete().execute()
        m.TimeSpent.delete().execute()
        m.DepartmentLink.delete().where(m.DepartmentLink.person.not_in(kept)).execute()
        m.Person.update(active=False).where(m.Person.id.not_in(kept)).execute()
        gone = [p.email for p in m.Person.select().where(m.Person.id.not_in(kept))]
    assert gone
    answer = post_csv(client, "/import/csv/persons", text, update=True)
    assert answer.status_code in (200, 201), answer.text
    assert client.simulate_get("/export/csv/persons.csv").content.decode("utf-8") == text
