"""Tables of the auth plugin: revoked tokens and short-lived challenges.

Both live in the database so that any number of API processes share them.
"""

import peewee

import clapboard


class RevokedToken(clapboard.Model):
    jti = peewee.CharField(max_length=64, primary_key=True)
    expires_at = peewee.DateTimeField(index=True, null=True)

    class Meta:
        table_name = "auth_revoked_token"


class Challenge(clapboard.Model):
    """A one-time secret: FIDO challenge, password-reset token (stored hashed)."""

    key = peewee.CharField(max_length=128, primary_key=True)
    person_id = peewee.UUIDField(index=True)
    kind = peewee.CharField(max_length=40)
    value = peewee.TextField(null=True)
    expires_at = peewee.DateTimeField(index=True)

    class Meta:
        table_name = "auth_challenge"


class SessionFloor(clapboard.Model):
    """Tokens of a person issued before ``not_before`` are refused (a password reset ends every session)."""

    person_id = peewee.UUIDField(primary_key=True)
    not_before = peewee.IntegerField()  # seconds since the epoch, compared with a token's ``iat``

    class Meta:
        table_name = "auth_session_floor"


MODELS = [RevokedToken, Challenge]
