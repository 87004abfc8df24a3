"""Shared steps of the 2FA and password-reset tests: apps wired to an SMTP sink, logins, DB snapshots."""

from __future__ import annotations

import uuid

from clapboard.plugins.auth.models import Challenge
from clapboard.plugins.data.models import Person
from clapboard.testing import make_client

from .conftest import FAST, PASSWORD

# Columns a refused second-factor proof is allowed to change: it counts as a failed login.
FAILURE_COUNTERS = ("login_failed_attemps", "last_login_failed")


def smtp_app(make_app, sink, **auth_settings):
    auth = {**FAST, "smtp_host": "127.0.0.1", "smtp_port": sink.port, **auth_settings}
    return make_app(config={"plugins": {"auth": auth}}, actors=False)


def new_person(app, email=None, role="user", password=PASSWORD, **fields) -> Person:
    email = email or f"p{uuid.uuid4().hex[:8]}@example.com"
    with app.db.connection_context():
        return Person.create(id=uuid.uuid4(), first_name="Pat", last_name=role.title(), email=email, role=role,
                             password=app.passwords.hash(password) if password else None, **fields)


def bearer(token: str) -> dict:
    return {"Authorization": f"Bearer {token}"}


def login(client, email, password=PASSWORD, **extra):
    return client.simulate_post("/auth/login", json={"email": email, "password": password, **extra})


def session(app, person: Person) -> tuple:
    """An anonymous client and the headers of a fresh login (the person has no 2FA yet)."""

    client = make_client(app, role=None)
    result = login(client, person.email)
    assert result.status_code == 200, result.json
    return client, bearer(result.json["access_token"])


def person_row(app, person_id) -> dict:
    with app.db.connection_context():
        return Person.select().where(Person.id == person_id).dicts().get()


def db_state(app, ignore=()) -> dict:
    """Every person and challenge row, to check that a refused request changed nothing."""

    with app.db.connection_context():
        people = {str(r["id"]): {k: v for k, v in r.items() if k not in ignore}
                  for r in Person.select().dicts()}
        pending = sorted((r["key"], str(r["person_id"]), r["kind"], r["value"], str(r["expires_at"]))
                         for r in Challenge.select().dicts())
    return {"people": people, "challenges": pending}


def challenges(app, kind: str | None = None) -> list[Challenge]:
    with app.db.connection_context():
        query = Challenge.select()
        if kind:
            query = query.where(Challenge.kind == kind)
        return list(query)
