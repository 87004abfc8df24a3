"""From a posted ``SAMLResponse`` to a ``SignOn``, or a refusal that says which check failed.

pysaml2 checks the signature against the certificate in the IdP's metadata,
the audience, the recipient, the destination and the validity window. Around
it, this module adds what a cluster of API processes needs: the AuthnRequest
the response answers must be one we started (in the database, taken once),
and the assertion id is recorded until it expires so the same response posted
again is refused. pysaml2 signals failures with many exception types (some
bare ``Exception``); each is turned into a 400 with a reason here.
"""

from __future__ import annotations

import base64
import binascii
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from xml.etree.ElementTree import ParseError

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import fromstring
from saml2 import SAMLError
from saml2.response import IncorrectlySigned, InvalidAssertion, StatusError, UnsolicitedResponse, VerificationError
from saml2.s_utils import RequestVersionTooHigh, RequestVersionTooLow, SamlException
from saml2.saml import NAMEID_FORMAT_EMAILADDRESS, NAMEID_FORMAT_TRANSIENT
from saml2.sigver import SigverError
from saml2.validate import NotValid, ResponseLifetimeExceed, ToEarly

from .. import flows
from ..accounts import SignOn, refused
from . import sp

KIND = "saml"  # flows of AuthnRequests we sent, keyed by request id
SEEN = "saml-assertion"  # assertion ids already used
PROTOCOL = "{urn:oasis:names:tc:SAML:2.0:protocol}"
MAX_LENGTH = 512 * 1024

REASONS = (
    (UnsolicitedResponse, "This SAML response answers no sign-on started here (or one already finished)."),
    (ResponseLifetimeExceed, "The SAML assertion has expired."),
    (ToEarly, "The SAML assertion is not valid yet; check the clocks of Clapboard and the identity provider."),
    (SigverError, "The SAML response's signature is missing or does not verify with the identity provider's "
                  "certificate."),
    (IncorrectlySigned, "The SAML response's signature does not verify with the identity provider's certificate."),
    (StatusError, "The identity provider refused the sign-on."),
    (InvalidAssertion, "The SAML response must hold exactly one assertion."),
    (VerificationError, "The SAML assertion is not addressed to this service (recipient or confirmation)."),
    (NotValid, "The SAML response is malformed."),
    (ValueError, "The SAML response is malformed."),
    ((RequestVersionTooLow, RequestVersionTooHigh), "The SAML response is not of version 2.0."),
    ((SAMLError, SamlException), "The SAML response failed a check ({name})."),
)


@dataclass
class Envelope:
    """What is read before any check: which request this claims to answer, and where it was sent."""

    in_response_to: str | None
    destination: str | None


def envelope(value: str) -> Envelope:
    if not value or len(value) > MAX_LENGTH:
        raise refused("Send the identity provider's SAMLResponse (form field).")
    try:
        root = fromstring(base64.b64decode(value, validate=False))
    except (binascii.Error, ValueError, ParseError, DefusedXmlException):
        raise refused("SAMLResponse is not a base64-encoded XML document.") from None
    if root.tag != PROTOCOL + "Response":
        raise refused("SAMLResponse is not a SAML 2.0 Response.")
    return Envelope(root.get("InResponseTo") or None, root.get("Destination") or None)


def _parse(app, value: str, outstanding: dict):
    try:
        client, idp = sp.client(app)
    except sp.Unavailable as exc:
        raise refused(str(exc)) from None
    try:
        result = client.parse_authn_request_response(
            value, sp.POST, outstanding=outstanding, conv_info={"entity_id": sp.entity_id(app)})
    except REASONS_TYPES as exc:
        text = next(text for kind, text in REASONS if isinstance(exc, kind)).format(name=type(exc).__name__)
        if isinstance(exc, StatusError) and type(exc) is not StatusError:  # which status: RequestDenied, …
            text = text[:-1] + f" ({type(exc).__name__.removeprefix('Status')})."
        raise refused(text) from None
    except Exception as exc:  # only pysaml2's bare ``Exception`` (audience, conditions); real bugs go on
        if type(exc) is not Exception:
            raise
        text = str(exc)
        if "Audience" in text:
            raise refused("The SAML assertion is meant for another service (its audience is not "
                          f"{sp.entity_id(app)}).") from None
        raise refused(f"The SAML response was refused: {text[:200]}") from None
    if result is None or result.assertion is None:
        raise refused("The SAML response is not valid (destination, issue instant or assertion).")
    return result, idp


