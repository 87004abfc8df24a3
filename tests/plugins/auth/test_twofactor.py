"""Second factors end to end: TOTP, e-mail codes (real SMTP on loopback), FIDO2 (software
authenticator), recovery codes, proofs and lockout, enrolment under ``enforce_2fa``."""

import time
from datetime import timedelta

import pyotp
import pytest

from clapboard.plugins.auth.accounts import utcnow
from clapboard.plugins.auth.models import Challenge
from clapboard.plugins.data.models import Person
from clapboard.testing import make_client

from .helpers import FAILURE_COUNTERS, bearer, challenges, db_state, login, new_person, person_row, session, smtp_app
from .smtp_sink import code_in, free_port
from .soft_authenticator import SoftAuthenticator, b64url


@pytest.fixture
def auth_app(make_app, smtp):
    return smtp_app(make_app, smtp)


def enable_totp(client, headers) -> tuple[str, list[str]]:
    secret = client.simulate_put("/auth/totp", json={}, headers=headers).json["otp_secret"]
    done = client.simulate_post("/auth/totp", json={"totp": pyotp.TOTP(secret).now()}, headers=headers)
    assert done.status_code == 200, done.json
    return secret, done.json.get("otp_recovery_codes")


def test_totp_enable_login_recovery_and_disable(auth_app, make_person):
    person = make_person(email="tom@example.com")
    client, headers = session(auth_app, person)

    pre = client.simulate_put("/auth/totp", json={}, headers=headers)
    assert pre.status_code == 200 and set(pre.json) == {"totp_provisionning_uri", "otp_secret"}
    secret = pre.json["otp_secret"]
    uri = pre.json["totp_provisionning_uri"]
    assert uri.startswith("otpauth://totp/") and f"secret={secret}" in uri and "issuer=Clapboard" in uri
    assert person_row(auth_app, person.id)["totp_secret"] == secret

    before = db_state(auth_app)
    wrong = client.simulate_post("/auth/totp", json={"totp": "12345x"}, headers=headers)
    assert wrong.status_code == 400 and wrong.json["wrong_OTP"] is True
    assert db_state(auth_app) == before

    enabled = client.simulate_post("/auth/totp", json={"totp": fresh_totp(auth_app, secret)}, headers=headers)
    assert enabled.status_code == 200
    codes = enabled.json["otp_recovery_codes"]
    assert len(codes) == 16 and all(len(c) == 10 and c.isalnum() and c.isupper() for c in codes)
    row = person_row(auth_app, person.id)
    assert row["totp_enabled"] and row["preferred_two_factor_authentication"] == "totp"

    missing = login(client, "tom@example.com")
    assert missing.status_code == 400 and missing.json["missing_OTP"] is True
    assert missing.json["two_factor_authentication_enabled"] == ["totp"]
    assert missing.json["preferred_two_factor_authentication"] == "totp"
    bad = login(client, "tom@example.com", totp="12345x")
    assert bad.status_code == 400 and bad.json["wrong_OTP"] is True
    assert login(client, "tom@example.com", totp=fresh_totp(auth_app, secret)).status_code == 200
    assert login(client, "tom@example.com", recovery_code=codes[0].lower()).status_code == 200
    reused = login(client, "tom@example.com", recovery_code=codes[0])
    assert reused.status_code == 400 and reused.json["wrong_OTP"] is True
    assert len(person_row(auth_app, person.id)["otp_recovery_codes"]) == 15

    fresh_totp(auth_app, secret)  # forget the login's code before taking the state
    before = db_state(auth_app)
    for method, path in (("PUT", "/auth/totp"), ("POST", "/auth/totp")):  # already enabled: refused
        again = client.simulate_request(method, path, json={"totp": pyotp.TOTP(secret).now()}, headers=headers)
        assert again.status_code == 400 and again.json["message"] == "TOTP is already enabled."
    no_proof = client.simulate_delete("/auth/totp", json={}, headers=headers)
    assert no_proof.status_code == 400 and no_proof.json["missing_OTP"] is True
    assert db_state(auth_app) == before
    before = db_state(auth_app, ignore=FAILURE_COUNTERS)
    failures = person_row(auth_app, person.id)["login_failed_attemps"]
    wrong_proof = client.simulate_delete("/auth/totp", json={"totp": "99999a"}, headers=headers)
    assert wrong_proof.status_code == 400 and wrong_proof.json["wrong_OTP"] is True
    assert db_state(auth_app, ignore=FAILURE_COUNTERS) == before  # only the failure counter moved
    assert person_row(auth_app, person.id)["login_failed_attemps"] == failures + 1

    off = client.simulate_delete("/auth/totp", json={"totp": fresh_totp(auth_app, secret)}, headers=headers)
    assert off.json == {"success": True}
    row = person_row(auth_app, person.id)
    assert not row["totp_enabled"] and row["totp_secret"] is None
    assert row["preferred_two_factor_authentication"] is None and row["otp_recovery_codes"] is None
    assert login(client, "tom@example.com").status_code == 200


