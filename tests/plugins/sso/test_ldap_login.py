"""Login by LDAP bind, and sessions ended when the directory lets someone go — over HTTP, against slapd."""

from __future__ import annotations

import logging
import uuid

import orjson
import pyotp
import pytest
import urllib3

from clapboard.plugins.data.models import Person
from clapboard.plugins.sso.ldap.sync import run
from clapboard.testing import LiveServer, make_client

from .providers.slapd import (
    directory_fixture,  # noqa: F401 - the fixture `directory`
    free_port,
    slapd_fixture,  # noqa: F401 - the fixture `slapd`
)
from .test_ldap_sync import FAST, MAPPED

HTTP = urllib3.PoolManager(retries=False, timeout=20)


def ldap_app(make_app, directory, **overrides):
    block = directory.settings(**{**MAPPED, "login": True, **overrides})
    return make_app(config={"plugins": {"auth": dict(FAST), "sso": {"ldap": block}}}, actors=False)


@pytest.fixture
def app(make_app, directory):
    app = ldap_app(make_app, directory)
    with app.db.connection_context():
        run(app)
    return app


@pytest.fixture
def server(app):
    live = LiveServer(app).start()
    yield live
    live.stop()


def call(server, method, path, token=None, body=None):
    headers = {"Content-Type": "application/json"}
    if token:
        headers["Authorization"] = f"Bearer {token}"
    answer = HTTP.request(method, server.url + path, body=orjson.dumps(body) if body is not None else None,
                          headers=headers)
    return answer.status, (orjson.loads(answer.data) if answer.data else None)


def login(client, email, password, **extra):
    return client.simulate_post("/auth/login", json={"email": email, "password": password, **extra})


def sync(app):
    with app.db.connection_context():
        return run(app)


def local(app, email, password=None, **fields) -> Person:
    with app.db.connection_context():
        return Person.create(id=uuid.uuid4(), first_name="Local", last_name="Person", email=email, role="user",
                             password=app.passwords.hash(password) if password else None, **fields)


def test_a_user_removed_from_the_directory_is_out_at_their_next_request(app, server, directory):
    status, body = call(server, "POST", "/api/auth/login", body={"email": "bob@studio.test", "password": "bob-pass"})
    assert status == 200 and body["login"] is True
    token, refresh = body["access_token"], body["refresh_token"]
    assert call(server, "GET", "/api/data/user/context", token)[0] == 200

    directory.delete_user("bob")
    assert sync(app).deactivated == ["bob <bob@studio.test>"]

    status, body = call(server, "GET", "/api/data/user/context", token)
    assert status == 401 and body["error"] is True
    assert call(server, "GET", "/api/auth/refresh-token", refresh)[0] == 401
    status, body = call(server, "POST", "/api/auth/login", body={"email": "bob@studio.test", "password": "bob-pass"})
    assert status == 400 and body["login"] is False  # no such entry to bind as any more


def test_leaving_the_required_group_ends_sessions_and_login_says_disabled(app, server, directory):
    status, body = call(server, "POST", "/api/auth/login", body={"email": "carol@studio.test",
                                                                 "password": "carol-pass"})
    assert status == 200
    directory.leave("staff", "carol")  # still in the directory: her password still binds
    sync(app)
    assert call(server, "GET", "/api/data/user/context", body["access_token"])[0] == 401
    status, again = call(server, "POST", "/api/auth/login", body={"email": "carol@studio.test",
                                                                  "password": "carol-pass"})
    assert status == 401 and again["unactive"] is True

    directory.join("staff", "carol")
    assert sync(app).reactivated == ["carol <carol@studio.test>"]
    status, fresh = call(server, "POST", "/api/auth/login", body={"email": "carol@studio.test",
                                                                  "password": "carol-pass"})
    assert status == 200 and call(server, "GET", "/api/data/user/context", fresh["access_token"])[0] == 200


def test_directory_passwords_by_bind_and_local_passwords_by_fallback(app):
    client = make_client(app, role=None)
    assert login(client, "alice@studio.test", "alice-pass").status_code == 200
    wrong = login(client, "alice@studio.test", "bob-pass")
    assert wrong.status_code == 400 and wrong.json["login"] is False
    assert login(client, "alice@studio.test", "").status_code == 400  # an empty password is no anonymous bind
    with app.db.connection_context():
        assert Person.get(Person.ldap_uid == "alice").login_failed_attemps == 2  # the lockout still counts
        # a local password on a directory account is not what is checked
        Person.update(password=app.passwords.hash("local-pass")).where(Person.ldap_uid == "alice").execute()
    assert login(client, "alice@studio.test", "local-pass").status_code == 400
    assert login(client, "ALICE@studio.test", "alice-pass").status_code == 200
    assert login(client, "alice", "alice-pass").status_code == 200  # the uid is the desktop login

    local(app, "dana@studio.test", "dana-pass")
    assert login(client, "dana@studio.test", "dana-pass").status_code == 200
    assert login(client, "dana@studio.test", "alice-pass").status_code == 400


def test_without_fallback_only_directory_accounts_log_in(make_app, directory):
    app = ldap_app(make_app, directory, fallback=False)
    sync(app)
    local(app, "dana@studio.test", "dana-pass")
    client = make_client(app, role=None)
    assert login(client, "dana@studio.test", "dana-pass").status_code == 400
    assert login(client, "bob@studio.test", "bob-pass").status_code == 200


def test_login_off_leaves_directory_accounts_to_local_passwords(make_app, directory):
    app = ldap_app(make_app, directory, login=False)
    sync(app)  # accounts from the directory have no local password
    assert login(make_client(app, role=None), "bob@studio.test", "bob-pass").status_code == 400


def test_second_factor_is_still_asked_of_a_directory_account(app):
    secret = pyotp.random_base32()
    with app.db.connection_context():
        Person.update(totp_enabled=True, totp_secret=secret, preferred_two_factor_authentication="totp").where(
            Person.ldap_uid == "bob").execute()
    client = make_client(app, role=None)
    missing = login(client, "bob@studio.test", "bob-pass")
    assert missing.status_code == 400 and missing.json["missing_OTP"] is True
    assert login(client, "bob@studio.test", "wrong", totp=pyotp.TOTP(secret).now()).status_code == 400
    done = login(client, "bob@studio.test", "bob-pass", totp=pyotp.TOTP(secret).now())
    assert done.status_code == 200 and done.json["login"] is True


def test_a_directory_down_refuses_the_login_with_a_warning_not_a_500(make_app, app, directory, caplog):
    down = ldap_app(make_app, directory, port=free_port(), connect_timeout=1)
    client = make_client(down, role=None)
    with caplog.at_level(logging.WARNING, logger="clapboard.sso.ldap"):
        refused = login(client, "bob@studio.test", "bob-pass")
    assert refused.status_code == 400 and refused.json["login"] is False
    assert any("LDAP login of bob refused" in r.getMessage() for r in caplog.records)
    local(down, "dana@studio.test", "dana-pass")  # local accounts do not need the directory
    assert login(client, "dana@studio.test", "dana-pass").status_code == 200