def _values(assertion) -> dict[str, list[str]]:
    """Attribute values by lower-cased Name and FriendlyName."""

    found: dict[str, list[str]] = {}
    for statement in assertion.attribute_statement or []:
        for attribute in statement.attribute or []:
            values = [(v.text or "").strip() for v in attribute.attribute_value or [] if (v.text or "").strip()]
            for name in (attribute.name, attribute.friendly_name):
                if name and values:
                    found.setdefault(name.lower(), values)
    return found


def _first(values: dict, names: list[str]) -> str:
    return next((values[n.lower()][0] for n in names if n.lower() in values), "")


def _until(result, skew: int) -> datetime:
    """When the assertion stops being acceptable: its replay record may go then."""

    if result.not_on_or_after:
        end = datetime.fromtimestamp(result.not_on_or_after, timezone.utc)
    else:  # no NotOnOrAfter: keep the record as long as an issue instant is accepted (a day)
        end = datetime.now(timezone.utc) + timedelta(days=1)
    return (end + timedelta(seconds=skew)).replace(tzinfo=None)


def verify(app, value: str) -> SignOn:
    """Check ``value`` (the form's SAMLResponse) completely, consume its request and assertion ids."""

    block = sp.conf(app)
    head = envelope(value)
    if head.destination and head.destination != sp.acs_url(app):
        raise refused(f"The SAML response was sent to {head.destination[:200]}, not to {sp.acs_url(app)}.")
    started = flows.peek(KIND, head.in_response_to) if head.in_response_to else None
    if started is None and not block["allow_unsolicited"]:
        raise refused("This SAML response answers no sign-on started here (unknown, expired or already used "
                      "request); start again from the login page.")
    outstanding = {head.in_response_to: started.get("came_from", "/")} if started else {}
    result, idp = _parse(app, value, outstanding)
    issuer = result.issuer() or (result.assertion.issuer.text if result.assertion.issuer is not None else "")
    if issuer.strip() != idp:
        raise refused(f"The SAML response comes from {issuer[:200]!r}, not from the identity provider {idp}.")
    name_id = result.name_id
    subject = (name_id.text or "").strip() if name_id is not None else ""
    if not subject:
        raise refused("The SAML assertion names no subject (NameID).")
    if name_id.format == NAMEID_FORMAT_TRANSIENT:  # a new one at every sign-on: nothing to bind an account to
        raise refused("The identity provider sent a transient NameID; configure it to send a persistent or "
                      "e-mail NameID for Clapboard.")
    if started is not None and flows.take(KIND, head.in_response_to) is None:
        raise refused("This sign-on was already finished; start again from the login page.")
    if not flows.seen_once(SEEN, result.assertion.id, _until(result, block["clock_skew_seconds"])):
        raise refused("This SAML assertion was already used.")
    values = _values(result.assertion)
    email = _first(values, block["email_attributes"])
    if not email and name_id.format == NAMEID_FORMAT_EMAILADDRESS:
        email = subject
    return SignOn(method="saml", issuer=idp, subject=subject, email=email or None,
                  first_name=_first(values, block["first_name_attributes"]),
                  last_name=_first(values, block["last_name_attributes"]), skip_2fa=block["skip_2fa"],
                  extra={"name_id_format": name_id.format or ""})


REASONS_TYPES = tuple(k for kind, _ in REASONS for k in (kind if isinstance(kind, tuple) else (kind,)))
