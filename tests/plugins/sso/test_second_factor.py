"""The studio's own second factor after a sign-on (``/auth/sso/second-factor``), and the admin identity routes."""

from __future__ import annotations

import uuid

import pyotp
import pytest
from click.testing import CliRunner

from clapboard.plugins.data.models import LoginLog, Person
from clapboard.plugins.sso import flows
from clapboard.plugins.sso.accounts import FLOW_COOKIE, SECOND_FACTOR, SignOn, resolve
from clapboard.plugins.sso.models import Identity
from clapboard.testing import make_client

FAST = {"argon2_time_cost": 1, "argon2_memory_kib": 1024, "argon2_parallelism": 1}
SECRET = pyotp.random_base32()


@pytest.fixture
def sso_app(make_app):
    return make_app(config={"plugins": {"auth": dict(FAST, lockout_attempts=3),
                                        "sso": {"front_url": "http://kitsu.test"}}}, actors=True)


def pending(app, **fields) -> tuple[Person, str]:
    """An account with TOTP on, signed on by a provider, waiting for its code (what ``sign_in`` leaves)."""

    with app.db.connection_context(), app.transaction():
        person = Person.create(id=uuid.uuid4(), first_name="Tia", last_name="Moe", email="tia@studio.test",
                               role="user", totp_enabled=True, totp_secret=SECRET, **fields)
        key = flows.start(SECOND_FACTOR, {"person_id": str(person.id), "method": "oidc", "prefix": "/api"}, 10)
    return person, key


def post_code(client, key, code, kind="totp", prefix="/api"):
    return client.simulate_post(prefix + "/auth/sso/second-factor", body=f"code={code}&kind={kind}",
                                headers={"Content-Type": "application/x-www-form-urlencoded",
                                         "Cookie": f"{FLOW_COOKIE}={key}"})


def test_the_right_code_finishes_the_sign_on_once(sso_app):
    person, key = pending(sso_app)
    client = make_client(sso_app, role=None)
    page = client.simulate_get("/api/auth/sso/second-factor", headers={"Cookie": f"{FLOW_COOKIE}={key}"})
    assert page.status_code == 200 and 'id="code"' in page.text and "authenticator app" in page.text
    done = post_code(client, key, pyotp.TOTP(SECRET).now())
    assert done.status_code == 302 and done.headers["location"] == "http://kitsu.test/"
    assert {"access_token_cookie", "refresh_token_cookie"} <= set(done.cookies)
    assert done.cookies["refresh_token_cookie"].path == "/api/auth/refresh-token"
    who = client.simulate_get("/api/auth/authenticated",
                              headers={"Cookie": f"access_token_cookie={done.cookies['access_token_cookie'].value}"})
    assert who.status_code == 200 and who.json["user"]["id"] == str(person.id)
    with sso_app.db.connection_context():
        assert LoginLog.select().where(LoginLog.person == person.id).count() == 1
    # The flow is spent: the same cookie cannot sign in twice, even with a fresh code.
    again = post_code(client, key, pyotp.TOTP(SECRET).now())
    assert again.status_code == 400 and "already used" in again.json["message"]
    assert "access_token_cookie" not in again.cookies


def test_wrong_codes_are_refused_counted_and_lock_the_account(sso_app):
    person, key = pending(sso_app)
    client = make_client(sso_app, role=None)
    for _ in range(3):
        wrong = post_code(client, key, "000000")
        assert wrong.status_code == 400 and "This code is wrong" in wrong.text
        assert "access_token_cookie" not in wrong.cookies
    locked = post_code(client, key, pyotp.TOTP(SECRET).now())
    assert locked.status_code == 400 and "Too many failed attempts" in locked.text
    assert "access_token_cookie" not in locked.cookies
    with sso_app.db.connection_context():
        assert Person.get_by_id(person.id).login_failed_attemps == 3


def test_no_flow_or_a_disabled_account_gets_a_json_400(sso_app):
    person, key = pending(sso_app)
    client = make_client(sso_app, role=None)
    for headers in ({}, {"Cookie": f"{FLOW_COOKIE}=forged"}):
        answer = client.simulate_get("/auth/sso/second-factor", headers=headers)
        assert answer.status_code == 400 and answer.json["error"] is True
    with sso_app.db.connection_context():
        Person.update(active=False).where(Person.id == person.id).execute()
    answer = post_code(client, key, pyotp.TOTP(SECRET).now())
    assert answer.status_code == 400 and "access_token_cookie" not in answer.cookies


def test_identities_are_listed_and_unbound_by_admins_only(sso_app):
    with sso_app.db.connection_context(), sso_app.transaction():
        bound = resolve(sso_app, SignOn(method="saml", issuer="https://idp.test", subject="n-1",
                                        email="ike@studio.test"))
    admin = make_client(sso_app, role="admin")
    listed = admin.simulate_get("/plugins/sso/identities", params={"email": "IKE@studio.test"})
    assert listed.status_code == 200 and [r["subject"] for r in listed.json] == ["n-1"]
    assert listed.json[0]["person_id"] == str(bound.id) and listed.json[0]["method"] == "saml"
    identity_id = listed.json[0]["id"]
    for role in ("manager", "supervisor", "user", "client", "vendor"):
        refused = make_client(sso_app, role=role)
        assert refused.simulate_get("/plugins/sso/identities").status_code == 403, role
        assert refused.simulate_delete(f"/plugins/sso/identities/{identity_id}").status_code == 403, role
    assert make_client(sso_app, role=None).simulate_get("/plugins/sso/identities").status_code == 401
    assert admin.simulate_get("/plugins/sso/identities", params={"person_id": "nope"}).status_code == 400
    assert admin.simulate_delete(f"/plugins/sso/identities/{identity_id}").status_code == 204
    assert admin.simulate_delete(f"/plugins/sso/identities/{identity_id}").status_code == 404
    with sso_app.db.connection_context():
        assert Identity.select().count() == 0


def test_the_cli_lists_and_unbinds(sso_app, monkeypatch):
    from clapboard.cli import make_cli

    with sso_app.db.connection_context(), sso_app.transaction():
        resolve(sso_app, SignOn(method="oidc", issuer="https://idp.test", subject="s-9", email="zed@studio.test"))
    monkeypatch.setenv("CLAPBOARD_DATABASE_URL", sso_app.config["database_url"])
    monkeypatch.setenv("CLAPBOARD_DATA_DIR", sso_app.config["data_dir"])
    monkeypatch.setenv("CLAPBOARD_SECRET_KEY", sso_app.secret_key)
    runner = CliRunner()
    main = make_cli()
    shown = runner.invoke(main, ["sso", "identities"])
    assert shown.exit_code == 0 and "zed@studio.test" in shown.output and "s-9" in shown.output
    done = runner.invoke(main, ["sso", "unbind", "zed@studio.test"])
    assert done.exit_code == 0 and "1 identity unbound" in done.output
    assert runner.invoke(main, ["sso", "unbind", "nobody@studio.test"]).exit_code != 0
