"""Persons as the auth plugin sees them: lookup, public views, token issue and revocation."""

from __future__ import annotations

import time
import uuid
from datetime import date, datetime, timedelta, timezone

import peewee

from clapboard.plugins.data.crud import rows
from clapboard.plugins.data.crud.meta import info
from clapboard.plugins.data.models import Organisation, Person

from . import tokens
from .models import RevokedToken, SessionFloor
from .settings import settings

DEFAULT_ORGANISATION = "Clapboard"


def utcnow() -> datetime:
    return datetime.now(timezone.utc).replace(tzinfo=None, microsecond=0)


def find_by_login(login: str) -> Person | None:
    """A person (not a bot) by e-mail, case-insensitively, or by desktop login."""

    if not isinstance(login, str) or not login.strip():
        return None
    login = login.strip()
    query = Person.select().where(
        ((peewee.fn.LOWER(Person.email) == login.lower()) | (Person.desktop_login == login)),
        Person.is_bot == False,  # noqa: E712 - peewee expression
    )
    return query.first()


def person_view(person_id, with_fido_devices: bool = False) -> dict:
    """The person as Zou returns it to its owner: no secrets, with departments."""

    person_info = info(Person)
    row = rows.fetch_one(person_info, person_id)
    if with_fido_devices:
        credentials = Person.select(Person.fido_credentials).where(Person.id == person_id).scalar() or []
        row["fido_devices"] = [c.get("device_name") for c in credentials if isinstance(c, dict)]
    return row


def organisation_view() -> dict:
    org_info = info(Organisation)
    first = Organisation.select(Organisation.id).order_by(Organisation.created_at).first()
    if first is None:
        first = Organisation.create(id=uuid.uuid4(), name=DEFAULT_ORGANISATION)
    return rows.fetch_one(org_info, first.id)


def access_lifetime(app, browser: bool) -> timedelta:
    conf = settings(app)
    return timedelta(minutes=conf["access_token_minutes" if browser else "script_access_token_minutes"])


def issue_pair(app, person: Person, browser: bool = False, **claims) -> dict:
    """A fresh access + refresh token pair for an interactive login."""

    conf = settings(app)
    _wait_for_floor(person.id)
    refresh, refresh_claims = tokens.issue(
        app.secret_key, str(person.id), "refresh", timedelta(days=conf["refresh_token_days"]),
        identity_type="person")
    access, _ = tokens.issue(
        app.secret_key, str(person.id), "access", access_lifetime(app, browser),
        identity_type="person", refresh_jti=refresh_claims["jti"], **claims)
    return {"access_token": access, "refresh_token": refresh}


def _wait_for_floor(person_id) -> None:
    """A session floor set within the current second (a deactivation) refuses tokens of that second: a
    login right after the account is turned on again waits for the next second rather than hand out a
    token already refused."""

    floor = SessionFloor.select(SessionFloor.not_before).where(SessionFloor.person_id == person_id).scalar()
    if floor is not None:
        ahead = floor - datetime.now(timezone.utc).timestamp()
        if 0 < ahead <= 1:
            time.sleep(ahead)


def issue_access(app, person_id: str, refresh_jti: str, browser: bool = False) -> str:
    access, _ = tokens.issue(app.secret_key, person_id, "access", access_lifetime(app, browser),
                             identity_type="person", refresh_jti=refresh_jti)
    return access


def issue_bot_token(app, person: Person) -> str:
    """A long-lived token for a bot; valid while ``person.jti`` matches (regenerating revokes it)."""

    lifetime = None
    if person.expiration_date:
        end = datetime.combine(_as_date(person.expiration_date), datetime.max.time()).replace(microsecond=0)
        lifetime = max(end - utcnow(), timedelta(seconds=1))
    token, claims = tokens.issue(app.secret_key, str(person.id), "access", lifetime, identity_type="bot")
    Person.update(jti=claims["jti"]).where(Person.id == person.id).execute()
    return token


def _as_date(value) -> date:
    return value if isinstance(value, date) else date.fromisoformat(str(value))


def revoke(*jtis: str | None, expires_at: datetime | None = None) -> None:
    rows_ = [{"jti": j, "expires_at": expires_at} for j in jtis if j]
    if rows_:
        RevokedToken.insert_many(rows_).on_conflict_ignore().execute()


def is_revoked(jti: str) -> bool:
    return RevokedToken.select().where(RevokedToken.jti == jti).exists()


def set_password(app, person_id, password: str, end_sessions: bool = True) -> None:
    """Store a new password (argon2id), clear the lockout and, unless told otherwise,
    refuse every token issued before now: whoever held the old password is out."""

    Person.update(password=app.passwords.hash(password), login_failed_attemps=0,
                  last_login_failed=None).where(Person.id == person_id).execute()
    if end_sessions:
        end_every_session(person_id)


def end_every_session(person_id, this_second_too: bool = False) -> None:
    """Refuse every token of the person issued before now, on every process (tokens already out, bots' too).

    Tokens carry whole seconds: ``this_second_too`` also refuses those issued during the current second
    (a deactivation), at the price of refusing a new login made within it.
    """

    now = int(datetime.now(timezone.utc).timestamp()) + (1 if this_second_too else 0)
    SessionFloor.insert(person_id=person_id, not_before=now).on_conflict(
        conflict_target=[SessionFloor.person_id], update={SessionFloor.not_before: now}).execute()


def before_floor(claims: dict) -> bool:
    """Whether a token was issued before its person's session floor."""

    floor = SessionFloor.select(SessionFloor.not_before).where(SessionFloor.person_id == claims["sub"]).scalar()
    return floor is not None and claims["iat"] < floor
