"""Password reset by e-mail (real SMTP on loopback) and the admin helpers under /actions/persons/{id}."""

import time
import uuid
from datetime import timedelta
from urllib.parse import parse_qs, urlsplit

import pytest

from clapboard.plugins.auth.accounts import utcnow
from clapboard.plugins.auth.models import Challenge
from clapboard.plugins.data.models import Person
from clapboard.testing import make_client

from .conftest import PASSWORD
from .helpers import challenges, db_state, login, person_row, session, smtp_app
from .smtp_sink import link_in

NEW = "a brand new secret"


@pytest.fixture
def auth_app(make_app, smtp):
    return smtp_app(make_app, smtp, public_url="https://kitsu.example.com/")


def token_of(link: str) -> str:
    return parse_qs(urlsplit(link).query)["token"][0]


def reset(client, token, password=NEW, password2=NEW, **extra):
    return client.simulate_put("/auth/reset-password",
                               json={"token": token, "password": password, "password2": password2, **extra})


def ask_reset(client, smtp, email, count=1) -> str:
    assert client.simulate_post("/auth/reset-password", json={"email": email}).json == {"success": True}
    return link_in(smtp.wait_for(email, count=count))


def test_reset_by_email_end_to_end(auth_app, make_person, smtp):
    person = make_person(email="rita@example.com")
    with auth_app.db.connection_context():  # a locked account: the reset must unlock it
        Person.update(login_failed_attemps=5, last_login_failed=utcnow()).where(Person.id == person.id).execute()
    client = make_client(auth_app, role=None)
    link = ask_reset(client, smtp, "rita@example.com")
    assert link.startswith("https://kitsu.example.com/reset-change-password?")
    assert parse_qs(urlsplit(link).query)["email"] == ["rita@example.com"]
    token = token_of(link)
    stored = challenges(auth_app, "reset-password")
    assert len(stored) == 1 and token not in stored[0].key  # only a hash is kept

    before = db_state(auth_app)
    assert reset(client, token, password2="something else").status_code == 400
    assert reset(client, token, password="short", password2="short").status_code == 400
    wrong_email = reset(client, token, email="other@example.com")
    assert wrong_email.status_code == 400 and wrong_email.json["message"] == "Wrong or expired token."
    assert db_state(auth_app) == before  # the token is still usable after refused attempts

    assert reset(client, token, email="Rita@example.com").json == {"success": True}
    assert login(client, "rita@example.com").status_code == 400
    assert login(client, "rita@example.com", NEW).status_code == 200
    assert challenges(auth_app, "reset-password") == []

    before = db_state(auth_app)
    used = reset(client, token, password="third password", password2="third password")
    assert used.status_code == 400 and used.json["message"] == "Wrong or expired token."
    assert db_state(auth_app) == before


def test_reset_answers_alike_for_unknown_and_inactive_accounts(auth_app, make_person, smtp):
    make_person(email="gone@example.com", active=False)
    client = make_client(auth_app, role=None)
    before = db_state(auth_app)
    for address in ("gone@example.com", "nobody@example.com"):
        result = client.simulate_post("/auth/reset-password", json={"email": address})
        assert result.status_code == 200 and result.json == {"success": True}
    time.sleep(0.3)  # mail would leave from a background thread
    assert smtp.messages == [] and db_state(auth_app) == before
    assert client.simulate_post("/auth/reset-password", json={}).status_code == 400
    assert reset(client, "made-up-token").status_code == 400
    assert db_state(auth_app) == before


def test_expired_and_superseded_tokens_are_refused(auth_app, make_person, smtp):
    person = make_person(email="sam@example.com")
    client = make_client(auth_app, role=None)
    older = token_of(ask_reset(client, smtp, "sam@example.com"))
    newer = token_of(ask_reset(client, smtp, "sam@example.com", count=2))
    before = db_state(auth_app)
    assert reset(client, older).status_code == 400  # a new link voids the older one
    with auth_app.db.connection_context():
        Challenge.update(expires_at=utcnow() - timedelta(seconds=1)).where(Challenge.person_id == person.id).execute()
    expired_state = db_state(auth_app)
    assert reset(client, newer).status_code == 400
    assert db_state(auth_app) == expired_state != before
    assert login(client, "sam@example.com").status_code == 200  # password unchanged


