"""Password login, lockout, tokens, refresh, logout, bcrypt upgrade — in-process."""

from datetime import timedelta

import bcrypt
import jwt
import pytest

from clapboard.plugins.auth import tokens
from clapboard.plugins.data.models import LoginLog, Person
from clapboard.testing import make_client

from .conftest import PASSWORD


def login(client, email, password=PASSWORD, **extra):
    return client.simulate_post("/auth/login", json={"email": email, "password": password, **extra})


def bearer(token):
    return {"Authorization": f"Bearer {token}"}


def test_login_answers_zou_shape_and_token_works(auth_app, make_person):
    person = make_person(email="Ann@Example.com")
    client = make_client(auth_app, role=None)
    result = login(client, "ann@example.com")
    assert result.status_code == 200
    body = result.json
    assert body["login"] is True
    assert set(body) == {"login", "user", "organisation", "access_token", "refresh_token"}
    assert body["user"]["id"] == str(person.id) and body["user"]["type"] == "Person"
    assert "password" not in body["user"] and "totp_secret" not in body["user"]
    assert body["organisation"]["type"] == "Organisation"
    claims = jwt.decode(body["access_token"], auth_app.secret_key, algorithms=["HS256"])
    assert claims["type"] == "access" and claims["sub"] == str(person.id) and claims["jti"]
    assert claims["exp"] - claims["iat"] == 24 * 3600  # scripts: a day (gazu's default client never refreshes)
    me = client.simulate_get("/auth/authenticated", headers=bearer(body["access_token"]))
    assert me.status_code == 200 and me.json["authenticated"] is True
    assert me.json["user"]["id"] == str(person.id) and me.json["user"]["fido_devices"] == []
    with auth_app.db.connection_context():
        assert LoginLog.select().where(LoginLog.person == person.id).count() == 1


def test_wrong_password_and_unknown_account_get_the_same_answer(auth_app, make_person):
    make_person(email="bob@example.com")
    client = make_client(auth_app, role=None)
    wrong = login(client, "bob@example.com", "nope-nope-nope")
    unknown = login(client, "nobody@example.com", "nope-nope-nope")
    assert wrong.status_code == unknown.status_code == 400
    assert wrong.json == unknown.json == {"login": False, "message": "Wrong email or password."}


def test_lockout_after_repeated_failures_persists(auth_app, make_person):
    person = make_person(email="carl@example.com")
    client = make_client(auth_app, role=None)
    for _ in range(5):
        assert login(client, "carl@example.com", "bad-password-x").json["login"] is False
    locked = login(client, "carl@example.com")  # even the right password is refused now
    assert locked.status_code == 400
    assert locked.json["too_many_failed_login_attemps"] is True and locked.json["login"] is False
    with auth_app.db.connection_context():
        assert Person.get_by_id(person.id).login_failed_attemps == 5
        last = Person.get_by_id(person.id).last_login_failed
        Person.update(last_login_failed=last - timedelta(minutes=2)).where(Person.id == person.id).execute()
    assert login(client, "carl@example.com").status_code == 200  # the minute has passed
    with auth_app.db.connection_context():
        assert Person.get_by_id(person.id).login_failed_attemps == 0


def test_inactive_account_is_401_unactive(auth_app, make_person):
    make_person(email="dee@example.com", active=False)
    result = login(make_client(auth_app, role=None), "dee@example.com")
    assert result.status_code == 401
    assert result.json["unactive"] is True and result.json["login"] is False


def test_desktop_login_works(auth_app, make_person):
    make_person(email="eve@example.com", desktop_login="eve.d")
    assert login(make_client(auth_app, role=None), "eve.d").status_code == 200


def test_bad_login_body_is_400_with_paths(auth_app):
    result = make_client(auth_app, role=None).simulate_post("/auth/login", json={"password": 5, "x": 1})
    assert result.status_code == 400
    assert sorted(e["path"] for e in result.json["errors"]) == ["email", "password", "x"]


