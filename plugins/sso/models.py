"""Tables of the sso plugin: sign-ons in progress, used-once ids, and identities bound to accounts.

All three live in the database so that any API process may answer a
provider's redirect, whichever process started the sign-on.
"""

from __future__ import annotations

import peewee

import clapboard
from clapboard import Migration, create_models


class Flow(clapboard.Model):
    """A sign-on in progress (OIDC state, nonce and PKCE verifier; a SAML request id; a pending second
    factor), or an id seen once (a SAML assertion's, kept until it expires: a replay is refused)."""

    key = peewee.CharField(max_length=200, primary_key=True)
    kind = peewee.CharField(max_length=40)
    data = peewee.TextField(default="{}")
    expires_at = peewee.DateTimeField(index=True)

    class Meta:
        table_name = "sso_flow"


class Identity(clapboard.Model):
    """A provider's identity (issuer and subject, which never change) bound to one account.

    The e-mail only finds the account at the first sign-on; later sign-ons find it
    by its identity, so a renamed address stays on the same account and an address
    given to someone else does not hand them the old account.
    """

    id = peewee.UUIDField(primary_key=True)
    person_id = peewee.UUIDField(index=True)
    method = peewee.CharField(max_length=10)  # oidc, saml, ldap
    issuer = peewee.CharField(max_length=255)
    subject = peewee.CharField(max_length=255)
    email = peewee.CharField(max_length=255, null=True)  # as the provider sent it when bound
    created_at = peewee.DateTimeField()
    last_login_at = peewee.DateTimeField(null=True)

    class Meta:
        table_name = "sso_identity"
        indexes = ((("method", "issuer", "subject"), True), (("person_id", "method", "issuer"), True))


MODELS = (Flow, Identity)
MIGRATIONS = (Migration(1, "sign-ons in progress and bound identities", create_models(*MODELS)),)
