"""Password hashing: argon2id for new hashes; bcrypt (Zou's) accepted and upgraded."""

from __future__ import annotations

import bcrypt
from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError

from clapboard.errors import BadRequest


class Passwords:
    def __init__(self, settings: dict):
        self.hasher = PasswordHasher(
            time_cost=settings["argon2_time_cost"],
            memory_cost=settings["argon2_memory_kib"],
            parallelism=settings["argon2_parallelism"],
        )
        self.min_length = settings["min_password_length"]
        self._decoy_hash: str | None = None

    @property
    def _decoy(self) -> str:
        """Unknown accounts are checked against this, so they cost the same time."""

        if self._decoy_hash is None:
            self._decoy_hash = self.hasher.hash("clapboard-decoy-password")
        return self._decoy_hash

    def hash(self, password: str) -> bytes:
        return self.hasher.hash(password).encode()

    def verify(self, stored, password: str) -> tuple[bool, bool]:
        """``(matches, needs_rehash)``; ``stored`` may be None (unknown account)."""

        if not isinstance(password, str) or not password:
            password = "\x00"
        if stored is None:
            self._argon2(self._decoy, password)
            return False, False
        text = bytes(stored).decode(errors="replace") if not isinstance(stored, str) else stored
        if text.startswith("$2"):
            try:
                ok = bcrypt.checkpw(password.encode(), text.encode())
            except ValueError:
                ok = False
            return ok, ok
        if text.startswith("$argon2"):
            ok = self._argon2(text, password)
            return ok, ok and self.hasher.check_needs_rehash(text)
        self._argon2(self._decoy, password)
        return False, False

    def _argon2(self, stored: str, password: str) -> bool:
        try:
            return self.hasher.verify(stored, password)
        except (VerifyMismatchError, VerificationError, InvalidHashError):
            return False

    def check_new(self, password, confirmation=None) -> str:
        """Refuse a new password that is too short or does not match its confirmation."""

        if not isinstance(password, str) or len(password) < self.min_length:
            raise BadRequest(f"The password must be at least {self.min_length} characters long.",
                             errors=[{"path": "password", "message": "too short"}])
        if confirmation is not None and confirmation != password:
            raise BadRequest("The two passwords do not match.",
                             errors=[{"path": "password_2", "message": "does not match"}])
        return password
