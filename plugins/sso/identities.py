"""Identities bound to accounts: admins list them and unbind one (``/plugins/sso/identities``).

Unbinding lets another identity take an account over (a recycled address, a
person recreated at the provider): the next sign-on with the account's e-mail
binds it again. Admins only, whatever policy plugin is enabled.
"""

from __future__ import annotations

import uuid

import falcon
import peewee

from clapboard import Permission, Route, operation
from clapboard.errors import BadRequest, NotFound
from clapboard.plugins.data.models import Person

from .models import Identity

PREFIX = "sso."
PERMISSIONS = (Permission("sso.identities.read", "list the provider identities bound to accounts"),
               Permission("sso.identities.delete", "unbind an account from a provider identity"))


def permission_allowed(actor, action: str) -> bool | None:
    if actor is None or not action.startswith(PREFIX):
        return None
    return actor.role == "admin" and action in {p.action for p in PERMISSIONS}


def view(row: dict) -> dict:
    return {"id": str(row["id"]), "person_id": str(row["person_id"]), "email": row.get("person_email"),
            "method": row["method"], "issuer": row["issuer"], "subject": row["subject"],
            "bound_email": row["email"], "created_at": row["created_at"].isoformat(timespec="seconds"),
            "last_login_at": row["last_login_at"].isoformat(timespec="seconds") if row["last_login_at"] else None}


def listed(email: str | None = None, person_id=None) -> list[dict]:
    query = (Identity.select(Identity, Person.email.alias("person_email"))
             .join(Person, peewee.JOIN.LEFT_OUTER, on=(Person.id == Identity.person_id))
             .order_by(Identity.created_at, Identity.id))
    if email:
        query = query.where(peewee.fn.LOWER(Person.email) == email.strip().lower())
    if person_id:
        query = query.where(Identity.person_id == person_id)
    return [view(r) for r in query.dicts()]


def unbind_email(email: str, method: str | None) -> int | None:
    person = Person.get_or_none(peewee.fn.LOWER(Person.email) == email.strip().lower())
    if person is None:
        return None
    query = Identity.delete().where(Identity.person_id == person.id)
    if method:
        query = query.where(Identity.method == method)
    return query.execute()


def _uuid(value: str, name: str) -> uuid.UUID:
    try:
        return uuid.UUID(str(value))
    except ValueError:
        raise BadRequest(f"{name} is not an id.") from None


class Identities:
    @operation(summary="List provider identities bound to accounts (admins)", action="sso.identities.read",
               description="Filter with `person_id` or `email`.", response_schema="sso/identities#/$defs/list")
    def on_get(self, req, resp):
        person_id = req.get_param("person_id")
        resp.media = listed(req.get_param("email"), _uuid(person_id, "person_id") if person_id else None)


class OneIdentity:
    @operation(summary="Unbind an account from a provider identity (admins)", action="sso.identities.delete")
    def on_delete(self, req, resp, identity_id):
        if Identity.delete().where(Identity.id == _uuid(identity_id, "identity_id")).execute() != 1:
            raise NotFound(f"Identity {identity_id} not found.")
        resp.status = falcon.HTTP_204


def routes() -> list[Route]:
    return [Route("/plugins/sso/identities", Identities(), tags=("sso",)),
            Route("/plugins/sso/identities/{identity_id}", OneIdentity(), tags=("sso",))]
