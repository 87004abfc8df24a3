"""Login flows over real HTTP (waitress on loopback, a urllib client): password, lockout, token
expiry and refresh, logout revocation, bcrypt upgrade, browser cookies, TOTP, e-mail codes over
SMTP, FIDO (software authenticator) and recovery codes. Answers are checked with Zou's keys, and
the database wherever a flow writes to it."""

import time
from dataclasses import dataclass
from datetime import timedelta

import bcrypt
import jwt
import pyotp
import pytest

from clapboard.plugins.auth import tokens
from clapboard.plugins.auth.models import RevokedToken
from clapboard.plugins.data.models import LoginLog, Person
from clapboard.testing import LiveServer

from ..plugins.auth.conftest import PASSWORD
from ..plugins.auth.helpers import challenges, new_person, person_row, smtp_app
from ..plugins.auth.smtp_sink import SmtpSink, code_in
from ..plugins.auth.soft_authenticator import SoftAuthenticator, b64url
from .http_client import HttpClient

WRONG = {"login": False, "message": "Wrong email or password."}


@dataclass
class Live:
    app: object
    url: str
    smtp: SmtpSink

    def client(self, browser: bool = False) -> HttpClient:
        return HttpClient(self.url, browser=browser)


@pytest.fixture
def live(make_app):
    with SmtpSink() as smtp:
        app = smtp_app(make_app, smtp)  # cheap argon2, mail to the sink
        server = LiveServer(app).start()
        try:
            yield Live(app, server.url, smtp)
        finally:
            server.stop()


def login(client, email, password=PASSWORD, prefix="/api", **proof):
    return client.post(prefix + "/auth/login", {"email": email, "password": password, **proof})


def claims_of(live, token):
    return jwt.decode(token, live.app.secret_key, algorithms=["HS256"])


def test_password_login(live):
    person = new_person(live.app, email="ann@example.com")
    script = live.client()
    wrong, unknown = login(script, "ann@example.com", "not the password"), login(script, "no@example.com", "x" * 9)
    assert wrong.status == unknown.status == 400 and wrong.json == unknown.json == WRONG
    assert person_row(live.app, person.id)["login_failed_attemps"] == 1

    answer = login(script, "ANN@example.com")
    assert answer.status == 200 and answer.set_cookies == []  # scripts get no cookie
    body = answer.json
    assert set(body) == {"login", "user", "organisation", "access_token", "refresh_token"} and body["login"] is True
    assert body["user"]["id"] == str(person.id) and "password" not in body["user"]
    claims = claims_of(live, body["access_token"])
    assert claims["type"] == "access" and claims["exp"] - claims["iat"] == 24 * 3600
    me = script.get("/api/auth/authenticated", token=body["access_token"])
    assert me.status == 200 and me.json["authenticated"] is True and me.json["user"]["email"] == "ann@example.com"
    assert script.get("/api/data/projects", token=body["access_token"]).status == 200
    assert script.get("/api/auth/authenticated").status == 401
    assert login(script, "ann@example.com", prefix="").status == 200  # also served without /api

    row = person_row(live.app, person.id)
    assert row["login_failed_attemps"] == 0 and row["last_login_failed"] is None
    with live.app.db.connection_context():
        logs = list(LoginLog.select().where(LoginLog.person == person.id))
    assert len(logs) == 2 and {(log.origin, log.ip_address) for log in logs} == {("script", "127.0.0.1")}


def test_lockout_after_failures_then_unlock(live):
    person = new_person(live.app, email="carl@example.com")
    client = live.client()
    for attempt in range(1, 6):
        answer = login(client, "carl@example.com", "bad password x")
        assert answer.status == 400 and answer.json == WRONG
        assert person_row(live.app, person.id)["login_failed_attemps"] == attempt
    locked = login(client, "carl@example.com")  # the right password is refused too
    assert locked.status == 400 and locked.json["too_many_failed_login_attemps"] is True
    assert locked.json["login"] is False and "access_token" not in locked.json
    row = person_row(live.app, person.id)
    assert row["login_failed_attemps"] == 5 and row["last_login_failed"] is not None

    with live.app.db.connection_context():  # the lockout minute passes
        Person.update(last_login_failed=row["last_login_failed"] - timedelta(minutes=2)).where(
            Person.id == person.id).execute()
    assert login(client, "carl@example.com").status == 200
    row = person_row(live.app, person.id)
    assert row["login_failed_attemps"] == 0 and row["last_login_failed"] is None