def test_refresh_logout_and_revocation(auth_app, make_person):
    make_person(email="fay@example.com")
    client = make_client(auth_app, role=None)
    tokens_ = login(client, "fay@example.com").json
    refreshed = client.simulate_get("/auth/refresh-token", headers=bearer(tokens_["refresh_token"]))
    assert refreshed.status_code == 200 and set(refreshed.json) == {"access_token"}
    new_access = refreshed.json["access_token"]
    assert client.simulate_get("/auth/authenticated", headers=bearer(new_access)).status_code == 200
    # A refresh token is not an access token, and the reverse.
    assert client.simulate_get("/auth/authenticated", headers=bearer(tokens_["refresh_token"])).status_code == 401
    assert client.simulate_get("/auth/refresh-token", headers=bearer(new_access)).status_code == 401

    out = client.simulate_get("/auth/logout", headers=bearer(tokens_["access_token"]))
    assert out.json == {"logout": True}
    after = client.simulate_get("/auth/authenticated", headers=bearer(tokens_["access_token"]))
    assert after.status_code == 401 and after.json["message"] == "Token has been revoked"
    assert client.simulate_get("/auth/refresh-token", headers=bearer(tokens_["refresh_token"])).status_code == 401


def test_expired_access_token_says_signature_has_expired(auth_app, make_person):
    person = make_person()
    client = make_client(auth_app, role=None)
    expired, _ = tokens.issue(auth_app.secret_key, str(person.id), "access", timedelta(seconds=-5))
    result = client.simulate_get("/data/projects", headers=bearer(expired))
    assert result.status_code == 401
    assert result.json == {"error": True, "message": "Signature has expired"}
    forged = jwt.encode({"sub": str(person.id), "jti": "x", "type": "access", "iat": 0}, "k" * 40)
    assert client.simulate_get("/data/projects", headers=bearer(forged)).status_code == 401
    none_alg = jwt.encode({"sub": str(person.id), "jti": "x", "type": "access", "iat": 0}, None, algorithm="none")
    assert client.simulate_get("/data/projects", headers=bearer(none_alg)).status_code == 401


def test_stale_cookie_does_not_block_public_login(auth_app, make_person):
    make_person(email="gus@example.com")
    client = make_client(auth_app, role=None)
    result = client.simulate_post("/auth/login", json={"email": "gus@example.com", "password": PASSWORD},
                                  cookies={"access_token_cookie": "garbage"})
    assert result.status_code == 200


def test_browser_login_sets_httponly_cookies_scoped_refresh(auth_app, make_person):
    make_person(email="hal@example.com")
    client = make_client(auth_app, role=None)
    result = client.simulate_post("/api/auth/login", json={"email": "hal@example.com", "password": PASSWORD},
                                  headers={"User-Agent": "Mozilla/5.0 (X11; Linux x86_64)"})
    cookies = {c.name: c for c in result.cookies.values()}
    assert cookies["access_token_cookie"].http_only and cookies["access_token_cookie"].same_site == "Lax"
    claims = jwt.decode(cookies["access_token_cookie"].value, auth_app.secret_key, algorithms=["HS256"])
    assert claims["exp"] - claims["iat"] == 7 * 86400  # Kitsu never refreshes: a week, as Zou
    assert cookies["refresh_token_cookie"].path == "/api/auth/refresh-token"
    me = client.simulate_get("/api/auth/authenticated",
                             cookies={"access_token_cookie": cookies["access_token_cookie"].value})
    assert me.status_code == 200


def test_bcrypt_hash_from_zou_is_accepted_then_upgraded(auth_app, make_person):
    legacy = bcrypt.hashpw(PASSWORD.encode(), bcrypt.gensalt(rounds=4))
    person = make_person(email="ida@example.com", password=None)
    with auth_app.db.connection_context():
        Person.update(password=legacy).where(Person.id == person.id).execute()
    client = make_client(auth_app, role=None)
    assert login(client, "ida@example.com", "wrong-password-1").status_code == 400
    assert login(client, "ida@example.com").status_code == 200
    with auth_app.db.connection_context():
        stored = bytes(Person.get_by_id(person.id).password).decode()
    assert stored.startswith("$argon2id$")
    assert login(client, "ida@example.com").status_code == 200


