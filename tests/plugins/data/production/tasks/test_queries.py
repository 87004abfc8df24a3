"""Lists of the tasks family cost the same number of queries whatever their length."""

from __future__ import annotations

import pytest

from ...counting import queries
from .world import build_world, close


@pytest.fixture(scope="module")
def w(tmp_path_factory):
    world = build_world(tmp_path_factory, "tasks-queries")
    yield world
    close(world)


def _grow(w):
    """One more task on each shot and asset, commented with a preview and an attachment-less reply."""

    for entity, task_type in (("SH1", "Layout"), ("SH2", "Animation"), ("HERO", "Modeling")):
        task = w.new_task(entity, task_type, assignees=("user", "vendor"))
        comment = w.admin.simulate_post(f"/actions/tasks/{task}/comment", json={
            "task_status_id": w.types["wip"], "comment": "@User Matrix look"}).json["id"]
        w.admin.simulate_post(f"/actions/tasks/{task}/comments/{comment}/add-preview", json={})
        w.admin.simulate_post(f"/data/tasks/{task}/comments/{comment}/reply", json={"text": "ok"})
        w.ids["LAST"] = task


def test_list_queries_do_not_grow_with_rows(w):
    _grow(w)
    ids = w.ids
    paths = [f"/data/shots/{ids['SH1']}/tasks", f"/data/sequences/{ids['SQ']}/shot-tasks",
             f"/data/episodes/{ids['EP']}/asset-tasks", f"/data/projects/{ids['P']}/tasks",
             f"/data/projects/{ids['P']}/comments", f"/data/projects/{ids['P']}/preview-files",
             f"/data/shots/{ids['SH1']}/preview-files", "/data/tasks/open-tasks", "/data/tasks/open-tasks/stats",
             f"/data/projects/{ids['P']}/attachment-files"]
    vendor_reaches = [p for p in paths if "/sequences/" not in p and "/episodes/" not in p]
    for role in ("admin", "user", "vendor"):
        client = w.client(role)
        before = {path: queries(client, path) for path in (vendor_reaches if role == "vendor" else paths)}
        _grow(w)
        after = {path: queries(client, path) for path in before}
        assert after == before, role
    comments = f"/data/tasks/{ids['LAST']}/comments"
    before = queries(w.admin, comments)
    for _ in range(3):
        w.admin.simulate_post(f"/actions/tasks/{ids['LAST']}/comment",
                              json={"task_status_id": w.types["wfa"], "comment": "again"})
    assert queries(w.admin, comments) == before
