"""A writing request's transaction is retried as a whole when the database asks for it."""

from __future__ import annotations

import peewee
import pytest

import clapboard
from clapboard import Route, hookimpl
from clapboard.errors import IntegrityViolation
from clapboard.testing import make_client
from clapboard.transactions import retry_kind

from .sample_plugin import Note, SamplePlugin


class DeadlockError(Exception):
    sqlstate = "40P01"


class Flaky:
    """Writes a note, then fails the first ``failures`` attempts the way the database would."""

    def __init__(self):
        self.attempts = 0
        self.failures = 0
        self.error = None

    def on_post(self, req, resp):
        self.attempts += 1
        text = req.get_media()["text"]
        Note.create(text=f"{text} #{self.attempts}")
        clapboard.emit("note:new", {"text": text})
        if self.attempts <= self.failures:
            raise self.error
        resp.media = {"attempts": self.attempts}
        resp.status = 201
        resp.set_header("X-Attempt", str(self.attempts))


class FlakyPlugin:
    __clapboard_name__ = "flaky"

    def __init__(self):
        self.resource = Flaky()

    @hookimpl
    def register_routes(self):
        return [Route("/plugins/flaky/notes", self.resource, public=True)]


@pytest.fixture
def flaky(make_app):
    sample, plugin = SamplePlugin(), FlakyPlugin()
    app = make_app(plugins=[], extra=[sample, plugin])
    return app, plugin.resource, sample


def _notes(app):
    with app.db.connection_context():
        return sorted(n.text for n in Note.select())


def _deadlock():
    error = peewee.OperationalError("deadlock detected")
    error.__cause__ = DeadlockError("deadlock detected")
    return error


def test_a_deadlock_victim_is_run_again_and_only_the_last_attempt_is_kept(flaky):
    app, resource, sample = flaky
    resource.failures, resource.error = 2, _deadlock()
    answer = make_client(app, role=None).simulate_post("/plugins/flaky/notes", json={"text": "n"})
    assert answer.status_code == 201 and answer.json == {"attempts": 3}
    assert answer.headers["x-attempt"] == "3"
    assert _notes(app) == ["n #3"]  # the two failed attempts left nothing
    assert [e.name for e in sample.events] == ["note:new"]  # one event, after the commit


def test_a_busy_sqlite_file_is_retried_too(flaky):
    app, resource, _sample = flaky
    resource.failures, resource.error = 1, peewee.OperationalError("database is locked")
    assert make_client(app, role=None).simulate_post("/plugins/flaky/notes", json={"text": "b"}).status_code == 201
    assert _notes(app) == ["b #2"]


def test_a_unique_key_taken_meanwhile_is_retried_once_then_is_a_400(flaky):
    app, resource, _sample = flaky
    resource.failures, resource.error = 1, peewee.IntegrityError("UNIQUE constraint failed: note.text")
    assert make_client(app, role=None).simulate_post("/plugins/flaky/notes", json={"text": "u"}).status_code == 201
    resource.attempts, resource.failures = 0, 5
    refused = make_client(app, role=None).simulate_post("/plugins/flaky/notes", json={"text": "v"})
    assert refused.status_code == 400 and resource.attempts == 2
    assert _notes(app) == ["u #2"]


def test_other_errors_are_not_retried(flaky):
    app, resource, _sample = flaky
    resource.failures, resource.error = 3, peewee.OperationalError("no such column: x")
    answer = make_client(app, role=None).simulate_post("/plugins/flaky/notes", json={"text": "x"})
    assert answer.status_code == 503 and resource.attempts == 1
    assert _notes(app) == []


def test_endless_conflicts_give_up_with_a_503_and_keep_nothing(flaky):
    app, resource, sample = flaky
    resource.failures, resource.error = 100, _deadlock()
    answer = make_client(app, role=None).simulate_post("/plugins/flaky/notes", json={"text": "z"})
    assert answer.status_code == 503 and answer.json["error"] is True
    assert resource.attempts == 6 and _notes(app) == [] and sample.events == []


def test_retry_kinds():
    assert retry_kind(_deadlock()) == "conflict"
    assert retry_kind(peewee.IntegrityError('duplicate key value violates unique constraint "x"')) == "duplicate"
    assert retry_kind(peewee.IntegrityError("FOREIGN KEY constraint failed")) is None
    assert retry_kind(ValueError("deadlock detected")) is None


def _translated(message: str) -> IntegrityViolation:
    """What the generic create/update raise: the database's refusal turned into a 400."""

    try:
        try:
            raise peewee.IntegrityError(message)
        except peewee.IntegrityError as exc:
            raise IntegrityViolation("Another row already has these values.") from exc
    except IntegrityViolation as translated:
        return translated


def test_a_translated_unique_refusal_is_retried_like_the_refusal():
    assert retry_kind(_translated('duplicate key value violates unique constraint "x"')) == "duplicate"
    assert retry_kind(_translated("FOREIGN KEY constraint failed")) is None
    assert retry_kind(IntegrityViolation("no database error behind it")) is None
