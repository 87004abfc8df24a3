"""The plugin tested with Clapboard's own testing kit (fixtures come from the pytest11 entry point)."""

import clapboard_shotlog
from clapboard.testing import make_client

SHOT = "0b1c1e9e-6a37-4b8e-9a59-7b6d4c1a2e3f"


def test_entries_round_trip(make_app):
    app = make_app(plugins=[], extra=[clapboard_shotlog])
    client = make_client(app)
    created = client.simulate_post("/plugins/shotlog/entries", json={"shot_id": SHOT, "take": 3, "note": "good"})
    assert created.status_code == 201
    listed = client.simulate_get("/api/plugins/shotlog/entries", params={"shot_id": SHOT})
    assert [e["take"] for e in listed.json] == [3]


def test_config_limit_and_validation(make_app):
    app = make_app(plugins=[], extra=[clapboard_shotlog], config={"plugins": {"shotlog": {"max_takes": 2}}})
    client = make_client(app)
    assert client.simulate_post("/plugins/shotlog/entries",
                                json={"shot_id": SHOT, "take": 3, "note": "x"}).status_code == 400
    bad = client.simulate_post("/plugins/shotlog/entries", json={"take": 0})
    assert sorted(e["path"] for e in bad.json["errors"]) == ["note", "shot_id", "take"]
