"""Checking the ID token (OpenID Connect Core 3.1.3.7) with joserfc, Authlib's JOSE library.

The token comes from the token endpoint, but is trusted only once its
signature verifies with one of the keys the provider publishes (asymmetric
algorithms only: an ``HS256`` token "signed" with a public key, or ``none``,
is refused), its issuer is the discovery document's, its audience holds our
client id (and ``azp`` names us when there are several), it is fresh
(``exp``, ``iat``, with a small leeway) and carries the nonce this sign-on
started with. Every failure is a 400 saying which check failed.
"""

from __future__ import annotations

import hmac

from joserfc import jws, jwt
from joserfc.errors import BadSignatureError, ExpiredTokenError, InvalidClaimError, JoseError, MissingClaimError

from ..accounts import refused
from . import provider

ALGORITHMS = ["RS256", "RS384", "RS512", "PS256", "PS384", "PS512", "ES256", "ES384", "ES512", "EdDSA"]


def _header(id_token: str) -> dict:
    try:
        header = jws.extract_compact(id_token.encode()).headers()
    except (JoseError, ValueError, TypeError, UnicodeError):
        raise refused("The identity provider's ID token is malformed.") from None
    if header.get("alg") not in ALGORITHMS:
        raise refused(f"The ID token's signing algorithm ({header.get('alg')}) is not accepted.")
    return header


def _signed_claims(id_token: str, conf: dict, meta: dict) -> dict:
    header = _header(id_token)
    key = provider.signing_key(conf, meta, header.get("kid") if isinstance(header.get("kid"), str) else None)
    if key is None:
        raise refused("The ID token is signed with a key the identity provider does not publish.")
    try:
        return jwt.decode(id_token, key, algorithms=ALGORITHMS).claims
    except BadSignatureError:
        raise refused("The ID token's signature is not valid.") from None
    except (JoseError, ValueError, TypeError):
        raise refused("The identity provider's ID token cannot be read.") from None


def verify(id_token: str, conf: dict, meta: dict, nonce: str) -> dict:
    """The claims of ``id_token`` once every check passed; a 400 ``refused`` otherwise."""

    if not isinstance(id_token, str) or not id_token:
        raise refused("The identity provider sent no ID token.")
    claims = _signed_claims(id_token, conf, meta)
    registry = jwt.JWTClaimsRegistry(
        leeway=conf["clock_skew_seconds"], iss={"essential": True, "value": meta["issuer"]},
        aud={"essential": True, "value": conf["client_id"]}, sub={"essential": True},
        exp={"essential": True}, iat={"essential": True})
    try:
        registry.validate(claims)
    except ExpiredTokenError:
        raise refused("The ID token has expired.") from None
    except MissingClaimError as exc:
        raise refused(f"The ID token lacks its {exc.claim} claim.") from None
    except InvalidClaimError as exc:
        name = {"iss": "issuer", "aud": "audience"}.get(exc.claim, exc.claim)
        raise refused(f"The ID token's {name} is not valid for this studio.") from None
    audiences = claims["aud"] if isinstance(claims["aud"], list) else [claims["aud"]]
    azp = claims.get("azp")
    if (len(audiences) > 1 or azp is not None) and azp != conf["client_id"]:
        raise refused("The ID token's authorized party (azp) is not this studio's client.")
    if not isinstance(claims.get("nonce"), str) or not hmac.compare_digest(claims["nonce"], nonce):
        raise refused("The ID token's nonce does not match this sign-on.")
    return claims
