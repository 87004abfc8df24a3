"""The second factor after a single sign-on, for accounts that turned one on.

A studio may require its own TOTP (or e-mail code, or recovery code) on top of
the provider's login, or let the provider's MFA count (``skip_2fa`` in the
method's block). Kitsu's login page only knows the password form, so the
sign-on sends the browser to this small page; the flow is carried by an
HTTP-only cookie, not the URL. Wrong codes count as failed logins and lock the
account as wrong passwords do. WebAuthn devices are not offered here: their
owners use a recovery code or their provider's MFA.
"""

from __future__ import annotations

import html

from clapboard import Operation, Route
from clapboard.errors import BadRequest
from clapboard.plugins.auth import twofactor
from clapboard.plugins.auth.login import is_locked, record_failure
from clapboard.plugins.data.models import Person

from . import flows
from .accounts import FLOW_COOKIE, SECOND_FACTOR, finish

PAGE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Second factor</title>
<meta name="viewport" content="width=device-width, initial-scale=1"></head>
<body style="font-family: sans-serif; max-width: 28em; margin: 4em auto">
<h1>One more step</h1>
<p>{intro}</p>
{error}
<form method="post">
<label>Code <input name="code" id="code" autocomplete="one-time-code" inputmode="numeric" autofocus></label>
<select name="kind" id="kind">{options}</select>
<button type="submit" id="submit">Sign in</button>
</form></body></html>
"""
LABELS = {"totp": "authenticator app", "email_otp": "code sent by e-mail", "recovery_code": "recovery code"}
NOT_FOUND = "This sign-on has expired or was already used; sign in again."


def _pending(req) -> tuple[str, dict, Person]:
    key = req.cookies.get(FLOW_COOKIE)
    data = flows.peek(SECOND_FACTOR, key) if key else None
    person = Person.get_or_none(Person.id == data["person_id"]) if data else None
    if person is None or not person.active:
        raise BadRequest(NOT_FOUND, login=False)
    return key, data, person


def _page(resp, person: Person, error: str = "") -> None:
    methods = [m for m in twofactor.enabled_methods(person) if m in LABELS] + ["recovery_code"]
    options = "".join(f'<option value="{m}">{html.escape(LABELS[m])}</option>' for m in methods)
    intro = "Your account asks for a second factor. Enter a code from your " + LABELS[methods[0]] + "."
    resp.content_type = "text/html; charset=utf-8"
    resp.cache_control = ["no-store"]
    resp.text = PAGE.format(intro=html.escape(intro), options=options,
                            error=f'<p id="error" style="color: #b00">{html.escape(error)}</p>' if error else "")


class SecondFactorResource:
    def on_get(self, req, resp):
        _key, _data, person = _pending(req)
        if "email_otp" == (person.preferred_two_factor_authentication or twofactor.enabled_methods(person)[0]):
            from clapboard.plugins.auth.twofactor import email_otp

            email_otp.send_code(req.context.app, person)
        _page(resp, person)

    def on_post(self, req, resp):
        app = req.context.app
        key, data, person = _pending(req)
        form = req.get_media(default_when_empty=None) or {}
        if not isinstance(form, dict):
            raise BadRequest("Send the code as a form.")
        kind, code = str(form.get("kind") or "totp"), str(form.get("code") or "").strip()
        req.context.commit_on_error = True  # failure counters persist
        if is_locked(app, person):
            resp.status = 400
            _page(resp, person, "Too many failed attempts; try again in a minute.")
            return
        proof = twofactor.verify_login_proof(app, person, {kind: code}) if kind in LABELS and code else None
        if not proof:
            record_failure(person)
            resp.status = 400
            _page(resp, person, "This code is wrong.")
            return
        if flows.take(SECOND_FACTOR, key) is None:  # the same flow finished in another tab meanwhile
            raise BadRequest(NOT_FOUND, login=False)
        resp.unset_cookie(FLOW_COOKIE, path="/")
        finish(req, resp, Person.get_by_id(person.id), data["method"])


def routes() -> list[Route]:
    return [Route("/auth/sso/second-factor", SecondFactorResource(), public=True, tags=("sso",), operations={
        "GET": Operation(summary="The second-factor page shown after a single sign-on (HTML)"),
        "POST": Operation(summary="Check the second factor (a form: code, kind) and finish the single sign-on"),
    })]