def test_admin_changes_a_password(auth_app, make_person):
    admin = make_person(email="boss@example.com", role="admin")
    user = make_person(email="ugo@example.com")
    client, admin_headers = session(auth_app, admin)
    _, user_headers = session(auth_app, user)
    path = f"/actions/persons/{user.id}/change-password"
    body = {"password": NEW, "password_2": NEW}

    before = db_state(auth_app)
    assert client.simulate_post(path, json=body, headers=user_headers).status_code == 403
    assert client.simulate_post(path, json=body).status_code == 401
    mismatch = client.simulate_post(path, json={"password": NEW, "password_2": "nope"}, headers=admin_headers)
    assert mismatch.status_code == 400
    unknown = client.simulate_post(f"/actions/persons/{uuid.uuid4()}/change-password", json=body,
                                   headers=admin_headers)
    assert unknown.status_code == 404
    malformed = client.simulate_post("/actions/persons/not-an-id/change-password", json=body, headers=admin_headers)
    assert malformed.status_code == 400 and malformed.json["message"] == "Malformed ID."
    assert db_state(auth_app) == before

    assert client.simulate_post(path, json=body, headers=admin_headers).json == {"success": True}
    assert login(client, "ugo@example.com").status_code == 400
    assert login(client, "ugo@example.com", NEW).status_code == 200


def test_admin_disables_two_factor_authentication(auth_app, make_person):
    admin = make_person(email="boss@example.com", role="admin")
    user = make_person(email="lost@example.com", totp_enabled=True, totp_secret="JBSWY3DPEHPK3PXP",
                       preferred_two_factor_authentication="totp", otp_recovery_codes=["a$b"])
    client, admin_headers = session(auth_app, admin)
    _, user_headers = session(auth_app, make_person(email="peer@example.com", role="manager"))
    path = f"/actions/persons/{user.id}/disable-two-factor-authentication"

    before = db_state(auth_app)
    assert client.simulate_delete(path, headers=user_headers).status_code == 403
    assert client.simulate_delete(f"/actions/persons/{uuid.uuid4()}/disable-two-factor-authentication",
                                  headers=admin_headers).status_code == 404
    assert db_state(auth_app) == before

    assert client.simulate_delete(path, headers=admin_headers).json == {"success": True}
    row = person_row(auth_app, user.id)
    assert not row["totp_enabled"] and row["totp_secret"] is None and row["otp_recovery_codes"] is None
    assert login(client, "lost@example.com").status_code == 200
    before = db_state(auth_app)
    again = client.simulate_delete(path, headers=admin_headers)
    assert again.status_code == 400
    assert again.json == {"error": True, "message": "Two factor authentication not enabled for this user."}
    assert db_state(auth_app) == before


def test_admin_invites_and_gets_reset_links(auth_app, make_person, smtp):
    admin = make_person(email="boss@example.com", role="admin")
    newcomer = make_person(email="newbie@example.com", password=None)
    client, admin_headers = session(auth_app, admin)
    _, user_headers = session(auth_app, make_person(email="peer@example.com"))

    before = db_state(auth_app)
    assert client.simulate_get(f"/actions/persons/{newcomer.id}/invite", headers=user_headers).status_code == 403
    assert client.simulate_post(f"/actions/persons/{newcomer.id}/reset-password-link",
                                headers=user_headers).status_code == 403
    assert client.simulate_get("/actions/persons/bad/invite", headers=admin_headers).json["message"] == "Malformed ID."
    assert db_state(auth_app) == before and smtp.messages == []

    invited = client.simulate_get(f"/actions/persons/{newcomer.id}/invite", headers=admin_headers)
    assert invited.json == {"success": True, "message": "Email sent"}
    mail = smtp.wait_for("newbie@example.com")
    assert "invited" in mail["Subject"]
    assert reset(client, token_of(link_in(mail))).json == {"success": True}
    assert login(client, "newbie@example.com", NEW).status_code == 200

    link = client.simulate_post(f"/actions/persons/{newcomer.id}/reset-password-link", headers=admin_headers).json
    assert link["success"] is True and link["link"].startswith("https://kitsu.example.com/reset-change-password?")
    assert reset(client, token_of(link["link"]), password=PASSWORD, password2=PASSWORD).json == {"success": True}
    assert login(client, "newbie@example.com").status_code == 200
