"""Writing directory accounts: create, update, deactivate (every session ended), departments, identity.

Only persons with ``is_generated_from_ldap`` are ever written here; the sync
decides which. Each write emits Zou's ``person:*`` event, delivered after the
sync's transaction commits.
"""

from __future__ import annotations

import uuid

import peewee

from clapboard import database
from clapboard.plugins.auth.accounts import end_every_session
from clapboard.plugins.data.crud.service import Context
from clapboard.plugins.data.engine import emit
from clapboard.plugins.data.models import Department, DepartmentLink, Person

from ..flows import utcnow
from ..models import Identity
from .directory import Entry

DEPARTMENT_COLOR = "#8f8f8f"  # departments made by the sync: a neutral grey an admin may change


def directory_accounts() -> dict[str, Person]:
    """Directory accounts by lower-cased uid; bots and guests never count as ones."""

    query = Person.select().where(Person.is_generated_from_ldap == True, Person.is_bot == False,  # noqa: E712
                                  Person.is_guest == False, Person.ldap_uid.is_null(False))  # noqa: E712
    return {p.ldap_uid.lower(): p for p in query}


def email_owner(email: str) -> Person | None:
    return Person.select().where(peewee.fn.LOWER(Person.email) == email.lower(),
                                 Person.is_bot == False).first()  # noqa: E712


def uid_owner(uid: str) -> Person | None:
    return Person.select().where(peewee.fn.LOWER(Person.ldap_uid) == uid.lower()).first()


def create(app, entry: Entry, role: str) -> Person:
    """A new directory account; its uid is also its desktop login (people may log in with it, as in Zou)
    unless another account already uses that login."""

    taken = Person.select().where(Person.desktop_login == entry.uid[:80]).exists()
    person = Person.create(
        id=uuid.uuid4(), email=entry.email.lower(), first_name=(entry.first_name or entry.uid)[:80],
        last_name=entry.last_name[:80], role=role, active=True, is_bot=False, is_guest=False, password=None,
        is_generated_from_ldap=True, ldap_uid=entry.uid, desktop_login=None if taken else entry.uid[:80])
    emit(Context(app=app, actor=None), "person:new", {"person_id": str(person.id)})
    return person


def update(app, person: Person, changes: dict) -> None:
    Person.update(updated_at=utcnow(), **changes).where(Person.id == person.id).execute()
    emit(Context(app=app, actor=None), "person:update", {"person_id": str(person.id)})


def deactivate(app, person: Person) -> None:
    """Inactive, and every token issued until now refused (the auth plugin's session floor)."""

    end_every_session(person.id, this_second_too=True)  # reactivated later, old tokens stay dead
    update(app, person, {"active": False})


def department_ids(app, names: set[str], create_missing: bool) -> dict[str, uuid.UUID]:
    """Lower-cased name -> id of the named departments, created when missing and ``create_missing``."""

    found = {d.name.lower(): d.id for d in Department.select().where(
        peewee.fn.LOWER(Department.name).in_([n.lower() for n in names]))} if names else {}
    for name in sorted(names):
        if name.lower() not in found and create_missing:
            department = Department.create(id=uuid.uuid4(), name=name[:80], color=DEPARTMENT_COLOR)
            emit(Context(app=app, actor=None), "department:new", {"department_id": str(department.id)})
            found[name.lower()] = department.id
    return found


def set_departments(person_id, wanted: set, managed: set) -> bool:
    """Make the person's links among ``managed`` department ids exactly ``wanted``; whether any changed."""

    have = {row.department_id for row in DepartmentLink.select(DepartmentLink.department).where(
        DepartmentLink.person == person_id, DepartmentLink.department.in_(list(managed)))} if managed else set()
    removed, added = have - wanted, wanted - have
    if removed:
        DepartmentLink.delete().where(DepartmentLink.person == person_id,
                                      DepartmentLink.department.in_(list(removed))).execute()
    for department_id in added:
        DepartmentLink.insert(person=person_id, department=department_id).on_conflict_ignore().execute()
    return bool(removed or added)


def bind_identity(person: Person, issuer: str, entry: Entry) -> None:
    """Bind the account to ``ldap``/server/uid (``clapboard sso identities`` lists it)."""

    if Identity.select().where(Identity.method == "ldap", Identity.issuer == issuer,
                               (Identity.subject == entry.uid) | (Identity.person_id == person.id)).exists():
        return
    try:
        with database.atomic():
            Identity.create(id=uuid.uuid4(), person_id=person.id, method="ldap", issuer=issuer, subject=entry.uid,
                            email=entry.email, created_at=utcnow())
    except peewee.IntegrityError:
        pass  # bound meanwhile by another sync: the same binding
