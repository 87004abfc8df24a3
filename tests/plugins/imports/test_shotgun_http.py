"""The ShotGrid import over real HTTP (waitress), as a ShotGrid bridge script calls it: a logged-in admin
posts the payloads with ``requests``, then reads the production back as Kitsu would."""

from __future__ import annotations

import uuid

import pytest
import requests

from clapboard.plugins.data.models import Person
from clapboard.testing import LiveServer

from ..auth.conftest import FAST
from .test_shotgun_chain import CHAIN, ORDER

PASSWORD = "bridge password 1"


@pytest.fixture
def bridge(make_app):
    app = make_app(config={"plugins": {"auth": dict(FAST)}}, actors=False)
    with app.db.connection_context():
        for email, role in (("admin@studio.example", "admin"), ("boss@studio.example", "manager")):
            Person.create(id=uuid.uuid4(), first_name=role, last_name="Bridge", email=email, role=role,
                          password=app.passwords.hash(PASSWORD))
    live = LiveServer(app).start()
    sessions = {}
    for email in ("admin@studio.example", "boss@studio.example"):
        session = requests.Session()
        answer = session.post(f"{live.url}/api/auth/login", json={"email": email, "password": PASSWORD}, timeout=30)
        assert answer.status_code == 200, answer.text
        session.headers["Authorization"] = f"Bearer {answer.json()['access_token']}"
        sessions[email.split("@")[0]] = session
    yield live.url + "/api", sessions
    for session in sessions.values():
        session.close()
    live.stop()


def test_a_bridge_imports_a_production_over_http(bridge):
    url, sessions = bridge
    admin = sessions["admin"]
    for kind in ORDER:
        answer = admin.post(f"{url}/import/shotgun/{kind}", json=CHAIN[kind], timeout=60)
        assert answer.status_code == 200, (kind, answer.text)
        assert len(answer.json()) == len(CHAIN[kind])
    project = next(p for p in admin.get(f"{url}/data/projects", timeout=30).json() if p["shotgun_id"] == 70)
    shots = admin.get(f"{url}/data/projects/{project['id']}/shots", timeout=30).json()
    assert sorted(shot["name"] for shot in shots) == ["SH010", "SH020"]
    tasks = admin.get(f"{url}/data/tasks?project_id={project['id']}", timeout=30).json()
    assert sorted(task["shotgun_id"] for task in tasks) == [20, 21]
    assert admin.get(f"{url}/import/shotgun/errors", timeout=30).json() == []


def test_over_http_a_manager_is_refused_and_broken_json_is_a_400(bridge):
    url, sessions = bridge
    refused = sessions["boss"].post(f"{url}/import/shotgun/projects", json=CHAIN["projects"], timeout=30)
    assert refused.status_code == 403 and refused.json()["error"] is True
    broken = sessions["admin"].post(f"{url}/import/shotgun/projects", data=b'[{"id": 1,',
                                    headers={"Content-Type": "application/json"}, timeout=30)
    assert broken.status_code == 400 and broken.json()["error"] is True
    assert sessions["admin"].get(f"{url}/data/projects", timeout=30).json() == []
