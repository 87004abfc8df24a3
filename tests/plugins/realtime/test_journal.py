"""The journal: written with the change or not at all, and read by cursor in commit order under concurrent writers."""

from __future__ import annotations

import random
import threading
import time

import pytest

from clapboard import emit, hookimpl
from clapboard.plugins.realtime import journal
from clapboard.plugins.realtime.models import RealtimeEvent


@pytest.fixture
def app(make_app):
    return make_app(plugins=["data", "auth", "realtime"])


def _rows(app) -> list[tuple[str, dict]]:
    with app.db.connection_context():
        return [(r.name, r.data) for r in RealtimeEvent.select().order_by(RealtimeEvent.id)]


def test_events_are_journaled_with_their_change_and_never_for_a_rolled_back_one(app):
    with app.transaction():
        emit("project:update", {"project_id": "4b6e7a4e-5a43-4a8e-9a6f-1f4f0f7c2f10", "name": "A"})
        emit("notification:new", {"notification_id": "n", "person_id": "0f8b8e57-8d55-4f32-a2a8-2a1a2a9c8b01"})
        emit("webhooks:ping", {"webhook_id": "w"})  # excluded by default
    with pytest.raises(RuntimeError), app.transaction():
        emit("project:delete", {"project_id": "4b6e7a4e-5a43-4a8e-9a6f-1f4f0f7c2f10"})
        raise RuntimeError("rolled back")
    assert [name for name, _ in _rows(app)] == ["project:update", "notification:new"]
    with app.db.connection_context():
        update, notification = RealtimeEvent.select().order_by(RealtimeEvent.id)
    assert str(update.project_id) == "4b6e7a4e-5a43-4a8e-9a6f-1f4f0f7c2f10" and update.person_id is None
    assert str(notification.person_id) == "0f8b8e57-8d55-4f32-a2a8-2a1a2a9c8b01"
    assert '"name":"A"' in update.data


def test_a_request_that_fails_journals_nothing(app):
    from clapboard.testing import make_client

    client = make_client(app)
    assert client.simulate_post("/data/projects", json={"name": "Kept"}).status_code == 201
    assert client.simulate_post("/data/projects", json={"name": "Kept"}).status_code == 400  # duplicate name
    assert [name for name, _ in _rows(app)] == ["project:new"]


class SlowCommits:
    """Sleeps after the journal insert, before the commit: the window where a reader could skip an id."""

    __clapboard_name__ = "slowcommits"

    @hookimpl(trylast=True)
    def before_commit(self, app, events):
        time.sleep(random.uniform(0, 0.01))


def test_a_cursor_reader_skips_no_event_under_concurrent_writers(make_app):
    app = make_app(plugins=["data", "auth", "realtime"], extra=[SlowCommits()])
    writers, per_writer = 8, 25
    done = threading.Event()
    delivered: list[int] = []

    def write(n):
        for k in range(per_writer):
            for attempt in range(6):
                try:
                    with app.transaction():
                        emit("main:test", {"writer": n, "k": k})
                    break
                except Exception:  # a busy SQLite file: try again, as requests do
                    time.sleep(0.01 * (attempt + 1))

    def read():
        cursor = 0
        with app.db.connection_context():
            while True:
                finished = done.is_set()
                rows = journal.after(cursor)
                delivered.extend(r.id for r in rows)
                cursor = rows[-1].id if rows else cursor
                if finished and not rows:
                    return

    reader = threading.Thread(target=read)
    reader.start()
    threads = [threading.Thread(target=write, args=(n,)) for n in range(writers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    done.set()
    reader.join(60)
    with app.db.connection_context():
        committed = [r.id for r in RealtimeEvent.select(RealtimeEvent.id).order_by(RealtimeEvent.id)]
    assert len(committed) == writers * per_writer
    assert delivered == committed, f"{len(set(committed) - set(delivered))} events skipped by the cursor"