def test_token_expiry_and_refresh(live):
    person = new_person(live.app, email="eve@example.com")
    client = live.client()
    pair = login(client, "eve@example.com").json
    expired, _ = tokens.issue(live.app.secret_key, str(person.id), "access", timedelta(seconds=-5),
                              identity_type="person")
    answer = client.get("/api/data/projects", token=expired)
    assert answer.status == 401 and answer.json == {"error": True, "message": "Signature has expired"}

    refreshed = client.get("/api/auth/refresh-token", token=pair["refresh_token"])
    assert refreshed.status == 200 and set(refreshed.json) == {"access_token"} and refreshed.set_cookies == []
    access = refreshed.json["access_token"]
    assert claims_of(live, access)["refresh_jti"] == claims_of(live, pair["refresh_token"])["jti"]
    assert client.get("/api/data/projects", token=access).status == 200
    # A refresh token is no access token, and the reverse.
    assert client.get("/api/auth/authenticated", token=pair["refresh_token"]).status == 401
    assert client.get("/api/auth/refresh-token", token=access).status == 401
    stale, _ = tokens.issue(live.app.secret_key, str(person.id), "refresh", timedelta(seconds=-5))
    answer = client.get("/api/auth/refresh-token", token=stale)
    assert answer.status == 401 and answer.json["message"] == "Signature has expired"
    assert client.get("/api/auth/refresh-token").status == 401


def test_logout_revokes_the_session(live):
    new_person(live.app, email="fay@example.com")
    client = live.client()
    pair = login(client, "fay@example.com").json
    out = client.get("/api/auth/logout", token=pair["access_token"])
    assert out.status == 200 and out.json == {"logout": True}
    with live.app.db.connection_context():
        revoked = {row.jti for row in RevokedToken.select()}
    assert revoked == {claims_of(live, pair[k])["jti"] for k in ("access_token", "refresh_token")}
    for path, token in (("/api/auth/authenticated", pair["access_token"]), ("/api/data/projects", pair["access_token"]),
                        ("/api/auth/refresh-token", pair["refresh_token"])):
        answer = client.get(path, token=token)
        assert answer.status == 401 and answer.json["message"] == "Token has been revoked"
    assert login(client, "fay@example.com").status == 200  # a new login opens a new session


def test_logout_revokes_every_access_token_of_the_session(live):
    new_person(live.app, email="sib@example.com")
    client = live.client()
    pair = login(client, "sib@example.com").json
    sibling = client.get("/api/auth/refresh-token", token=pair["refresh_token"]).json["access_token"]
    assert client.get("/api/auth/logout", token=sibling).json == {"logout": True}
    assert client.get("/api/auth/authenticated", token=pair["access_token"]).status == 401


def test_browser_login_with_cookies(live):
    person = new_person(live.app, email="hal@example.com")
    browser = live.client(browser=True)
    answer = login(browser, "hal@example.com")
    assert answer.status == 200 and answer.json["login"] is True
    access, refresh = answer.cookie("access_token_cookie"), answer.cookie("refresh_token_cookie")
    assert access.value == answer.json["access_token"] and refresh.value == answer.json["refresh_token"]
    assert (access["path"], refresh["path"]) == ("/", "/api/auth/refresh-token")
    assert (access["max-age"], refresh["max-age"]) == (str(7 * 86400), str(15 * 86400))
    for name in ("access_token_cookie", "refresh_token_cookie"):
        raw = answer.raw_cookie(name)
        assert "HttpOnly" in raw and "SameSite=Lax" in raw and "Secure" not in raw
    claims = claims_of(live, access.value)
    assert claims["exp"] - claims["iat"] == 7 * 86400  # Kitsu never refreshes: a week, as Zou
    with live.app.db.connection_context():
        assert LoginLog.get(LoginLog.person == person.id).origin == "web"

    me = browser.get("/api/auth/authenticated")  # the cookie alone, no Authorization header
    assert me.status == 200 and me.json["user"]["id"] == str(person.id)
    # The access cookie runs out: the browser sends its refresh cookie, scoped to the refresh route.
    browser.jar.clear("127.0.0.1", "/", "access_token_cookie")
    assert browser.get("/api/auth/authenticated").status == 401
    refreshed = browser.get("/api/auth/refresh-token")
    assert refreshed.status == 200 and refreshed.raw_cookie("refresh_token_cookie") is None
    new_access = refreshed.cookie("access_token_cookie")
    assert new_access.value == refreshed.json["access_token"] and "HttpOnly" in refreshed.raw_cookie(
        "access_token_cookie")
    assert browser.get("/api/auth/authenticated").status == 200
    stale, _ = tokens.issue(live.app.secret_key, str(person.id), "access", timedelta(seconds=-5))
    cookies = f"access_token_cookie={stale}; refresh_token_cookie={refresh.value}"  # an expired cookie left over
    assert live.client(browser=True).get("/api/auth/refresh-token", headers={"Cookie": cookies}).status == 200

    out = browser.get("/api/auth/logout")
    assert out.json == {"logout": True} and browser.cookies() == {}  # both cookies unset
    replayed = live.client()
    for path, cookie in (("/api/auth/authenticated", f"access_token_cookie={new_access.value}"),
                         ("/api/auth/refresh-token", f"refresh_token_cookie={refresh.value}")):
        answer = replayed.get(path, headers={"Cookie": cookie})
        assert answer.status == 401 and answer.json["message"] == "Token has been revoked"

    outside = login(live.client(browser=True), "hal@example.com", prefix="")
    assert outside.cookie("refresh_token_cookie")["path"] == "/auth/refresh-token"


