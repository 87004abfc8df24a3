"""The periodic sync of serving processes: it runs, one process at a time, and stops with the app."""

from __future__ import annotations

import threading

from clapboard.plugins.data.models import Person
from clapboard.plugins.sso.ldap import periodic
from clapboard.testing import LiveServer

from .providers.slapd import (
    directory_fixture,  # noqa: F401 - the fixture `directory`
    free_port,
    slapd_fixture,  # noqa: F401 - the fixture `slapd`
)
from .test_ldap_sync import FAST, MAPPED


def ldap_app(make_app, directory, **overrides):
    block = directory.settings(**{**MAPPED, **overrides})
    return make_app(config={"plugins": {"auth": dict(FAST), "sso": {"ldap": block}}}, actors=False)


def wait_for(predicate, seconds: float = 30) -> bool:
    """Poll ``predicate`` until true or ``seconds`` pass (a bound on a wait, never a timed assertion)."""

    done = threading.Event()
    for _ in range(int(seconds / 0.05)):
        if predicate():
            return True
        done.wait(0.05)
    return predicate()


def test_a_serving_app_syncs_periodically_and_stops_with_the_app(make_app, directory):
    app = ldap_app(make_app, directory, sync_minutes=0.01)  # every 0.6 s
    server = LiveServer(app).start()  # serve_started starts the sync thread
    try:
        runner = periodic.runner_of(app)
        assert runner is not None

        def synced() -> bool:
            with app.db.connection_context():
                return Person.select().where(Person.ldap_uid == "alice").exists()

        assert wait_for(synced)
        assert runner.runs >= 1
        directory.leave("staff", "bob")  # a later turn sees the change

        def bob_out() -> bool:
            with app.db.connection_context():
                return Person.get(Person.ldap_uid == "bob").active is False

        assert wait_for(bob_out)
    finally:
        server.stop()
        periodic.stop(app)
    assert periodic.runner_of(app) is None and not runner._thread.is_alive()


def test_no_thread_without_sync_minutes(make_app, directory):
    app = ldap_app(make_app, directory)  # sync_minutes = 0: only by the command
    periodic.start(app)
    assert periodic.runner_of(app) is None


def test_one_process_syncs_per_interval(make_app, directory):
    app = ldap_app(make_app, directory)
    other = ldap_app(make_app, directory)  # another process's app on the same database
    with app.db.connection_context():
        assert periodic.take_lease(app) is True
        assert periodic.take_lease(other) is False  # held while a sync runs…
        periodic.keep_lease(app, 10)
        assert periodic.take_lease(other) is False  # …and until the interval ends
        periodic.keep_lease(app, -1)  # the interval is over
        assert periodic.take_lease(other) is True


def test_a_turn_with_the_directory_down_is_logged_and_the_next_turn_is_allowed(make_app, directory, caplog):


    app = ldap_app(make_app, directory, port=free_port(), connect_timeout=1, sync_minutes=5)
    runner = periodic.Runner(app, 5)
    with caplog.at_level("WARNING", logger="clapboard.sso.ldap"):
        runner.turn()
    assert runner.runs == 0
    assert any("periodic LDAP sync failed, nothing changed: cannot reach" in r.getMessage() for r in caplog.records)
    with app.db.connection_context():
        from clapboard.plugins.sso.flows import peek

        assert peek(periodic.LEASE_KIND, periodic.LEASE_KEY) is not None  # until this interval ends