def test_email_otp_flow_over_smtp(auth_app, make_person, smtp):
    person = make_person(email="emma@example.com")
    client, headers = session(auth_app, person)
    anonymous = make_client(auth_app, role=None)

    assert client.simulate_put("/auth/email-otp", json={}, headers=headers).json == {"success": True}
    first = smtp.wait_for("emma@example.com")
    code = code_in(first)
    row = person_row(auth_app, person.id)
    assert row["email_otp_secret"] and not row["email_otp_enabled"]

    before = db_state(auth_app)
    wrong = client.simulate_post("/auth/email-otp", json={"email_otp": "12345x"}, headers=headers)
    assert wrong.status_code == 400 and wrong.json["wrong_OTP"] is True
    assert db_state(auth_app) == before
    enabled = client.simulate_post("/auth/email-otp", json={"email_otp": code}, headers=headers)
    assert enabled.status_code == 200 and len(enabled.json["otp_recovery_codes"]) == 16
    assert person_row(auth_app, person.id)["preferred_two_factor_authentication"] == "email_otp"

    missing = login(anonymous, "emma@example.com")
    assert missing.json["missing_OTP"] is True and missing.json["two_factor_authentication_enabled"] == ["email_otp"]
    assert anonymous.simulate_get("/auth/email-otp", params={"email": "emma@example.com"}).json == {"success": True}
    code = code_in(smtp.wait_for("emma@example.com", count=2))
    assert login(anonymous, "emma@example.com", email_otp=code).status_code == 200
    replayed = login(anonymous, "emma@example.com", email_otp=code)
    assert replayed.status_code == 400 and replayed.json["wrong_OTP"] is True

    anonymous.simulate_get("/auth/email-otp", params={"email": "emma@example.com"})
    code = code_in(smtp.wait_for("emma@example.com", count=3))
    with auth_app.db.connection_context():
        Challenge.update(expires_at=utcnow() - timedelta(seconds=1)).where(Challenge.kind == "email-otp").execute()
    assert login(anonymous, "emma@example.com", email_otp=code).json["wrong_OTP"] is True

    anonymous.simulate_get("/auth/email-otp", params={"email": "emma@example.com"})
    code = code_in(smtp.wait_for("emma@example.com", count=4))
    off = client.simulate_delete("/auth/email-otp", json={"email_otp": code}, headers=headers)
    assert off.json == {"success": True}
    assert not person_row(auth_app, person.id)["email_otp_enabled"]


def test_email_otp_seed_route_does_not_reveal_accounts(auth_app, make_person, smtp):
    make_person(email="plain@example.com")  # no e-mail codes enabled
    anonymous = make_client(auth_app, role=None)
    before = db_state(auth_app)
    for address in ("plain@example.com", "nobody@example.com"):
        result = anonymous.simulate_get("/auth/email-otp", params={"email": address})
        assert result.status_code == 200 and result.json == {"success": True}
    assert anonymous.simulate_get("/auth/email-otp").status_code == 400
    time.sleep(0.3)  # mail would leave from a background thread
    assert smtp.messages == [] and db_state(auth_app) == before


def test_pre_enable_email_otp_fails_cleanly_without_smtp(make_app):
    app = make_app(config={"plugins": {"auth": {"argon2_time_cost": 1, "argon2_memory_kib": 1024,
                                                "argon2_parallelism": 1, "smtp_port": free_port(),
                                                "smtp_host": "127.0.0.1"}}}, actors=False)
    person = new_person(app)
    client, headers = session(app, person)
    before = db_state(app)
    result = client.simulate_put("/auth/email-otp", json={}, headers=headers)
    assert result.status_code == 503 and result.json["error"] is True
    assert db_state(app) == before