def test_bcrypt_hash_is_upgraded_on_login(live):
    person = new_person(live.app, email="ida@example.com", password=None)
    legacy = bcrypt.hashpw(PASSWORD.encode(), bcrypt.gensalt(rounds=4))
    with live.app.db.connection_context():
        Person.update(password=legacy).where(Person.id == person.id).execute()
    client = live.client()
    assert login(client, "ida@example.com", "wrong-password-1").json == WRONG
    assert bytes(person_row(live.app, person.id)["password"]) == legacy  # a failure does not rehash
    assert login(client, "ida@example.com").status == 200
    stored = bytes(person_row(live.app, person.id)["password"]).decode()
    assert stored.startswith("$argon2id$") and "m=1024,t=1,p=1" in stored
    assert login(client, "ida@example.com").status == 200


def second_factor_refused(answer, key, methods):
    assert answer.status == 400 and answer.json[key] is True and answer.json["login"] is False
    assert answer.json["two_factor_authentication_enabled"] == methods
    assert answer.json["preferred_two_factor_authentication"] == methods[0] and "access_token" not in answer.json


def test_totp_login_and_recovery_codes(live):
    person = new_person(live.app, email="tom@example.com")
    client = live.client()
    token = login(client, "tom@example.com").json["access_token"]
    pre = client.put("/api/auth/totp", {}, token=token)
    assert pre.status == 200 and set(pre.json) == {"totp_provisionning_uri", "otp_secret"}
    totp, now = pyotp.TOTP(pre.json["otp_secret"]), time.time()
    wrong = client.post("/api/auth/totp", {"totp": "12345x"}, token=token)
    assert wrong.status == 400 and wrong.json["wrong_OTP"] is True
    enabled = client.post("/api/auth/totp", {"totp": totp.at(now)}, token=token)
    codes = enabled.json["otp_recovery_codes"]
    assert enabled.status == 200 and len(codes) == 16
    row = person_row(live.app, person.id)
    assert row["totp_enabled"] and row["preferred_two_factor_authentication"] == "totp"

    second_factor_refused(login(client, "tom@example.com"), "missing_OTP", ["totp"])
    second_factor_refused(login(client, "tom@example.com", totp="12345x"), "wrong_OTP", ["totp"])
    assert person_row(live.app, person.id)["login_failed_attemps"] == 1
    code = totp.at(now + 30)  # the next step: the enabling code is spent (valid_window=1 accepts it)
    answer = login(client, "tom@example.com", totp=code)
    assert answer.status == 200 and answer.json["login"] is True
    assert client.get("/api/auth/authenticated", token=answer.json["access_token"]).status == 200
    assert person_row(live.app, person.id)["login_failed_attemps"] == 0
    assert len(challenges(live.app, "totp-used")) == 2
    second_factor_refused(login(client, "tom@example.com", totp=code), "wrong_OTP", ["totp"])  # replay

    # Recovery codes: any case, single use, and never spent behind a wrong password.
    assert login(client, "tom@example.com", "wrong password", recovery_code=codes[1]).json == WRONG
    assert login(client, "tom@example.com", recovery_code=codes[0].lower()).status == 200
    assert len(person_row(live.app, person.id)["otp_recovery_codes"]) == 15
    second_factor_refused(login(client, "tom@example.com", recovery_code=codes[0]), "wrong_OTP", ["totp"])
    assert login(client, "tom@example.com", recovery_code=codes[1]).status == 200
    assert len(person_row(live.app, person.id)["otp_recovery_codes"]) == 14


