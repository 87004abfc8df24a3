"""``before_commit`` sees a unit's events inside its transaction; ``serve_started`` runs where requests are served."""

from __future__ import annotations

import pytest

from clapboard import emit, hookimpl
from clapboard.testing import LiveServer, make_client

from .sample_plugin import Note, SamplePlugin


class Outbox:
    """Writes a note per event it is shown, in the same transaction; can be told to fail."""

    __clapboard_name__ = "outbox"

    def __init__(self, fail: bool = False):
        self.fail = fail
        self.seen: list[tuple[list[str], bool]] = []
        self.started = []

    @hookimpl
    def before_commit(self, app, events):
        self.seen.append(([e.name for e in events], app.db.in_transaction()))
        for event in events:
            Note.create(text="outbox " + event.data.get("text", ""))
        if self.fail:
            raise RuntimeError("outbox full")

    @hookimpl
    def serve_started(self, app):
        self.started.append(app)


def _notes(app):
    with app.db.connection_context():
        return sorted(n.text for n in Note.select())


def test_request_rows_written_before_commit_commit_with_the_change(make_app):
    outbox, sample = Outbox(), SamplePlugin()
    app = make_app(plugins=[], extra=[sample, outbox])
    client = make_client(app)
    assert client.simulate_post("/plugins/sample/notes", json={"text": "kept"}).status_code == 201
    assert _notes(app) == ["kept", "outbox kept"]
    assert outbox.seen == [(["note:new"], True)]
    assert client.simulate_post("/plugins/sample/notes", json={"text": "lost", "then": "fail"}).status_code == 400
    assert outbox.seen == [(["note:new"], True)], "an error answer rolls back: no call"
    assert client.simulate_get("/plugins/sample/notes").status_code == 200 and len(outbox.seen) == 1


def test_a_failing_before_commit_rolls_the_request_back(make_app):
    outbox, sample = Outbox(fail=True), SamplePlugin()
    app = make_app(plugins=[], extra=[sample, outbox])
    answer = make_client(app).simulate_post("/plugins/sample/notes", json={"text": "doomed"})
    assert answer.status_code == 500 and "outbox full" not in answer.text
    assert _notes(app) == [] and sample.events == []


def test_app_transaction_calls_it_once_for_the_outer_unit_and_not_when_nothing_was_emitted(make_app):
    outbox, sample = Outbox(), SamplePlugin()
    app = make_app(plugins=[], extra=[sample, outbox])
    with app.db.connection_context():
        with app.transaction():
            Note.create(text="quiet")
        with app.transaction():
            emit("note:new", {"text": "a"})
            with app.transaction():
                emit("note:new", {"text": "b"})
    assert outbox.seen == [(["note:new", "note:new"], True)]
    assert _notes(app) == ["outbox a", "outbox b", "quiet"]
    failing = Outbox(fail=True)
    app2 = make_app(plugins=[], extra=[SamplePlugin(), failing])
    with app2.db.connection_context(), pytest.raises(RuntimeError, match="outbox full"):
        with app2.transaction():
            Note.create(text="rolled back")
            emit("note:new", {"text": "c"})
    assert _notes(app2) == ["outbox a", "outbox b", "quiet"]


def test_serve_started_runs_once_the_live_server_serves(make_app):
    outbox = Outbox()
    app = make_app(plugins=[], extra=[SamplePlugin(), outbox])
    assert outbox.started == []
    server = LiveServer(app).start()
    try:
        assert outbox.started == [app]
    finally:
        server.stop()
