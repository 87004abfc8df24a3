"""``POST /auth/login``: password, lockout, second factor, tokens — with Zou's answers.

Unknown accounts and wrong passwords get the same answer and cost the same
time (a decoy hash is checked). After ``lockout_attempts`` failures an account
is locked for ``lockout_seconds``; failure counters are committed even though
the answer is an error.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from clapboard.plugins.data.models import LoginLog, Person

from . import accounts, twofactor
from .settings import settings

WRONG = "Wrong email or password."


class LoginRefused(Exception):
    def __init__(self, status: int, body: dict):
        super().__init__(body.get("message"))
        self.status = status
        self.body = body


def _refuse(status: int, message: str, **flags) -> LoginRefused:
    return LoginRefused(status, {"error": True, "login": False, "message": message, **flags})


def is_locked(app, person: Person) -> bool:
    conf = settings(app)
    if (person.login_failed_attemps or 0) < conf["lockout_attempts"] or person.last_login_failed is None:
        return False
    last = person.last_login_failed
    if isinstance(last, str):
        last = datetime.fromisoformat(last)
    return accounts.utcnow() - last < timedelta(seconds=conf["lockout_seconds"])


def record_failure(person: Person) -> None:
    attempts = (person.login_failed_attemps or 0) + 1
    Person.update(login_failed_attemps=attempts, last_login_failed=accounts.utcnow()).where(
        Person.id == person.id).execute()


def log_in(app, body: dict, remote_addr: str | None, from_browser: bool) -> dict:
    """Check the credentials; return Zou's success body or raise ``LoginRefused``."""

    person = accounts.find_by_login(body.get("email"))
    if person is not None and is_locked(app, person):
        raise _refuse(400, "Too many failed login attempts; try again in a minute.",
                      too_many_failed_login_attemps=True)
    verdict = None
    if person is not None:  # a directory's account: its password is checked there
        verdict = app.hook.auth_verify_password(app=app, person=person, password=body.get("password"))
    if verdict is None:
        ok, rehash = app.passwords.verify(person.password if person else None, body.get("password"))
    else:
        ok, rehash = bool(verdict), False
    if not ok:
        if person is not None:
            record_failure(person)
        raise LoginRefused(400, {"login": False, "message": WRONG})
    if not person.active:
        raise _refuse(401, "This account is disabled.", unactive=True)

    methods = twofactor.enabled_methods(person)
    if methods:
        proof = twofactor.verify_login_proof(app, person, body)
        if proof is None:
            raise _refuse(400, "A second authentication factor is required.", missing_OTP=True,
                          preferred_two_factor_authentication=person.preferred_two_factor_authentication or methods[0],
                          two_factor_authentication_enabled=methods)
        if proof is False:
            record_failure(person)
            raise _refuse(400, "The second authentication factor is wrong.", wrong_OTP=True,
                          preferred_two_factor_authentication=person.preferred_two_factor_authentication or methods[0],
                          two_factor_authentication_enabled=methods)

    changes = {"login_failed_attemps": 0, "last_login_failed": None, "last_presence": accounts.utcnow().date()}
    if rehash:
        changes["password"] = app.passwords.hash(body["password"])
    Person.update(**changes).where(Person.id == person.id).execute()
    LoginLog.create(person=person.id, ip_address=(remote_addr or "")[:45] or None,
                    origin="web" if from_browser else "script")

    conf = settings(app)
    needs_setup = (conf["enforce_2fa"] and not methods and (person.email or "") not in conf["two_fa_exempt"])
    claims = {"requires_2fa_setup": True} if needs_setup else {}
    result = {
        "user": accounts.person_view(person.id),
        "organisation": accounts.organisation_view(),
        "login": True,
        **accounts.issue_pair(app, person, browser=from_browser, **claims),
    }
    if needs_setup:
        result["two_factor_authentication_required"] = True
    return result
