"""Bots: persons with ``is_bot`` whose long-lived token comes back when they are created.

As in Zou, changing a bot's ``expiration_date`` issues a new token, which
revokes the previous one (a bot token is valid only while its ``jti`` is the
one stored on the person).
"""

from __future__ import annotations

from clapboard.plugins.data.models import Person

from .accounts import issue_bot_token


def after_person_write(app, model, verb, row: dict, changes: dict) -> None:
    if model is not Person or not row.get("is_bot"):
        return
    if verb == "create" or "expiration_date" in (changes or {}):
        row["access_token"] = issue_bot_token(app, Person.get_by_id(row["id"]))
