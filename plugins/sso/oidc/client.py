"""This studio as the provider's client (Authlib): the authorization URL, the code exchange, userinfo.

The authorization request is the code flow with PKCE (S256), a state (the
key of the sign-on stored by ``flows``) and a nonce. The code goes back to
the token endpoint with the verifier and the client's authentication: HTTP
Basic unless the provider only lists ``client_secret_post``, none for a public
client. A provider that refuses the code is a 400; one that cannot be
reached is a 502.
"""

from __future__ import annotations

import requests
from authlib.common.security import generate_token
from authlib.integrations.base_client.errors import OAuthError
from authlib.integrations.requests_client import OAuth2Session

from ..accounts import refused
from .provider import ProviderUnavailable, fetch_json


def _auth_method(conf: dict, meta: dict) -> str:
    if not conf["client_secret"]:
        return "none"
    offered = meta.get("token_endpoint_auth_methods_supported") or ["client_secret_basic"]
    if "client_secret_basic" not in offered and "client_secret_post" in offered:
        return "client_secret_post"
    return "client_secret_basic"


def session(conf: dict, meta: dict, redirect_uri: str) -> OAuth2Session:
    return OAuth2Session(client_id=conf["client_id"], client_secret=conf["client_secret"] or None,
                         scope=conf["scopes"], redirect_uri=redirect_uri, code_challenge_method="S256",
                         token_endpoint_auth_method=_auth_method(conf, meta))


def authorization_url(conf: dict, meta: dict, redirect_uri: str, state: str) -> tuple[str, dict]:
    """Where to send the browser, and what the callback will check the answer against."""

    secrets = {"nonce": generate_token(32), "code_verifier": generate_token(64), "redirect_uri": redirect_uri}
    with session(conf, meta, redirect_uri) as client:
        url, _ = client.create_authorization_url(meta["authorization_endpoint"], state=state,
                                                 nonce=secrets["nonce"], code_verifier=secrets["code_verifier"])
    return url, secrets


def exchange(conf: dict, meta: dict, flow: dict, code: str) -> dict:
    """The token endpoint's answer for ``code`` (``id_token``, ``access_token`` …)."""

    try:
        with session(conf, meta, flow["redirect_uri"]) as client:
            token = client.fetch_token(meta["token_endpoint"], grant_type="authorization_code", code=code,
                                       code_verifier=flow["code_verifier"], timeout=conf["http_timeout"])
    except OAuthError as exc:
        detail = exc.description or exc.error
        raise refused(f"The identity provider refused the sign-on code: {detail}.") from None
    except requests.HTTPError as exc:
        raise ProviderUnavailable(f"The identity provider's token endpoint answered HTTP "
                                  f"{exc.response.status_code if exc.response is not None else '?'}.",
                                  login=False) from None
    except (requests.RequestException, ValueError) as exc:
        raise ProviderUnavailable(f"The identity provider's token endpoint cannot be reached "
                                  f"({type(exc).__name__}); try again shortly.", login=False) from None
    return dict(token)


def userinfo(conf: dict, meta: dict, claims: dict, access_token: str | None) -> dict:
    """The ID token's claims, completed by the userinfo endpoint when a wanted claim is missing."""

    wanted = (conf["email_claim"], conf["given_name_claim"], conf["family_name_claim"])
    if all(claims.get(k) for k in wanted) or not meta.get("userinfo_endpoint") or not access_token:
        return claims
    info = fetch_json(meta["userinfo_endpoint"], conf, "userinfo endpoint",
                      headers={"Authorization": f"Bearer {access_token}"})
    if info.get("sub") != claims["sub"]:  # OpenID Connect Core 5.3.2: a mismatch means a substituted answer
        raise refused("The identity provider's userinfo answer is about someone else.")
    return {**{k: v for k, v in info.items() if k not in ("iss", "aud", "sub", "nonce")}, **claims}
