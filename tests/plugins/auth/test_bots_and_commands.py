"""Bots (tokens from POST /data/persons, revoked by regeneration) and the account commands."""

import json

import pytest
from click.testing import CliRunner

from clapboard.cli import make_cli
from clapboard.plugins.data.models import Person
from clapboard.testing import make_client

from .conftest import FAST, PASSWORD


def bearer(token):
    return {"Authorization": f"Bearer {token}"}


def test_bot_created_through_crud_gets_a_token_and_regeneration_revokes_it(auth_app, make_person):
    make_person(email="boss@example.com", role="admin")
    client = make_client(auth_app, role=None)
    admin = bearer(client.simulate_post("/auth/login", json={"email": "boss@example.com",
                                                              "password": PASSWORD}).json["access_token"])
    created = client.simulate_post("/data/persons", headers=admin, json={
        "first_name": "Render", "last_name": "Bot", "is_bot": True, "role": "user"})
    assert created.status_code == 201
    token = created.json["access_token"]
    me = client.simulate_get("/auth/authenticated", headers=bearer(token))
    assert me.status_code == 200 and me.json["user"]["is_bot"] is True
    assert "jti" not in me.json["user"]

    renewed = client.simulate_put(f"/data/persons/{created.json['id']}", headers=admin,
                                  json={"expiration_date": "2099-01-01"})
    assert renewed.status_code == 200 and renewed.json["access_token"] != token
    assert client.simulate_get("/auth/authenticated", headers=bearer(token)).status_code == 401
    assert client.simulate_get("/auth/authenticated", headers=bearer(renewed.json["access_token"])).status_code == 200
    # A bot has no password: it cannot log in interactively.
    with auth_app.db.connection_context():
        assert Person.get_by_id(created.json["id"]).password is None


def test_expired_bot_token_is_refused(auth_app, make_person):
    make_person(email="boss2@example.com", role="admin")
    client = make_client(auth_app, role=None)
    admin = bearer(client.simulate_post("/auth/login", json={"email": "boss2@example.com",
                                                              "password": PASSWORD}).json["access_token"])
    bot = client.simulate_post("/data/persons", headers=admin, json={
        "first_name": "Old", "last_name": "Bot", "is_bot": True, "expiration_date": "2001-01-01"}).json
    assert client.simulate_get("/auth/authenticated", headers=bearer(bot["access_token"])).status_code == 401


@pytest.fixture
def cli(auth_app, monkeypatch, tmp_path):
    monkeypatch.setenv("CLAPBOARD_DATABASE_URL", auth_app.config["database_url"])
    monkeypatch.setenv("CLAPBOARD_DATA_DIR", auth_app.config["data_dir"])
    monkeypatch.setenv("CLAPBOARD_SECRET_KEY", auth_app.secret_key)
    for key, value in FAST.items():
        monkeypatch.setenv(f"CLAPBOARD_PLUGINS__AUTH__{key.upper()}", str(value))

    def run(*args, code=0):
        result = CliRunner().invoke(make_cli(), list(args), catch_exceptions=False)
        assert result.exit_code == code, result.output
        return result.output

    return run


def test_create_admin_is_usable_and_idempotent(cli, auth_app):
    assert "created" in cli("create-admin", "Chief@Example.com", "--password", "long enough 1")
    client = make_client(auth_app, role=None)
    answer = client.simulate_post("/auth/login", json={"email": "chief@example.com", "password": "long enough 1"})
    assert answer.status_code == 200 and answer.json["user"]["role"] == "admin"
    assert "now an admin" in cli("create-admin", "chief@example.com", "--password", "another one 2")
    assert client.simulate_post("/auth/login", json={"email": "chief@example.com",
                                                     "password": "another one 2"}).status_code == 200
    assert "at least 8" in cli("create-admin", "x@example.com", "--password", "short", code=1)


def test_change_password_and_disable_2fa_commands(cli, auth_app, make_person):
    person = make_person(email="ops@example.com")
    with auth_app.db.connection_context():
        Person.update(totp_enabled=True, totp_secret="JBSWY3DPEHPK3PXP", login_failed_attemps=9).where(
            Person.id == person.id).execute()
    cli("change-password", "ops@example.com", "--password", "brand new pass")
    cli("disable-2fa", "ops@example.com")
    with auth_app.db.connection_context():
        row = Person.get_by_id(person.id)
    assert (row.totp_enabled, row.totp_secret, row.login_failed_attemps) == (False, None, 0)
    answer = make_client(auth_app, role=None).simulate_post(
        "/auth/login", json={"email": "ops@example.com", "password": "brand new pass"})
    assert answer.status_code == 200
    assert "no person" in cli("change-password", "ghost@example.com", "--password", "whatever 123", code=1)


def test_create_bot_prints_a_working_token(cli, auth_app):
    output = cli("create-bot", "Farm", "--role", "manager")
    token = output.strip().splitlines()[-1]
    me = make_client(auth_app, role=None).simulate_get("/auth/authenticated", headers=bearer(token))
    assert me.status_code == 200 and me.json["user"]["role"] == "manager"


def test_plugins_command_lists_auth_and_data(cli):
    infos = {i["name"]: i for i in json.loads(cli("plugins", "--json"))}
    assert infos["auth"]["status"] == "enabled" and infos["auth"]["requires"] == ["data"]
    assert "authenticate" in infos["auth"]["hooks"] and "permission_allowed" in infos["auth"]["hooks"]
