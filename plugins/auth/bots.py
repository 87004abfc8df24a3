"""Persons written through ``/data/persons``: bot tokens, admin-set passwords, deactivation.

Bots are persons with ``is_bot`` whose long-lived token comes back when they are created.

As in Zou, changing a bot's ``expiration_date`` issues a new token, which
revokes the previous one (a bot token is valid only while its ``jti`` is the
one stored on the person).
"""

from __future__ import annotations

from clapboard.plugins.data.models import Person

from .accounts import end_every_session, issue_bot_token


def after_person_write(app, model, verb, row: dict, changes: dict) -> None:
    if model is not Person:
        return
    if verb == "update" and (changes or {}).get("active") is False:
        # Deactivated: the sessions it had stay dead even if the account is turned on again later.
        end_every_session(row["id"], this_second_too=True)
    if not row.get("is_bot"):
        return
    if verb == "create" or "expiration_date" in (changes or {}):
        row["access_token"] = issue_bot_token(app, Person.get_by_id(row["id"]))


def person_password(app, actor, model, body: dict) -> dict | None:
    """An admin may give a person a password through ``/data/persons`` (gazu's
    ``new_person(password=...)``): it is checked and stored hashed, never as sent.
    Others change passwords through ``/auth/change-password``."""

    if model is not Person or body.get("password") is None:
        return None
    if actor is None or actor.role != "admin":
        return None  # left in the body: refused as a protected field
    password = app.passwords.check_new(body.pop("password"))
    return {"password": app.passwords.hash(password)}
