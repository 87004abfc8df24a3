"""JSON Web Tokens: HS256 only, with ``exp``, ``iat``, ``jti`` and ``type`` claims."""

from __future__ import annotations

import uuid
from datetime import datetime, timedelta, timezone

import jwt

from clapboard.errors import Unauthorized

ALGORITHM = "HS256"
EXPIRED = "Signature has expired"  # gazu refreshes on exactly this message


def issue(secret: str, subject: str, kind: str, lifetime: timedelta | None, **claims) -> tuple[str, dict]:
    now = datetime.now(timezone.utc)
    payload = {"sub": subject, "jti": uuid.uuid4().hex, "type": kind, "iat": now, **claims}
    if lifetime is not None:
        payload["exp"] = now + lifetime
    return jwt.encode(payload, secret, algorithm=ALGORITHM), payload


def decode(secret: str, token: str, kind: str) -> dict:
    try:
        claims = jwt.decode(token, secret, algorithms=[ALGORITHM],
                            options={"require": ["sub", "jti", "type", "iat"]})
    except jwt.ExpiredSignatureError as exc:
        raise Unauthorized(EXPIRED) from exc
    except jwt.PyJWTError as exc:
        raise Unauthorized("Invalid token.") from exc
    if claims.get("type") != kind:
        raise Unauthorized(f"A {kind} token is required.")
    return claims