def test_fido_register_login_replay_and_unregister(auth_app, make_person):
    person = make_person(email="fay@example.com")
    client, headers = session(auth_app, person)
    anonymous = make_client(auth_app, role=None)
    key = SoftAuthenticator()

    options = client.simulate_put("/auth/fido", json={}, headers=headers).json
    assert options["rp"]["id"] == "localhost" and options["challenge"] and options["user"]["name"] == "fay@example.com"
    assert len(challenges(auth_app, "fido-register")) == 1

    before = db_state(auth_app)
    foreign = client.simulate_post("/auth/fido", headers=headers, json={
        "registration_response": key.register(options, origin="https://evil.example"), "device_name": "Key 1"})
    assert foreign.status_code == 400 and foreign.json["message"] == "The FIDO registration is not valid."
    assert client.simulate_post("/auth/fido", json={"device_name": "Key 1"}, headers=headers).status_code == 400
    assert db_state(auth_app) == before

    answer = key.register(options)
    done = client.simulate_post("/auth/fido", json={"registration_response": answer, "device_name": "Key 1"},
                                headers=headers)
    assert done.status_code == 200 and len(done.json["otp_recovery_codes"]) == 16
    row = person_row(auth_app, person.id)
    assert row["fido_enabled"] and row["preferred_two_factor_authentication"] == "fido"
    assert row["fido_credentials"][0]["credential_id"] == b64url(key.credential_id)
    assert set(row["fido_credentials"][0]) == {"device_name", "credential_id", "public_key", "sign_count"}
    me = client.simulate_get("/auth/authenticated", headers=headers).json
    assert me["user"]["fido_devices"] == ["Key 1"]
    reused = client.simulate_post("/auth/fido", json={"registration_response": answer, "device_name": "Key 2"},
                                  headers=headers)
    assert reused.status_code == 400  # the challenge was used up

    missing = login(anonymous, "fay@example.com")
    assert missing.json["missing_OTP"] is True and missing.json["two_factor_authentication_enabled"] == ["fido"]
    request = anonymous.simulate_get("/auth/fido", params={"email": "fay@example.com"}).json
    assert request["rpId"] == "localhost"
    assert [c["id"] for c in request["allowCredentials"]] == [b64url(key.credential_id)]
    assertion = key.authenticate(request)
    assert login(anonymous, "fay@example.com", fido_authentication_response=assertion).status_code == 200
    assert person_row(auth_app, person.id)["fido_credentials"][0]["sign_count"] == 1
    replay = login(anonymous, "fay@example.com", fido_authentication_response=assertion)
    assert replay.status_code == 400 and replay.json["wrong_OTP"] is True
    forged = key.authenticate(anonymous.simulate_get("/auth/fido", params={"email": "fay@example.com"}).json,
                              tamper=True)
    assert login(anonymous, "fay@example.com", fido_authentication_response=forged).json["wrong_OTP"] is True
    junk = login(anonymous, "fay@example.com", fido_authentication_response={"response": {"x": 1}})
    assert junk.status_code == 400 and junk.json["wrong_OTP"] is True

    before = db_state(auth_app)
    unknown = client.simulate_delete("/auth/fido", json={"device_name": "Nope"}, headers=headers)
    assert unknown.status_code == 404
    no_proof = client.simulate_delete("/auth/fido", json={"device_name": "Key 1"}, headers=headers)
    assert no_proof.status_code == 400 and no_proof.json["missing_OTP"] is True
    assert db_state(auth_app) == before
    proof = key.authenticate(anonymous.simulate_get("/auth/fido", params={"email": "fay@example.com"}).json)
    off = client.simulate_delete("/auth/fido", json={"device_name": "Key 1", "fido_authentication_response": proof},
                                 headers=headers)
    assert off.json == {"success": True}
    row = person_row(auth_app, person.id)
    assert not row["fido_enabled"] and row["fido_credentials"] is None and row["otp_recovery_codes"] is None
    assert login(anonymous, "fay@example.com").status_code == 200


def test_fido_seed_route_answers_alike_for_unknown_accounts(auth_app, make_person):
    make_person(email="nokey@example.com")
    anonymous = make_client(auth_app, role=None)
    before = db_state(auth_app)
    first = anonymous.simulate_get("/auth/fido", params={"email": "ghost@example.com"})
    second = anonymous.simulate_get("/auth/fido", params={"email": "GHOST@example.com"})
    no_key = anonymous.simulate_get("/auth/fido", params={"email": "nokey@example.com"})
    assert first.status_code == second.status_code == no_key.status_code == 200
    assert set(first.json) == {"challenge", "timeout", "rpId", "allowCredentials", "userVerification"}
    assert len(first.json["allowCredentials"]) == 1
    assert first.json["allowCredentials"] == second.json["allowCredentials"] != no_key.json["allowCredentials"]
    assert first.json["challenge"] != second.json["challenge"]
    assert db_state(auth_app) == before  # no challenge kept for a ceremony nobody can finish


def test_second_method_keeps_codes_and_preference_falls_back(auth_app, make_person, smtp):
    person = make_person(email="two@example.com")
    client, headers = session(auth_app, person)
    secret, codes = enable_totp(client, headers)
    client.simulate_put("/auth/email-otp", json={}, headers=headers)
    second = client.simulate_post("/auth/email-otp", json={"email_otp": code_in(smtp.wait_for("two@example.com"))},
                                  headers=headers)
    assert second.json == {"success": True}  # no new recovery codes for a second method
    row = person_row(auth_app, person.id)
    assert row["preferred_two_factor_authentication"] == "totp" and len(row["otp_recovery_codes"]) == 16
    missing = login(client, "two@example.com")
    assert missing.json["two_factor_authentication_enabled"] == ["totp", "email_otp"]

    # Any enabled factor proves the person: TOTP goes with a recovery code as the proof.
    assert client.simulate_delete("/auth/totp", json={"recovery_code": codes[3]}, headers=headers).status_code == 200
    row = person_row(auth_app, person.id)
    assert row["preferred_two_factor_authentication"] == "email_otp" and len(row["otp_recovery_codes"]) == 15


