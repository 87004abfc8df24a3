"""The one path every sign-on method ends on: binding, provisioning and refusals (``accounts.resolve``)."""

from __future__ import annotations

import uuid

import pytest

from clapboard.errors import BadRequest, Unauthorized
from clapboard.plugins.data.models import Person
from clapboard.plugins.sso import accounts
from clapboard.plugins.sso.accounts import SignOn
from clapboard.plugins.sso.models import Identity

FAST = {"argon2_time_cost": 1, "argon2_memory_kib": 1024, "argon2_parallelism": 1}


@pytest.fixture
def make_sso_app(make_app):
    def build(**sso):
        return make_app(config={"plugins": {"auth": dict(FAST), "sso": sso}}, actors=False)

    return build


def person(email, role="user", **fields):
    return Person.create(id=uuid.uuid4(), first_name="Pat", last_name="Doe", email=email, role=role, **fields)


def sign_on(email="ann@studio.test", subject="sub-1", issuer="https://idp.test", method="oidc", **extra):
    return SignOn(method=method, issuer=issuer, subject=subject, email=email, first_name="Ann", last_name="Lee",
                  **extra)


def test_a_first_sign_on_binds_the_account_holding_the_email_then_finds_it_by_identity(make_sso_app):
    app = make_sso_app()
    with app.db.connection_context(), app.transaction():
        known = person("Ann@Studio.test", role="manager")
        found = accounts.resolve(app, sign_on())
        assert found.id == known.id and found.role == "manager"
        assert (found.first_name, found.last_name) == ("Ann", "Lee")  # names follow the provider
        # The provider renames the address: the identity still leads to the same account.
        again = accounts.resolve(app, sign_on(email="ann.lee@elsewhere.test"))
        assert again.id == known.id and again.email == "Ann@Studio.test"
        assert Identity.select().count() == 1


def test_a_stranger_gets_an_account_with_the_default_role_or_is_refused(make_sso_app):
    app = make_sso_app(default_role="vendor")
    with app.db.connection_context(), app.transaction():
        created = accounts.resolve(app, sign_on(email="New@Studio.test"))
        assert created.role == "vendor" and created.email == "new@studio.test" and created.active
        assert not created.is_bot and created.password is None
    closed = make_sso_app(create_accounts=False)
    with closed.db.connection_context(), closed.transaction():
        with pytest.raises(BadRequest, match="ask an administrator"):
            accounts.resolve(closed, sign_on(email="other@studio.test", subject="sub-2"))
        assert not Person.select().where(Person.email == "other@studio.test").exists()


def test_an_email_bound_to_another_identity_is_not_handed_over(make_sso_app):
    app = make_sso_app()
    with app.db.connection_context(), app.transaction():
        accounts.resolve(app, sign_on(subject="first-holder"))
        with pytest.raises(BadRequest, match="another identity"):
            accounts.resolve(app, sign_on(subject="newcomer"))
        # Another provider (or method) may bind the same account.
        saml = accounts.resolve(app, sign_on(subject="nameid", method="saml", issuer="https://idp.test/saml"))
        assert Identity.select().where(Identity.person_id == saml.id).count() == 2


def test_refusals_before_binding(make_sso_app):
    app = make_sso_app(protected_accounts=["Root@Studio.test"])
    with app.db.connection_context(), app.transaction():
        person("root@studio.test", role="admin")
        person("bot@studio.test", is_bot=True)
        with pytest.raises(BadRequest, match="administrator"):
            accounts.resolve(app, sign_on(email="root@studio.test"))
        with pytest.raises(BadRequest, match="no e-mail"):
            accounts.resolve(app, sign_on(email=None))
        with pytest.raises(BadRequest, match="not verified"):
            accounts.resolve(app, sign_on(email="x@studio.test", email_verified=False))
        # A bot's address never signs anyone in as the bot: a separate account is made.
        made = accounts.resolve(app, sign_on(email="bot@studio.test", subject="b"))
        assert not made.is_bot
        assert Identity.select().count() == 1


def test_a_disabled_account_is_refused_and_a_deleted_one_is_unbound(make_sso_app):
    app = make_sso_app()
    with app.db.connection_context(), app.transaction():
        gone = person("gone@studio.test", active=False)
        with pytest.raises(Unauthorized, match="disabled"):
            accounts.resolve(app, sign_on(email="gone@studio.test"))
        Identity.delete().execute()
        kept = person("kept@studio.test")
        accounts.resolve(app, sign_on(email="kept@studio.test", subject="k"))
        Person.delete().where(Person.id == kept.id).execute()
        fresh = accounts.resolve(app, sign_on(email="kept@studio.test", subject="k"))
        assert fresh.id != kept.id and fresh.id != gone.id
        assert [i.person_id for i in Identity.select()] == [fresh.id]


def test_an_account_made_by_a_sign_on_gets_its_role_s_rights_and_no_more(make_sso_app):
    from clapboard.plugins.auth.accounts import issue_pair
    from clapboard.testing import make_client

    app = make_sso_app(default_role="vendor")
    with app.db.connection_context(), app.transaction():
        made = accounts.resolve(app, sign_on(email="new.vendor@studio.test"))
        token = issue_pair(app, made, browser=True)["access_token"]
    client = make_client(app, role=None)
    headers = {"Authorization": f"Bearer {token}"}
    assert client.simulate_get("/data/user/context", headers=headers).status_code == 200
    assert client.simulate_post("/data/projects", json={"name": "Nope"}, headers=headers).status_code == 403
    assert client.simulate_post("/data/persons", json={"first_name": "X", "last_name": "Y", "email": "x@studio.test"},
                                headers=headers).status_code == 403
    assert client.simulate_get("/plugins/sso/identities", headers=headers).status_code == 403
    assert client.simulate_get("/data/projects", headers=headers).json == []  # a vendor sees no production
