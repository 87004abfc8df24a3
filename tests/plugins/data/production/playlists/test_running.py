"""The previews still processing or broken in the open productions: admins only, newest first, paged."""

from __future__ import annotations

import uuid
from datetime import datetime, timedelta

import pytest

from clapboard.plugins.data import models as m

from ...counting import queries
from ..tasks.world import REFUSED, build_world, close, shape_diffs

PATH = "/data/playlists/preview-files/running"


@pytest.fixture(scope="module")
def w(tmp_path_factory):
    world = build_world(tmp_path_factory, "running-previews")
    ids = world.ids
    ids["task"] = world.new_task("SH1", "Animation")
    ids["hero_task"] = world.new_task("HERO", "Animation")
    start = datetime(2026, 12, 1, 10, 0, 0)
    with world.db():
        closed = m.ProjectStatus.get(m.ProjectStatus.name == "Closed").id
        m.Project.update(project_status=closed).where(m.Project.id == ids["Q"]).execute()

        def preview(key, task, status, minutes):
            ids[key] = str(m.PreviewFile.create(
                id=uuid.uuid4(), name=key, task=task, revision=1, position=1, extension="mp4", status=status,
                created_at=start + timedelta(minutes=minutes), updated_at=start).id)

        preview("old", ids["task"], "processing", 0)
        preview("broken", ids["hero_task"], "broken", 1)
        preview("new", ids["task"], "processing", 2)
        preview("ready", ids["task"], "ready", 3)
        preview("closed", ids["TQ"], "processing", 4)  # a task of the closed production
    yield world
    close(world)


def test_admins_get_the_open_productions_running_previews_newest_first(w):
    answer = w.admin.simulate_get(PATH)
    assert answer.status_code == 200, answer.text
    assert [row["id"] for row in answer.json] == [w.ids["new"], w.ids["broken"], w.ids["old"]]
    by_id = {row["id"]: row for row in answer.json}
    assert by_id[w.ids["new"]]["full_entity_name"] == "E01 / SQ01 / SH010"
    assert by_id[w.ids["broken"]]["full_entity_name"] == "Character / Hero"
    assert by_id[w.ids["broken"]]["status"] == "broken" and by_id[w.ids["broken"]]["type"] == "PreviewFile"
    assert {(row["project_id"], row["task_type_id"]) for row in answer.json} == {(w.ids["P"], w.types["Animation"])}
    assert by_id[w.ids["old"]]["entity_id"] == w.ids["SH1"]
    assert shape_diffs("GET__data__playlists__preview-files__running.json", answer) == []


def test_limit_and_cursor_page_through_them(w):
    first = w.admin.simulate_get(PATH, params={"limit": "2"}).json
    assert [row["id"] for row in first] == [w.ids["new"], w.ids["broken"]]
    rest = w.admin.simulate_get(PATH, params={"cursor_preview_file_id": first[-1]["id"], "limit": "2"}).json
    assert [row["id"] for row in rest] == [w.ids["old"]]


@pytest.mark.parametrize("params", [{"limit": "many"}, {"limit": "0"}, {"cursor_preview_file_id": "nope"},
                                    {"cursor_preview_file_id": str(uuid.uuid4())}])
def test_bad_parameters_are_400s(w, params):
    answer = w.admin.simulate_get(PATH, params=params)
    assert answer.status_code == 400 and answer.json["error"] is True


@pytest.mark.parametrize("role", ["manager", "supervisor", "user", "client", "vendor", "outsider"])
def test_only_admins_read_them(w, role):
    answer = w.client(role).simulate_get(PATH)
    assert answer.status_code in REFUSED and "full_entity_name" not in answer.text


def test_statements_do_not_grow_with_the_rows(w):
    before = queries(w.admin, PATH)
    with w.db():
        for n in range(5):
            m.PreviewFile.create(id=uuid.uuid4(), name=f"more {n}", task=w.ids["hero_task"], revision=2 + n,
                                 position=1, extension="png", status="processing")
    assert queries(w.admin, PATH) == before