def test_change_password(auth_app, make_person):
    make_person(email="jo@example.com")
    client = make_client(auth_app, role=None)
    token = login(client, "jo@example.com").json["access_token"]
    body = {"old_password": "wrong-one-here", "password": "new password 1", "password_2": "new password 1"}
    assert client.simulate_post("/auth/change-password", json=body, headers=bearer(token)).status_code == 400
    body["old_password"] = PASSWORD
    body["password_2"] = "different"
    assert client.simulate_post("/auth/change-password", json=body, headers=bearer(token)).status_code == 400
    body["password"] = body["password_2"] = "short"
    assert client.simulate_post("/auth/change-password", json=body, headers=bearer(token)).status_code == 400
    body["password"] = body["password_2"] = "new password 1"
    done = client.simulate_post("/auth/change-password", json=body, headers=bearer(token))
    assert done.json == {"success": True}
    assert login(client, "jo@example.com").status_code == 400
    assert login(client, "jo@example.com", "new password 1").status_code == 200


@pytest.mark.parametrize("path", ["/auth/authenticated", "/auth/logout", "/auth/change-password"])
def test_session_routes_need_a_token(auth_app, path):
    client = make_client(auth_app, role=None)
    method = client.simulate_post if path.endswith("password") else client.simulate_get
    assert method(path).status_code == 401


def test_a_password_set_by_reset_admin_or_cli_ends_every_earlier_session(auth_app, make_person):
    import time

    from clapboard.plugins.auth.accounts import set_password

    person = make_person(email="kim@example.com")
    client = make_client(auth_app, role=None)
    old = login(client, "kim@example.com").json
    time.sleep(1.05)  # token times are in whole seconds
    with auth_app.db.connection_context(), auth_app.transaction():
        set_password(auth_app, person.id, "after the leak 1")
    refused = client.simulate_get("/auth/authenticated", headers=bearer(old["access_token"]))
    assert refused.status_code == 401 and refused.json["message"] == "Token has been revoked"
    assert client.simulate_get("/auth/refresh-token", headers=bearer(old["refresh_token"])).status_code == 401
    fresh = login(client, "kim@example.com", "after the leak 1").json
    assert client.simulate_get("/auth/authenticated", headers=bearer(fresh["access_token"])).status_code == 200


def test_changing_ones_own_password_keeps_the_current_session(auth_app, make_person):
    make_person(email="lou@example.com")
    client = make_client(auth_app, role=None)
    token = login(client, "lou@example.com").json["access_token"]
    body = {"old_password": PASSWORD, "password": "brand new one 9", "password_2": "brand new one 9"}
    assert client.simulate_post("/auth/change-password", json=body, headers=bearer(token)).status_code == 200
    assert client.simulate_get("/auth/authenticated", headers=bearer(token)).status_code == 200


@pytest.mark.parametrize("method, path", [("GET", "/auth/authenticated"), ("POST", "/auth/change-password"),
                                          ("PUT", "/auth/totp")])
def test_person_routes_refuse_actors_that_are_not_persons(make_app, method, path):
    # Another plugin's actor (here the test actor, which has no person row) gets a 401, not a crash.
    app = make_app(config={"plugins": {"auth": {"argon2_memory_kib": 1024, "argon2_time_cost": 1}}})
    body = {"old_password": "x", "password": "y", "password_2": "y"} if method == "POST" else None
    result = make_client(app).simulate_request(method, path, json=body)
    assert result.status_code == 401 and result.json["error"] is True


def test_deactivating_an_account_ends_its_sessions_for_good(auth_app, make_person):
    from .helpers import bearer

    make_person(email="boss@example.com", role="admin")
    person = make_person(email="leaver@example.com")
    client = make_client(auth_app, role=None)
    admin = bearer(login(client, "boss@example.com").json["access_token"])
    old = bearer(login(client, "leaver@example.com").json["access_token"])
    assert client.simulate_get("/auth/authenticated", headers=old).status_code == 200
    off = client.simulate_put(f"/data/persons/{person.id}", json={"active": False}, headers=admin)
    assert off.status_code == 200, off.json
    assert client.simulate_get("/auth/authenticated", headers=old).status_code == 401
    # Turned on again: the old session stays dead; a new login works.
    assert client.simulate_put(f"/data/persons/{person.id}", json={"active": True}, headers=admin).status_code == 200
    assert client.simulate_get("/auth/authenticated", headers=old).status_code == 401
    fresh = bearer(login(client, "leaver@example.com").json["access_token"])
    assert client.simulate_get("/auth/authenticated", headers=fresh).status_code == 200
