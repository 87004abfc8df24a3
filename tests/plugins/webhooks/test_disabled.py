"""With ``webhooks`` disabled: no route, table, command, permission, event, OpenAPI entry or outbox row."""

from __future__ import annotations

from click.testing import CliRunner

from clapboard.cli import make_cli
from clapboard.testing import make_client


def _traces(app):
    client = make_client(app)
    with app.db.connection_context():
        tables = {t for t in app.db.get_tables() if t.startswith("webhook")}
    openapi = client.simulate_get("/openapi.json").text
    return {
        "routes": [r.path for r in app.routes if "webhooks" in r.path],
        "answer": client.simulate_get("/plugins/webhooks/hooks").status_code,
        "tables": sorted(tables),
        "permissions": [p.action for p in app.permissions if p.action.startswith("webhooks.")],
        "events": [e.name for e in app.event_types if e.name.startswith("webhooks:")],
        "openapi": "/plugins/webhooks" in openapi,
    }


def test_disabled_leaves_nothing_and_enabled_has_it_all(make_app, tmp_path, monkeypatch):
    without = make_app(plugins=["data"])
    assert _traces(without) == {"routes": [], "answer": 404, "tables": [], "permissions": [], "events": [],
                                "openapi": False}
    answer = make_client(without).simulate_post("/data/projects", json={"name": "No hooks"})
    assert answer.status_code == 201, "writes go on without the outbox"
    monkeypatch.setenv("CLAPBOARD_DATABASE_URL", without.config["database_url"])
    monkeypatch.setenv("CLAPBOARD_DATA_DIR", str(tmp_path / "cli"))
    monkeypatch.setenv("CLAPBOARD_ENABLED_PLUGINS", "data")
    assert "webhooks" not in CliRunner().invoke(make_cli(), ["--help"]).output
    monkeypatch.setenv("CLAPBOARD_ENABLED_PLUGINS", "data,webhooks")
    assert "webhooks" in CliRunner().invoke(make_cli(), ["--help"]).output

    with_it = make_app(plugins=["data", "webhooks"])
    traces = _traces(with_it)
    assert traces["answer"] == 200 and traces["openapi"] and len(traces["routes"]) == 8
    assert traces["tables"] == ["webhook", "webhook_attempt", "webhook_delivery"]
    assert "webhooks.hooks.create" in traces["permissions"] and "webhooks:ping" in traces["events"]
