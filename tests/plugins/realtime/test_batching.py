"""A wake costs a process one journal read and one write for all the polls it holds, not one per poll."""

from __future__ import annotations

import json
import threading
import urllib.request

import pytest
from falcon.testing import TestClient

from clapboard.testing import LiveServer

from ..auth.test_permissions import FAST

BASE = "/socket.io/?EIO=4&transport=polling"
HELD = 5
SETTINGS = {"ping_interval_seconds": 20, "ping_timeout_seconds": 5, "max_held_polls": HELD, "tail_seconds": 0.05}


@pytest.fixture
def app(make_app):
    return make_app(config={"plugins": {"auth": dict(FAST), "realtime": dict(SETTINGS)}})


@pytest.fixture
def token(app):
    from clapboard.plugins.data.models import Person

    with app.db.connection_context():
        Person.create(first_name="Ba", last_name="Tch", email="batch@example.com", role="admin",
                      password=app.passwords.hash("realtime password 1"))
    answer = TestClient(app).simulate_post("/auth/login", json={"email": "batch@example.com",
                                                                "password": "realtime password 1"})
    return answer.json["access_token"]


class Statements:
    """Every statement ``app.db`` runs and every ``app.transaction`` opened, with the thread that did it."""

    def __init__(self, app):
        self.app, self.lock, self.recording = app, threading.Lock(), False
        self.statements: list[tuple[str, str]] = []
        self.transactions: list[str] = []
        run, transaction = app.db.execute_sql, app.transaction

        def execute_sql(sql, params=None, *args, **kwargs):
            self._note(self.statements, (threading.current_thread().name, sql))
            return run(sql, params, *args, **kwargs)

        def counted_transaction():
            self._note(self.transactions, threading.current_thread().name)
            return transaction()

        app.db.execute_sql, app.transaction = execute_sql, counted_transaction

    def _note(self, into: list, what) -> None:
        with self.lock:
            if self.recording:
                into.append(what)

    def writes(self, thread: str | None = None, table: str = "") -> list[str]:
        return [sql for name, sql in self.statements if (thread is None or name == thread)
                and sql.lstrip().split(" ", 1)[0].upper() in ("INSERT", "UPDATE", "DELETE") and table in sql]


def _http(url: str, body: str | None = None) -> str:
    request = urllib.request.Request(url, data=None if body is None else body.encode(),
                                     method="GET" if body is None else "POST")
    with urllib.request.urlopen(request, timeout=15) as answer:
        return answer.read().decode()


def test_one_event_costs_one_write_transaction_for_all_the_held_polls(app, token):
    from clapboard.plugins.realtime.hub import hub_of

    live = LiveServer(app, threads=HELD + 3).start()
    try:
        sids = [json.loads(_http(live.url + BASE)[1:])["sid"] for _ in range(HELD)]
        for sid in sids:
            assert _http(live.url + BASE + "&sid=" + sid, '40/events,{"token":"%s"}' % token) == "ok"
            assert _http(live.url + BASE + "&sid=" + sid).startswith("40/events,")
        answers: dict = {}

        def poll(sid):
            answers[sid] = _http(live.url + BASE + "&sid=" + sid)

        threads = [threading.Thread(target=poll, args=(sid,)) for sid in sids]
        for thread in threads:
            thread.start()
        hub = hub_of(app)
        for _ in range(500):  # up to 10 s for every poll to be held
            if hub.waiting == HELD:
                break
            threading.Event().wait(0.02)
        assert hub.waiting == HELD and not answers
        counted = Statements(app)
        counted.recording = True
        created = TestClient(app).simulate_post("/data/projects", json={"name": "Batched"},
                                                headers={"Authorization": f"Bearer {token}"})
        assert created.status_code == 201
        for thread in threads:
            thread.join(15)
        counted.recording = False
    finally:
        live.stop()
    heard = f'42/events,["project:new",{{"project_id":"{created.json["id"]}"'
    assert all(heard in answers[sid] for sid in sids), answers
    journal_reads = [sql for name, sql in counted.statements if name == "clapboard-realtime"
                     and sql.lstrip().upper().startswith("SELECT") and "realtime_event" in sql and "MAX(" not in sql]
    assert len(journal_reads) == 1, journal_reads
    moved = counted.writes("clapboard-realtime", "realtime_session")
    assert len(moved) == 1 and "CASE" in moved[0], moved
    assert counted.transactions.count("clapboard-realtime") == 1, counted.transactions
    by_polls = [sql for name, sql in counted.statements if name not in ("clapboard-realtime", "MainThread")
                and sql.lstrip().split(" ", 1)[0].upper() in ("INSERT", "UPDATE", "DELETE")]
    assert by_polls == [], by_polls  # the held polls' threads only handed their answers out


