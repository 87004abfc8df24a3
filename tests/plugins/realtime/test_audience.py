"""Who gets which event: the policy's scoping decides, per person, batch by batch."""

from __future__ import annotations

import uuid

import orjson
import pytest

from clapboard.actors import Actor
from clapboard.plugins.data import models as m
from clapboard.plugins.realtime.audience import visible
from clapboard.plugins.realtime.journal import row_of
from clapboard.plugins.realtime.models import RealtimeEvent

from ..auth.scenario import build
from ..auth.test_permissions import FAST


@pytest.fixture(scope="module")
def scenario(tmp_path_factory):
    from clapboard.testing import AppFactory

    app = AppFactory(tmp_path_factory.mktemp("audience"), [])(config={"plugins": {"auth": dict(FAST)}}, actors=False)
    built = build(app)
    with app.db.connection_context():
        chat = m.Chat.create(object_id=built.ids["E"], object_type="Shot")
        m.ChatParticipant.create(chat=chat.id, person=built.people["user"])
        built.ids["chat"] = str(chat.id)
        # A task of P the vendor is not assigned to: the policy hides it from them.
        built.ids["T2"] = str(m.Task.create(project=built.ids["P"], entity=built.ids["E"], name="other").id)
    yield built
    app.close()


class _Event:
    def __init__(self, name, data):
        self.name, self.data = name, data


def _journal(*events) -> list[RealtimeEvent]:
    rows = []
    for n, (name, data) in enumerate(events, 1):
        rows.append(RealtimeEvent(id=n, **row_of(_Event(name, data))))
    return rows


def _actor(scenario, role) -> Actor:
    global_role = "user" if role == "outsider" else role
    return Actor(id=scenario.people[role], kind="person", role=global_role)


def _heard(scenario, role, rows) -> list[str]:
    with scenario.app.db.connection_context():
        return [f"{name} {data.get('tag')}" for name, data in visible(scenario.app, _actor(scenario, role), rows)]


def test_each_role_hears_what_it_may_read(scenario):
    ids, people = scenario.ids, scenario.people
    rows = _journal(
        ("task:update", {"task_id": ids["T"], "project_id": ids["P"], "tag": "T"}),
        ("task:update", {"task_id": ids["TQ"], "project_id": ids["Q"], "tag": "TQ"}),
        ("task:update", {"task_id": ids["T2"], "project_id": ids["P"], "tag": "T2"}),
        ("project:update", {"project_id": ids["Q"], "tag": "Q"}),
        ("notification:new", {"notification_id": str(uuid.uuid4()), "person_id": people["vendor"],
                              "project_id": ids["P"], "tag": "for-vendor"}),
        ("notification:new", {"notification_id": str(uuid.uuid4()), "person_id": people["user"],
                              "project_id": ids["P"], "tag": "for-user"}),
        ("chat:new-message", {"chat_id": ids["chat"], "project_id": ids["P"], "tag": "chat"}),
        ("person:update", {"person_id": people["manager"], "tag": "studio"}),
        ("task:delete", {"task_id": str(uuid.uuid4()), "project_id": ids["P"], "tag": "gone"}),
    )
    assert _heard(scenario, "admin", rows) == ["task:update T", "task:update TQ", "task:update T2",
                                               "project:update Q", "person:update studio", "task:delete gone"]
    assert _heard(scenario, "user", rows) == ["task:update T", "task:update T2", "notification:new for-user",
                                              "chat:new-message chat", "person:update studio",
                                              "task:delete gone"]
    assert _heard(scenario, "vendor", rows) == ["task:update T", "notification:new for-vendor",
                                                "person:update studio", "task:delete gone"]
    assert _heard(scenario, "outsider", rows) == ["person:update studio"]
    client = _heard(scenario, "client", rows)
    assert "task:update TQ" not in client and "project:update Q" not in client
    assert not any(h.startswith(("notification:", "chat:")) for h in client)


def test_malformed_ids_in_a_payload_are_judged_strictly(scenario):
    rows = _journal(("task:update", {"task_id": "not-a-uuid", "project_id": scenario.ids["P"], "tag": "odd"}),
                    ("task:update", {"task_id": "not-a-uuid", "project_id": "nor-this", "tag": "odder"}))
    assert _heard(scenario, "user", rows) == ["task:update odd"]  # by its project alone
    assert _heard(scenario, "outsider", rows) == []
    assert _heard(scenario, "admin", rows) == ["task:update odd", "task:update odder"]
    assert orjson.loads(rows[0].data)["task_id"] == "not-a-uuid"
