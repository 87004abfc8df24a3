"""Zou's other health routes: text, InfluxDB figures, host resources and a test event.

They need no login (monitoring probes have none), answer under ``/api`` too,
and read the same health as ``/status``.
"""

import time
from pathlib import Path

import pytest

from clapboard import __version__, hookimpl
from clapboard.testing import make_client


class EventRecorder:
    """A plugin keeping every event delivered to ``on_event``."""

    __clapboard_name__ = "event_recorder"

    def __init__(self):
        self.events = []

    @hookimpl
    def on_event(self, app, event):
        self.events.append(event)


def _down_app(make_app):
    return make_app(plugins=[], init=False,
                    config={"database_url": "postgresql://nobody@127.0.0.1:9/none?connect_timeout=1"})


@pytest.mark.parametrize("prefix", ["", "/api"])
def test_status_txt_lists_the_health_as_lines(anonymous_client, prefix):
    answer = anonymous_client.simulate_get(prefix + "/status.txt")
    assert answer.status_code == 200 and answer.headers["content-type"].startswith("text/plain")
    assert answer.text.splitlines() == ["name: Clapboard", f"version: {__version__}", "database-up: up",
                                        "key-value-store-up: up"]


def test_status_txt_and_influx_say_down_when_the_database_is(make_app):
    client = make_client(_down_app(make_app), role=None)
    text = client.simulate_get("/status.txt")
    assert text.status_code == 503 and "database-up: down" in text.text.splitlines()
    figures = client.simulate_get("/status/influx")
    assert figures.status_code == 200  # collectors record the 0, they would drop an error
    assert figures.json["database-up"] == 0 and figures.json["key-value-store-up"] == 0


@pytest.mark.parametrize("prefix", ["", "/api"])
def test_influx_status_gives_figures_and_time(anonymous_client, prefix):
    before = time.time()
    answer = anonymous_client.simulate_get(prefix + "/status/influx")
    after = time.time()
    assert answer.status_code == 200
    assert set(answer.json) == {"database-up", "key-value-store-up", "time"}
    assert answer.json["database-up"] == 1 and answer.json["key-value-store-up"] == 1
    assert before <= answer.json["time"] <= after


def test_resources_status_describes_the_host(anonymous_client):
    answer = anonymous_client.simulate_get("/status/resources")
    assert answer.status_code == 200
    body = answer.json
    assert set(body) == {"date", "cpu", "memory", "jobs"}
    assert set(body["cpu"]) == {"percent", "loadavg"}
    assert set(body["cpu"]["loadavg"]) == {"last 1 min", "last 5 min", "last 10 min"}
    assert set(body["memory"]) == {"total", "used", "available", "percent"}
    assert body["jobs"] == {"running_jobs": 0}
    assert all(0 <= share <= 100 for share in body["cpu"]["percent"])
    if Path("/proc/meminfo").exists():
        memory = body["memory"]
        assert memory["total"] > 0 and memory["used"] + memory["available"] == memory["total"]
        assert 0 <= memory["percent"] <= 100
    if Path("/proc/stat").exists():
        assert len(body["cpu"]["percent"]) >= 1


@pytest.mark.parametrize("prefix", ["", "/api"])
def test_test_event_is_delivered_and_not_recorded(make_app, prefix):
    recorder = EventRecorder()
    app = make_app(extra=[recorder])
    from clapboard.plugins.data.models import ApiEvent

    answer = make_client(app, role=None).simulate_get(prefix + "/status/test-event")
    assert answer.status_code == 200 and answer.json == {"success": True}
    assert [event.name for event in recorder.events] == ["main:test"]
    assert recorder.events[0].data == {}
    with app.db.connection_context():
        assert ApiEvent.select().count() == 0


def test_new_status_routes_are_documented_and_public(anonymous_client):
    paths = anonymous_client.simulate_get("/openapi.json").json["paths"]
    for path in ("/status.txt", "/status/influx", "/status/resources", "/status/test-event"):
        assert "get" in paths[path], path
    names = {e.name for e in anonymous_client.app.event_types}
    assert "main:test" in names