def test_email_otp_login_over_smtp(live):
    person = new_person(live.app, email="emma@example.com")
    client = live.client()
    token = login(client, "emma@example.com").json["access_token"]
    assert client.put("/api/auth/email-otp", {}, token=token).json == {"success": True}
    enabled = client.post("/api/auth/email-otp", {"email_otp": code_in(live.smtp.wait_for("emma@example.com"))},
                          token=token)
    assert enabled.status == 200 and len(enabled.json["otp_recovery_codes"]) == 16
    row = person_row(live.app, person.id)
    assert row["email_otp_enabled"] and row["preferred_two_factor_authentication"] == "email_otp"

    second_factor_refused(login(client, "emma@example.com"), "missing_OTP", ["email_otp"])
    seed = client.get("/api/auth/email-otp", params={"email": "emma@example.com"})
    assert seed.status == 200 and seed.json == {"success": True}
    code = code_in(live.smtp.wait_for("emma@example.com", count=2))
    assert len(challenges(live.app, "email-otp")) == 1
    wrong = "000000" if code != "000000" else "111111"
    second_factor_refused(login(client, "emma@example.com", email_otp=wrong), "wrong_OTP", ["email_otp"])
    answer = login(client, "emma@example.com", email_otp=code)
    assert answer.status == 200 and answer.json["login"] is True and challenges(live.app, "email-otp") == []
    second_factor_refused(login(client, "emma@example.com", email_otp=code), "wrong_OTP", ["email_otp"])


def test_fido_login_with_software_authenticator(live):
    person = new_person(live.app, email="fido@example.com")
    client = live.client()
    token = login(client, "fido@example.com").json["access_token"]
    key = SoftAuthenticator()
    options = client.put("/api/auth/fido", {}, token=token).json
    assert options["rp"]["id"] == "localhost" and options["user"]["name"] == "fido@example.com"
    assert len(challenges(live.app, "fido-register")) == 1
    done = client.post("/api/auth/fido", {"registration_response": key.register(options), "device_name": "Key 1"},
                       token=token)
    codes = done.json["otp_recovery_codes"]
    assert done.status == 200 and len(codes) == 16
    row = person_row(live.app, person.id)
    assert row["fido_enabled"] and row["preferred_two_factor_authentication"] == "fido"
    assert [c["credential_id"] for c in row["fido_credentials"]] == [b64url(key.credential_id)]
    assert challenges(live.app, "fido-register") == []
    assert client.get("/api/auth/authenticated", token=token).json["user"]["fido_devices"] == ["Key 1"]

    second_factor_refused(login(client, "fido@example.com"), "missing_OTP", ["fido"])
    request = client.get("/api/auth/fido", params={"email": "fido@example.com"}).json
    assert request["rpId"] == "localhost"
    assert [c["id"] for c in request["allowCredentials"]] == [b64url(key.credential_id)]
    assertion = key.authenticate(request)
    assert login(client, "fido@example.com", fido_authentication_response=assertion).json["login"] is True
    assert person_row(live.app, person.id)["fido_credentials"][0]["sign_count"] == 1
    second_factor_refused(login(client, "fido@example.com", fido_authentication_response=assertion),
                          "wrong_OTP", ["fido"])  # the challenge was used up
    forged = key.authenticate(client.get("/api/auth/fido", params={"email": "fido@example.com"}).json, tamper=True)
    second_factor_refused(login(client, "fido@example.com", fido_authentication_response=forged),
                          "wrong_OTP", ["fido"])
    assert person_row(live.app, person.id)["fido_credentials"][0]["sign_count"] == 1
    # Lost the key: a recovery code stands in for it.
    assert login(client, "fido@example.com", recovery_code=codes[5]).status == 200
    assert len(person_row(live.app, person.id)["otp_recovery_codes"]) == 15