def _connected(app, token) -> str:
    client = TestClient(app)
    sid = json.loads(client.simulate_get(BASE).text[1:])["sid"]
    client.simulate_post(BASE + "&sid=" + sid, body='40/events,{"token":"%s"}' % token)
    assert client.simulate_get(BASE + "&sid=" + sid).text.startswith("40/events,")
    return sid


def test_a_batch_leaves_alone_a_session_whose_cursor_moved_meanwhile(app, token):
    """Another process's poll sent those events between the batch's read and its write: not again."""

    from clapboard.plugins.realtime import batch, identity, sessions
    from clapboard.plugins.realtime.hub import Waiter

    moved, kept = _connected(app, token), _connected(app, token)
    created = TestClient(app).simulate_post("/data/projects", json={"name": "Raced"},
                                            headers={"Authorization": f"Bearer {token}"})
    assert created.status_code == 201
    with app.db.connection_context():
        actor = identity.by_token(app, token, "/socket.io/")
        waiters = [Waiter(sid, actor, token, "/socket.io/") for sid in (moved, kept)]
        plans, more = batch.plan(app, waiters)
        assert not more and all(plans[w].events for w in waiters), plans
        before = sessions.cursors([moved, kept])
        sessions.write(app, lambda: sessions.update(moved, cursor=before[moved][1] + 1000))
        answers = batch.commit(app, plans)
        after = sessions.cursors([moved, kept])
    assert set(answers) == {waiters[1]}  # only the untouched session is answered
    assert any(created.json["id"] in packet for packet in answers[waiters[1]])
    assert after[moved][1] == before[moved][1] + 1000  # not written back
    assert after[kept][1] == plans[waiters[1]].moved_to > before[kept][1]



def test_a_process_holding_no_poll_does_not_read_the_journal(app, token):
    """The tailer looks at the journal only while polls are held: an API process nobody listens to
    costs the database nothing, however much is written through it."""

    from clapboard.plugins.realtime.hub import hub_of

    hub = hub_of(app)
    counted = Statements(app)
    counted.recording = True
    for number in range(3):
        created = TestClient(app).simulate_post("/data/projects", json={"name": f"Quiet {number}"},
                                                headers={"Authorization": f"Bearer {token}"})
        assert created.status_code == 201
    threading.Event().wait(0.5)  # ten tail periods
    counted.recording = False
    # (Only the prune of old rows, every 30 s, and at start, runs without a listener.)
    tailer = [sql for name, sql in counted.statements if name == "clapboard-realtime"
              and not sql.lstrip().upper().startswith("DELETE")]
    assert hub.waiting == 0 and tailer == [], tailer
    # A held poll wakes it at once: the next event reaches the poll.
    sid = _connected(app, token)
    answer: dict = {}
    poll = threading.Thread(target=lambda: answer.update(text=TestClient(app).simulate_get(
        BASE + "&sid=" + sid).text))
    poll.start()
    for _ in range(500):
        if hub.waiting == 1:
            break
        threading.Event().wait(0.02)
    created = TestClient(app).simulate_post("/data/projects", json={"name": "Heard"},
                                            headers={"Authorization": f"Bearer {token}"})
    poll.join(15)
    assert f'"project_id":"{created.json["id"]}"' in answer["text"], answer
