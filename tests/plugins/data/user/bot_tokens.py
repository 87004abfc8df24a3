"""Bots for the refused side: real bot persons created by an admin, with the token Zou hands out."""

from __future__ import annotations

import itertools

from falcon.testing import TestClient

_NAMES = itertools.count(1)


def bot_client(world, role: str = "admin", team: str | None = None) -> TestClient:
    """A client holding a bot token (``role``: the bot's role, admin by default, which a
    person-only route must refuse all the same); ``team``: a project key whose team it joins."""

    created = world.admin.simulate_post("/data/persons", json={
        "first_name": "Render", "last_name": f"Bot {next(_NAMES)}", "is_bot": True, "role": role})
    assert created.status_code == 201, created.text
    if team is not None:
        project = world.admin.simulate_get(f"/data/projects/{world.ids[team]}").json
        members = project["team"] + [created.json["id"]]
        assert world.admin.simulate_put(f"/data/projects/{world.ids[team]}", json={"team": members}).status_code == 200
    return TestClient(world.app, headers={"Authorization": f"Bearer {created.json['access_token']}"})
