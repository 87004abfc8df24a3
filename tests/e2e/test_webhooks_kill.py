"""No webhook event is lost when Clapboard is killed (``kill -9``) in the middle of a burst of writes.

Real processes and sockets: ``clapboard serve --workers 2`` on a file SQLite
database (or PostgreSQL with ``CLAPBOARD_TEST_DATABASE_URL``), four client
threads renaming projects (1,000 writes, each a ``project:update``), and a
receiver on loopback that refuses the first try of every delivery (so
retries are waiting when the kill comes). The whole process group is killed
with SIGKILL once 400 writes were answered, and started again; with no new
request, the deliveries left behind go out (the senders start with the
server, and rows leased by the killed processes fall due again). Then the
rest of the burst runs. At the end, every change the database holds — each
``api_event`` row, whose id the event data carries — reached the receiver
with a 2xx answer, every delivery row is ``delivered``, and a change
received more than once always carried the same delivery id.
"""

from __future__ import annotations

import collections
import http.client
import subprocess
import threading
import time
import uuid

import pytest

from clapboard.db import open_database

from ..plugins.webhooks.receiver import Receiver, until
from .test_movies_restart import CLAPBOARD, Server, call, prepared_env

WRITERS = 4
WRITES = 1000
KILL_AFTER = 400
SETTINGS = {"poll_seconds": 0.5, "timeout_seconds": 2, "backoff_seconds": 0.2, "max_backoff_seconds": 1,
            "max_attempts": 100, "workers": 4}


class FirstTryFails(Receiver):
    """Answers 500 to the first try of each delivery id, 200 afterwards."""

    def status_for(self, headers) -> int:
        delivery_id = headers.get("X-Clapboard-Delivery")
        return 200 if any(r["headers"].get("X-Clapboard-Delivery") == delivery_id for r in self.received) else 500

    def acknowledged(self) -> dict[str, set[str]]:
        """api_event id -> delivery ids answered 2xx."""

        found = collections.defaultdict(set)
        with self.lock:
            for r in self.received:
                if r["status"] == 200:
                    found[r["body"]["data"]["id"]].add(r["headers"]["X-Clapboard-Delivery"])
        return found


def _sql(url, query) -> list[tuple]:
    db = open_database(url, max_connections=1)
    try:
        db.connect()
        return list(db.execute_sql(query).fetchall())
    finally:
        db.close()
        db.close_all()


def _committed(url) -> set[str]:
    # SQLite keeps a UUID as 32 hex digits, PostgreSQL as a uuid: both read back as the canonical text.
    return {str(uuid.UUID(str(row[0]))) for row in _sql(url, "SELECT id FROM api_event WHERE name = 'project:update'")}


def _states(url) -> dict[str, int]:
    return dict(_sql(url, "SELECT state, COUNT(*) FROM webhook_delivery GROUP BY state"))


class LoggedServer(Server):
    """``Server`` of the movie restart test, its output kept in a file to read when a test fails."""

    def __init__(self, env, log_path):
        super().__init__(env)
        self.log_path = log_path

    def start(self, **settings) -> None:
        with open(self.log_path, "a") as log:
            self.proc = subprocess.Popen(CLAPBOARD + ["serve", "--port", str(self.port), "--workers", "2"],
                                         env=self.env, stdout=log, stderr=log, start_new_session=True)

        def answering():
            try:
                return self.http.request("GET", "/status")[0] == 200
            except OSError:
                return False

        until(answering, 120, "the server")


def _settled(url):
    """Committed changes and delivery states, once two reads agree (a killed process may still be
    finishing the write it was in when SIGKILL came)."""

    first = (_committed(url), _states(url))
    time.sleep(0.3)
    return first if first == (_committed(url), _states(url)) else None


@pytest.fixture
def server(tmp_path):
    env = prepared_env(tmp_path)
    env.update({f"CLAPBOARD_PLUGINS__WEBHOOKS__{k.upper()}": str(v) for k, v in SETTINGS.items()})
    served = LoggedServer(env, tmp_path / "server.log")
    yield served
    served.kill()
    print((tmp_path / "server.log").read_text()[-5000:])


def test_no_event_is_lost_across_kill_9(server):
    url = server.env["CLAPBOARD_DATABASE_URL"]
    server.start()
    status, login = server.http.json("POST", "/auth/login", body={"email": "boss@example.com",
                                                                    "password": "a long enough password 1"})
    assert status == 200, login
    token = login["access_token"]
    with FirstTryFails() as receiver:
        status, hook = call(server.http, token, "POST", "/plugins/webhooks/hooks", {
            "url": receiver.url, "events": ["project:update"], "allow_private_network": True})
        assert status == 201, hook
        receiver.secret = hook["secret"]
        projects = []
        for n in range(WRITERS):
            status, project = call(server.http, token, "POST", "/data/projects", {"name": f"Burst {n}"})
            assert status == 201, project
            projects.append(project["id"])

        gate, answered, refused, lock = threading.Event(), [0], [], threading.Lock()
        gate.set()

        def writer(index: int) -> None:
            for n in range(WRITES // WRITERS):
                gate.wait(180)
                try:
                    status, answer = call(server.http, token, "PUT", f"/data/projects/{projects[index]}",
                                          {"name": f"Burst {index} #{n}"})
                except (OSError, http.client.HTTPException):
                    continue  # killed under it: committed or not, the database tells
                with lock:
                    answered[0] += 1
                    if status != 200:
                        refused.append((status, answer))

        threads = [threading.Thread(target=writer, args=(i,), daemon=True) for i in range(WRITERS)]
        for thread in threads:
            thread.start()
        until(lambda: answered[0] >= KILL_AFTER, 300, f"{KILL_AFTER} answered writes")
        gate.clear()
        server.kill()
        at_kill, states_at_kill = until(lambda: _settled(url), 30, "the database after the kill")
        server.start()  # GET /status only: no write, no event
        until(lambda: at_kill <= set(receiver.acknowledged()), 120,
              lambda: f"the deliveries left by the killed server ({len(at_kill)} changes, "
                      f"{len(at_kill & set(receiver.acknowledged()))} acknowledged, rows {_states(url)})")
        gate.set()
        for thread in threads:
            thread.join(300)
        committed = _committed(url)
        until(lambda: _states(url) == {"delivered": len(committed)}, 180,
              lambda: f"every delivery delivered ({len(committed)} changes, rows {_states(url)})")
        acknowledged = receiver.acknowledged()
        received = list(receiver.received)

    assert refused == [], f"every write that was answered succeeded: {refused[:3]}"
    assert len(committed) >= KILL_AFTER
    assert sum(states_at_kill.values()) == len(at_kill), (states_at_kill, len(at_kill))
    assert states_at_kill.get("delivered", 0) < len(at_kill), f"deliveries were waiting at the kill: {states_at_kill}"
    missing = committed - set(acknowledged)
    assert not missing, f"{len(missing)} committed changes never reached the receiver"
    assert set(acknowledged) <= committed, "only committed changes are sent"
    assert all(len(ids) == 1 for ids in acknowledged.values()), "a change sent twice carries one delivery id"
    assert all(r["signed"] for r in received)
    per_delivery = collections.Counter(r["headers"]["X-Clapboard-Delivery"] for r in received)
    assert len(per_delivery) == len(committed) and min(per_delivery.values()) >= 2  # the refused first try
