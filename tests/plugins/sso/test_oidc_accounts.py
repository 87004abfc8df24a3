"""Which account an OIDC sign-on opens: created, bound by e-mail, then found by (issuer, sub); and who is refused."""

from __future__ import annotations

import requests

from clapboard.plugins.data.models import Person
from clapboard.plugins.sso.models import Identity

from .providers.oidc_provider import provider_fixture, studio_fixture  # noqa: F401 - fixtures


def people(studio) -> dict:
    with studio.app.db.connection_context():
        return {p.email: p for p in Person.select().where(Person.is_bot == False)}  # noqa: E712


def identities(studio) -> list:
    with studio.app.db.connection_context():
        return [(i.person_id, i.method, i.issuer, i.subject) for i in Identity.select()]


def signed_in(studio, session) -> dict | None:
    answer = session.get(studio.front + "/api/auth/authenticated")
    return answer.json()["user"] if answer.status_code == 200 else None


def test_a_first_sign_on_creates_an_account_with_the_default_role(oidc_studio, oidc_provider):
    studio = oidc_studio(sso={"default_role": "supervisor"})
    user = oidc_provider.add_user("ada", "Ada@Example.com", given_name="Ada", family_name="Lovelace")
    session = requests.Session()
    answer = studio.sign_on(session, "ada")
    assert answer.status_code == 302 and answer.headers["Location"] == studio.front + "/"
    assert {"access_token_cookie", "refresh_token_cookie"} <= set(answer.cookies.keys())
    person = people(studio)["ada@example.com"]
    assert (person.role, person.first_name, person.last_name, person.active) == ("supervisor", "Ada", "Lovelace", True)
    assert identities(studio) == [(person.id, "oidc", oidc_provider.url, user.sub)]
    assert signed_in(studio, session)["id"] == str(person.id)


def test_names_and_email_come_from_userinfo_when_the_id_token_has_none(oidc_studio, oidc_provider):
    studio = oidc_studio()
    oidc_provider.names_in_id_token = False
    oidc_provider.add_user("grace", "grace@example.com", given_name="Grace", family_name="Hopper")
    session = requests.Session()
    assert studio.sign_on(session, "grace").status_code == 302
    person = people(studio)["grace@example.com"]
    assert (person.first_name, person.last_name) == ("Grace", "Hopper")


def test_an_existing_account_is_bound_by_email_then_found_by_subject(oidc_studio, oidc_provider):
    studio = oidc_studio()
    with studio.app.db.connection_context():
        bob = Person.create(first_name="Bob", last_name="B", email="bob@example.com", role="manager")
    user = oidc_provider.add_user("bob", "BOB@example.com", given_name="Robert", family_name="Builder")
    first = requests.Session()
    assert studio.sign_on(first, "bob").status_code == 302
    assert signed_in(studio, first)["id"] == str(bob.id)
    assert identities(studio) == [(bob.id, "oidc", oidc_provider.url, user.sub)]
    assert people(studio)["bob@example.com"].role == "manager"  # an existing account keeps its role

    user.email = "robert@example.com"  # the provider changes the e-mail; sub stays
    later = requests.Session()
    assert studio.sign_on(later, "bob").status_code == 302
    assert signed_in(studio, later)["id"] == str(bob.id)
    assert len(people(studio)) == 1


def test_another_identity_with_the_same_email_is_refused(oidc_studio, oidc_provider):
    studio = oidc_studio()
    oidc_provider.add_user("one", "same@example.com")
    oidc_provider.add_user("two", "same@example.com")
    assert studio.sign_on(requests.Session(), "one").status_code == 302
    session = requests.Session()
    answer = studio.sign_on(session, "two")
    assert answer.status_code == 400 and answer.json()["error"] is True
    assert "bound to another identity" in answer.json()["message"]
    assert "access_token_cookie" not in answer.cookies and signed_in(studio, session) is None
    assert len(identities(studio)) == 1


def test_unknown_people_are_refused_when_accounts_are_not_created(oidc_studio, oidc_provider):
    studio = oidc_studio(sso={"create_accounts": False})
    oidc_provider.add_user("eve", "eve@example.com")
    answer = studio.sign_on(requests.Session(), "eve")
    assert answer.status_code == 400 and "No account uses eve@example.com" in answer.json()["message"]
    assert people(studio) == {} and identities(studio) == []


def test_protected_accounts_are_not_bound_through_their_email(oidc_studio, oidc_provider):
    studio = oidc_studio(sso={"protected_accounts": ["root@example.com"]})
    with studio.app.db.connection_context():
        Person.create(first_name="Root", last_name="R", email="root@example.com", role="admin")
    oidc_provider.add_user("root", "root@example.com")
    answer = studio.sign_on(requests.Session(), "root")
    assert answer.status_code == 400 and "cannot be signed in through its e-mail" in answer.json()["message"]
    assert identities(studio) == []


def test_a_disabled_account_is_refused_and_deactivation_ends_a_session(oidc_studio, oidc_provider):
    studio = oidc_studio()
    with studio.app.db.connection_context():
        off = Person.create(first_name="Off", last_name="O", email="off@example.com", role="user", active=False)
        on = Person.create(first_name="On", last_name="O", email="on@example.com", role="user")
    oidc_provider.add_user("off", "off@example.com")
    oidc_provider.add_user("on", "on@example.com")
    refused = studio.sign_on(requests.Session(), "off")
    assert refused.status_code == 401 and refused.json()["message"] == "This account is disabled."
    assert "access_token_cookie" not in refused.cookies and identities(studio) == []

    session = requests.Session()
    assert studio.sign_on(session, "on").status_code == 302
    assert session.get(studio.front + "/api/data/user/context").status_code == 200
    with studio.app.db.connection_context():
        Person.update(active=False).where(Person.id == on.id).execute()
    assert session.get(studio.front + "/api/data/user/context").status_code == 401
    assert off.id != on.id


def test_a_rotated_key_is_fetched_again_once(oidc_studio, oidc_provider):
    studio = oidc_studio()
    oidc_provider.add_user("kim", "kim@example.com")
    assert studio.sign_on(requests.Session(), "kim").status_code == 302
    assert studio.sign_on(requests.Session(), "kim").status_code == 302
    assert oidc_provider.jwks_fetches == 1  # kept between sign-ons
    oidc_provider.rotate_key()
    assert studio.sign_on(requests.Session(), "kim").status_code == 302
    assert oidc_provider.jwks_fetches == 2
