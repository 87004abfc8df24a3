"""A software FIDO2 authenticator, to drive the WebAuthn routes end to end in tests.

It does what a browser plus a security key would: builds ``clientDataJSON``
and ``authenticatorData`` (rpIdHash, flags, counter and, on registration, the
attested credential with a COSE EC2 P-256 key), wraps registration in a
``"none"`` attestation object, signs assertions with ECDSA-SHA256, and returns
the WebAuthn JSON serialization (binary values base64url without padding).
"""

from __future__ import annotations

import base64
import hashlib
import json
import os
import struct

import cbor2
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec

UP, UV, AT = 0x01, 0x04, 0x40


def b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def unb64url(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


class SoftAuthenticator:
    def __init__(self, rp_id: str = "localhost", origin: str = "http://localhost:8080"):
        self.rp_id = rp_id
        self.origin = origin
        self.key = ec.generate_private_key(ec.SECP256R1())
        self.credential_id = os.urandom(32)
        self.sign_count = 0

    def cose_public_key(self) -> bytes:
        numbers = self.key.public_key().public_numbers()
        # kty EC2, alg ES256, crv P-256, x, y
        return cbor2.dumps({1: 2, 3: -7, -1: 1, -2: numbers.x.to_bytes(32, "big"), -3: numbers.y.to_bytes(32, "big")})

    def _client_data(self, kind: str, challenge: str, origin: str | None = None) -> bytes:
        return json.dumps({"type": kind, "challenge": challenge, "origin": origin or self.origin,
                           "crossOrigin": False}).encode()

    def _authenticator_data(self, attested: bool) -> bytes:
        flags = UP | UV | (AT if attested else 0)
        data = hashlib.sha256(self.rp_id.encode()).digest() + bytes([flags]) + struct.pack(">I", self.sign_count)
        if attested:
            data += bytes(16) + struct.pack(">H", len(self.credential_id)) + self.credential_id
            data += self.cose_public_key()
        return data

    def register(self, options: dict, origin: str | None = None) -> dict:
        """Answer ``navigator.credentials.create`` for the options of ``PUT /auth/fido``."""

        assert options["rp"]["id"] == self.rp_id
        client_data = self._client_data("webauthn.create", options["challenge"], origin)
        attestation = cbor2.dumps({"fmt": "none", "attStmt": {}, "authData": self._authenticator_data(True)})
        return {
            "id": b64url(self.credential_id), "rawId": b64url(self.credential_id), "type": "public-key",
            "response": {"clientDataJSON": b64url(client_data), "attestationObject": b64url(attestation)},
            "clientExtensionResults": {},
        }

    def authenticate(self, options: dict, tamper: bool = False) -> dict:
        """Answer ``navigator.credentials.get`` for the options of ``GET /auth/fido``.

        ``tamper`` flips a bit of the signature, as a forged assertion would have.
        """

        allowed = [unb64url(c["id"]) for c in options.get("allowCredentials", [])]
        assert self.credential_id in allowed, "the server did not offer this device"
        self.sign_count += 1
        client_data = self._client_data("webauthn.get", options["challenge"])
        auth_data = self._authenticator_data(False)
        signature = self.key.sign(auth_data + hashlib.sha256(client_data).digest(), ec.ECDSA(hashes.SHA256()))
        if tamper:
            signature = signature[:-1] + bytes([signature[-1] ^ 0x01])
        return {
            "id": b64url(self.credential_id), "rawId": b64url(self.credential_id), "type": "public-key",
            "response": {"clientDataJSON": b64url(client_data), "authenticatorData": b64url(auth_data),
                         "signature": b64url(signature), "userHandle": None},
            "clientExtensionResults": {},
        }
