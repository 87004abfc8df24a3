"""From a provider's verified answer to a signed-in browser: bind, provision, gate, issue cookies.

Every method (OIDC, SAML, LDAP) ends here with a ``SignOn``: who the provider
says this is. ``resolve`` finds the account bound to that identity, or binds
the account holding the e-mail on a first sign-on, or creates one when the
studio allows it; ``finish`` applies the second-factor rules and answers as a
password login does in a browser: Clapboard's own cookies, then a redirect to
Kitsu's home page.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field

import peewee

from clapboard import database
from clapboard.errors import BadRequest, Unauthorized
from clapboard.plugins.auth import accounts as auth_accounts
from clapboard.plugins.auth import twofactor
from clapboard.plugins.auth.resources import set_token_cookies
from clapboard.plugins.auth.settings import settings as auth_settings
from clapboard.plugins.data.crud.service import Context
from clapboard.plugins.data.engine import emit
from clapboard.plugins.data.models import LoginLog, Person

from . import flows
from .models import Identity
from .settings import api_url, front_url, settings

SECOND_FACTOR = "second-factor"
FLOW_COOKIE = "clapboard_sso_flow"


@dataclass
class SignOn:
    """What a provider asserted, after its signature, audience and freshness were checked."""

    method: str  # "oidc", "saml" or "ldap"
    issuer: str  # the provider: an OIDC issuer, a SAML IdP entity id, an LDAP server
    subject: str  # its stable id for the person: ``sub``, a NameID, an LDAP uid
    email: str | None
    first_name: str = ""
    last_name: str = ""
    email_verified: bool = True
    skip_2fa: bool = False  # the provider's own MFA counts: no second factor is asked here
    role: str | None = None  # a directory's group mapping, when it gives one
    extra: dict = field(default_factory=dict)


def refused(message: str) -> BadRequest:
    return BadRequest(message, login=False)


def _by_email(email: str) -> Person | None:
    return (Person.select()
            .where(peewee.fn.LOWER(Person.email) == email.lower(), Person.is_bot == False,  # noqa: E712
                   Person.is_guest == False)  # noqa: E712
            .first())


def _create(app, sign_on: SignOn, conf: dict) -> Person:
    if not conf["create_accounts"]:
        raise refused(f"No account uses {sign_on.email}; ask an administrator to create one.")
    person = Person.create(
        id=uuid.uuid4(), email=sign_on.email.lower(), first_name=(sign_on.first_name or sign_on.email)[:80],
        last_name=(sign_on.last_name or "")[:80], role=sign_on.role or conf["default_role"], active=True,
        is_bot=False, is_guest=False, password=None)
    emit(Context(app=app, actor=None), "person:new", {"person_id": str(person.id)})
    return person


def _bind(person: Person, sign_on: SignOn) -> None:
    """Bind ``person`` to the identity; two first sign-ons at once bind it once."""

    try:
        with database.atomic():
            Identity.create(id=uuid.uuid4(), person_id=person.id, method=sign_on.method, issuer=sign_on.issuer,
                            subject=sign_on.subject, email=sign_on.email, created_at=flows.utcnow())
    except peewee.IntegrityError:
        again = Identity.get_or_none(Identity.method == sign_on.method, Identity.issuer == sign_on.issuer,
                                     Identity.subject == sign_on.subject)
        if again is None or again.person_id != person.id:
            raise refused("This account is bound to another identity of this provider.") from None


def resolve(app, sign_on: SignOn) -> Person:
    """The account of ``sign_on``: bound before, bound now through its e-mail, or created."""

    conf = settings(app)
    bound = Identity.get_or_none(Identity.method == sign_on.method, Identity.issuer == sign_on.issuer,
                                 Identity.subject == sign_on.subject)
    person = Person.get_or_none(Person.id == bound.person_id) if bound else None
    if bound is not None and person is None:  # the account was deleted since
        bound.delete_instance()
        bound = None
    if person is None:
        if not sign_on.email:
            raise refused("The identity provider sent no e-mail address.")
        if not sign_on.email_verified:
            raise refused("The identity provider has not verified this e-mail address.")
        if sign_on.email.lower() in {e.lower() for e in conf["protected_accounts"]}:
            raise refused("This account cannot be signed in through its e-mail; ask an administrator.")
        person = _by_email(sign_on.email)
        if person is not None and Identity.select().where(
                Identity.person_id == person.id, Identity.method == sign_on.method,
                Identity.issuer == sign_on.issuer).exists():
            raise refused("This account is bound to another identity of this provider.")
        person = person or _create(app, sign_on, conf)
        _bind(person, sign_on)
    names = {k: v[:80] for k, v in (("first_name", sign_on.first_name), ("last_name", sign_on.last_name)) if v}
    if any(getattr(person, k) != v for k, v in names.items()):
        Person.update(**names).where(Person.id == person.id).execute()
        emit(Context(app=app, actor=None), "person:update", {"person_id": str(person.id)})
    Identity.update(last_login_at=flows.utcnow()).where(
        Identity.method == sign_on.method, Identity.issuer == sign_on.issuer,
        Identity.subject == sign_on.subject).execute()
    if not person.active:
        raise Unauthorized("This account is disabled.", login=False, unactive=True)
    return Person.get_by_id(person.id)


def sign_in(req, resp, sign_on: SignOn) -> None:
    """Resolve the account and answer the browser: cookies and Kitsu's home, or the second-factor page."""

    app = req.context.app
    person = resolve(app, sign_on)
    if twofactor.enabled_methods(person) and not sign_on.skip_2fa:
        key = flows.start(SECOND_FACTOR, {"person_id": str(person.id), "method": sign_on.method,
                                          "prefix": "/api" if req.path.startswith("/api/") else ""},
                          settings(app)["flow_minutes"])
        set_flow_cookie(app, resp, FLOW_COOKIE, key)
        redirect(resp, api_url(app) + "/auth/sso/second-factor")
        return
    finish(req, resp, person, sign_on.method, skip_2fa=sign_on.skip_2fa)


def finish(req, resp, person: Person, method: str, skip_2fa: bool = False) -> None:
    """Issue the session as a browser password login does, and send the browser to Kitsu."""

    app = req.context.app
    conf = auth_settings(app)
    needs_setup = (conf["enforce_2fa"] and not skip_2fa and not twofactor.enabled_methods(person)
                   and (person.email or "") not in conf["two_fa_exempt"])
    claims = {"requires_2fa_setup": True} if needs_setup else {}
    pair = auth_accounts.issue_pair(app, person, browser=True, login_method=method, **claims)
    Person.update(login_failed_attemps=0, last_login_failed=None,
                  last_presence=auth_accounts.utcnow().date()).where(Person.id == person.id).execute()
    LoginLog.create(person=person.id, ip_address=(req.remote_addr or "")[:45] or None, origin="web")
    set_token_cookies(req, resp, pair["access_token"], pair["refresh_token"])
    redirect(resp, front_url(app) + "/")


def set_flow_cookie(app, resp, name: str, value: str) -> None:
    """An HTTP-only cookie that lives as long as a sign-on may take (Lax: it comes back on the provider's
    redirect, a top-level GET)."""

    resp.set_cookie(name, value, path="/", max_age=settings(app)["flow_minutes"] * 60, http_only=True,
                    same_site="Lax", secure=auth_settings(app)["cookie_secure"])


def redirect(resp, location: str) -> None:
    resp.status = 302
    resp.location = location
    resp.cache_control = ["no-store"]
    resp.media = None
    resp.text = ""
