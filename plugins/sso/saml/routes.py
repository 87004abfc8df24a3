"""Zou's SAML routes, and our SP metadata for the studio to register Clapboard at its IdP.

``GET /auth/saml/login`` sends the browser to the IdP with an AuthnRequest
(HTTP-Redirect binding) whose id is kept in the database; ``POST
/auth/saml/sso`` is the assertion consumer (HTTP-POST binding). Both are
always served: with SAML off they answer 400, as Zou does. pysaml2 (and what
it loads) is imported on the first SAML request, not at start: a process of a
studio without SAML does not pay its 16 MiB and 0.4 s.
"""

from __future__ import annotations

from clapboard import Operation, Route

from .. import flows
from ..accounts import redirect, refused, sign_in
from ..settings import settings


def _enabled(req) -> None:
    if not settings(req.context.app)["saml"]["enabled"]:
        raise refused("SAML is not enabled.")


def _client(app):
    from . import sp

    try:
        return sp.client(app)
    except sp.Unavailable as exc:
        raise refused(str(exc)) from None


class LoginResource:
    def on_get(self, req, resp):
        _enabled(req)
        from saml2 import SAMLError
        from saml2.s_utils import SamlException

        from . import assertion, sp

        app = req.context.app
        client, idp = _client(app)
        try:
            request_id, info = client.prepare_for_authenticate(entityid=idp, binding=sp.REDIRECT)
        except (SAMLError, SamlException) as exc:  # no HTTP-Redirect endpoint in the metadata, a key that fails
            raise refused(f"A sign-on request for {idp} cannot be made ({type(exc).__name__}): the IdP must "
                          "offer the HTTP-Redirect binding.") from None
        flows.start(assertion.KIND, {"came_from": "/"}, settings(app)["flow_minutes"], key=request_id)
        redirect(resp, dict(info["headers"])["Location"])


class ConsumerResource:
    def on_post(self, req, resp):
        _enabled(req)
        from . import assertion

        app = req.context.app
        form = req.get_media(default_when_empty=None) or {}
        value = form.get("SAMLResponse") if isinstance(form, dict) else None
        if not isinstance(value, str):
            raise refused("Send the identity provider's SAMLResponse (form field).")
        sign_in(req, resp, assertion.verify(app, value))


class MetadataResource:
    def on_get(self, req, resp):
        _enabled(req)
        from . import sp

        resp.content_type = "application/samlmetadata+xml; charset=utf-8"
        resp.text = sp.metadata_xml(req.context.app)


def routes() -> list[Route]:
    return [
        Route("/auth/saml/login", LoginResource(), public=True, tags=("sso",), operations={
            "GET": Operation(summary="Start a SAML sign-on: redirect to the identity provider (302)", status=302)}),
        Route("/auth/saml/sso", ConsumerResource(), public=True, tags=("sso",), operations={
            "POST": Operation(summary="SAML assertion consumer: check the IdP's signed response, then sign in "
                                      "(302 to Kitsu, or to the second-factor page)",
                              status=302, request_content_type="application/x-www-form-urlencoded")}),
        Route("/auth/saml/metadata", MetadataResource(), public=True, tags=("sso",), operations={
            "GET": Operation(summary="Clapboard's SAML service-provider metadata (XML), to register it at the IdP",
                             content_type="application/samlmetadata+xml")}),
    ]