def test_recovery_codes_regeneration_needs_a_proof(auth_app, make_person):
    person = make_person(email="rex@example.com")
    client, headers = session(auth_app, person)
    before = db_state(auth_app)
    none_yet = client.simulate_put("/auth/recovery-codes", json={}, headers=headers)
    assert none_yet.status_code == 400 and db_state(auth_app) == before

    secret, old_codes = enable_totp(client, headers)
    before = db_state(auth_app)
    refused = client.simulate_put("/auth/recovery-codes", json={"totp": None}, headers=headers)
    assert refused.status_code == 400 and refused.json["missing_OTP"] is True and db_state(auth_app) == before
    fresh = client.simulate_put("/auth/recovery-codes", json={"totp": fresh_totp(auth_app, secret)}, headers=headers)
    new_codes = fresh.json["otp_recovery_codes"]
    assert len(new_codes) == 16 and set(new_codes).isdisjoint(old_codes)
    assert login(client, "rex@example.com", recovery_code=old_codes[0]).json["wrong_OTP"] is True
    assert login(client, "rex@example.com", recovery_code=new_codes[0]).status_code == 200


def test_wrong_proofs_lock_the_account(auth_app, make_person):
    person = make_person(email="lou@example.com")
    client, headers = session(auth_app, person)
    secret, _ = enable_totp(client, headers)
    for _ in range(5):
        assert client.simulate_delete("/auth/totp", json={"totp": "abcdef"}, headers=headers).json["wrong_OTP"]
    assert person_row(auth_app, person.id)["login_failed_attemps"] == 5
    locked = client.simulate_delete("/auth/totp", json={"totp": fresh_totp(auth_app, secret)}, headers=headers)
    assert locked.status_code == 400 and locked.json["too_many_failed_login_attemps"] is True
    assert person_row(auth_app, person.id)["totp_enabled"]


def test_enrolment_under_enforce_2fa_swaps_the_restricted_token(make_app, smtp):
    app = smtp_app(make_app, smtp, enforce_2fa=True)
    person = new_person(app, email="new@example.com")
    client = make_client(app, role=None)
    first = login(client, "new@example.com").json
    assert first["two_factor_authentication_required"] is True
    restricted = bearer(first["access_token"])
    blocked = client.simulate_get("/data/projects", headers=restricted)
    assert blocked.status_code == 401 and blocked.json["requires_2fa_setup"] is True

    secret = client.simulate_put("/auth/totp", json={}, headers=restricted).json["otp_secret"]
    done = client.simulate_post("/auth/totp", json={"totp": pyotp.TOTP(secret).now()}, headers=restricted).json
    assert done["access_token"] and done["refresh_token"] and len(done["otp_recovery_codes"]) == 16
    assert client.simulate_get("/data/projects", headers=bearer(done["access_token"])).status_code == 200
    assert client.simulate_get("/auth/authenticated", headers=restricted).status_code == 401
    assert person_row(app, person.id)["totp_enabled"]


@pytest.mark.parametrize("method,path", [("PUT", "/auth/totp"), ("POST", "/auth/totp"), ("DELETE", "/auth/totp"),
                                         ("PUT", "/auth/email-otp"), ("POST", "/auth/email-otp"),
                                         ("PUT", "/auth/fido"), ("POST", "/auth/fido"), ("DELETE", "/auth/fido"),
                                         ("PUT", "/auth/recovery-codes")])
def test_set_up_routes_need_a_token(auth_app, method, path):
    assert make_client(auth_app, role=None).simulate_request(method, path, json={}).status_code == 401



def fresh_totp(app, secret):
    """The current code, with earlier uses forgotten: each step of a test may reuse the window."""

    with app.db.connection_context():
        Challenge.delete().where(Challenge.kind == "totp-used").execute()
    return pyotp.TOTP(secret).now()


def test_a_totp_code_is_accepted_only_once(auth_app, make_person):
    from clapboard.plugins.auth.twofactor import totp

    person = make_person(email="once@example.com")
    secret = pyotp.random_base32()
    with auth_app.db.connection_context():
        Person.update(totp_secret=secret, totp_enabled=True).where(Person.id == person.id).execute()
        person = Person.get_by_id(person.id)
        code = pyotp.TOTP(secret).now()
        assert totp.verify(person, code) is True
        assert totp.verify(person, code) is False  # replayed
