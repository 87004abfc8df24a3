"""The engine's ``data`` masking (``crud/masking.py``), with a plugin of the test's own answering the hook.

What the ``metadata`` plugin decides is tested in ``tests/plugins/metadata/test_visibility.py``;
here the mechanics: hidden keys leave answers, come back untouched on a write
that could not see them, and a write changing one is refused with nothing stored.
"""

from __future__ import annotations

import pytest

from clapboard import hookimpl
from clapboard.errors import PermissionDenied
from clapboard.plugins.data import models as m
from clapboard.plugins.data.crud.masking import ValueMask, entity_kind, holds_values

from ..auth.conftest import FAST
from ..auth.scenario import build


def _hide(project_id, kind, task_type_id=None):
    return {"secret"} if kind in ("Shot", "Task") else set()


def test_rows_lose_hidden_keys_on_copies():
    mask = ValueMask([_hide])
    stored = {"secret": 1, "open": 2}
    rows = [{"id": "t", "project_id": "p", "task_type_id": "tt", "data": stored}]
    mask.rows(m.Task, rows)
    assert rows[0]["data"] == {"open": 2} and stored == {"secret": 1, "open": 2}
    project = [{"id": "p", "data": {"secret": 1}}]
    mask.rows(m.Project, project)
    assert project[0]["data"] == {"secret": 1}  # not hidden on projects by this plugin


def test_a_write_keeps_what_it_could_not_see_and_may_not_change_it():
    mask = ValueMask([_hide])
    before = {"secret": "s", "open": 1}
    assert mask.kept(before, {"open": 2}, "p", "Shot") == {"open": 2, "secret": "s"}
    assert mask.kept(before, {"open": 2, "secret": "s"}, "p", "Shot") == {"open": 2, "secret": "s"}
    with pytest.raises(PermissionDenied) as refused:
        mask.kept(before, {"secret": "changed"}, "p", "Shot")
    assert "data.secret" in refused.value.message
    assert mask.kept(before, {"open": 3}, "p", "Asset") == {"open": 3}  # nothing hidden there


def test_kinds_and_holders():
    assert entity_kind("Shot") == "Shot" and entity_kind("Prop") == "Asset" and entity_kind(None) == "Asset"
    assert holds_values(m.Entity) and holds_values(m.Task) and holds_values(m.Project)
    assert not holds_values(m.Person) and not holds_values(m.Comment)


class _Hider:
    """A plugin hiding ``secret`` from every non-admin on shots."""

    __clapboard_name__ = "hider"

    @hookimpl
    def data_hidden_values(self, app, actor):
        return _hide


@pytest.fixture
def hidden_app(make_app):
    return make_app(extra=[_Hider()], config={"plugins": {"auth": dict(FAST)}}, actors=False)


def test_through_the_api(hidden_app):
    scenario = build(hidden_app)  # project P with shot E, a team logged in for real
    admin, manager = scenario.admin, scenario.client("manager")
    path = f"/data/entities/{scenario.ids['E']}"
    assert admin.simulate_put(path, json={"data": {"secret": "s", "open": 1}}).status_code == 200
    assert admin.simulate_get(path).json["data"] == {"secret": "s", "open": 1}
    assert manager.simulate_get(path).json["data"] == {"open": 1}
    listed = manager.simulate_get("/data/entities").json
    assert [row["data"] for row in listed if row["id"] == scenario.ids["E"]] == [{"open": 1}]
    answer = manager.simulate_put(path, json={"data": {"open": 2}})
    assert answer.status_code == 200 and answer.json["data"] == {"open": 2}
    with hidden_app.db.connection_context():
        assert m.Entity.get_by_id(scenario.ids["E"]).data == {"open": 2, "secret": "s"}
    refused = manager.simulate_put(path, json={"data": {"open": 3, "secret": "mine"}})
    assert refused.status_code == 403
    with hidden_app.db.connection_context():
        assert m.Entity.get_by_id(scenario.ids["E"]).data == {"open": 2, "secret": "s"}
