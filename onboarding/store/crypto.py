"""The store's key and what is derived from it: the field cipher, the person-key secret,
the fingerprint.

One key of 32 random bytes (kept outside the database: `keysource`) gives, by HKDF with a
distinct `info` each, the AES-GCM key that seals personal values, the HMAC secret of the
person keys, and the fingerprint the store records to know its key. Neither the key nor
anything that opens a value is stored in the database.
"""

from __future__ import annotations

import base64
import binascii
import json
import os
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from onboarding.i18n import _

KEY_BYTES = 32
NONCE_BYTES = 12  # AES-GCM's standard nonce, random per value
SEALED = "sealed:1:"  # how a sealed value starts (version 1: AES-256-GCM, JSON inside)
FINGERPRINT_BYTES = 8


class KeyFormatError(ValueError):
    """Text that is not a key (base64 of 32 bytes)."""


def _derive(key: bytes, info: str, salt: bytes | None = None) -> bytes:
    return HKDF(algorithm=hashes.SHA256(), length=32, salt=salt,
                info=f"wechat-onboarding {info}".encode()).derive(key)


@dataclass(frozen=True)
class MasterKey:
    """The store's key, and where it came from (said in messages, never the key)."""

    raw: bytes = field(repr=False)
    source: str = "given"

    @classmethod
    def generate(cls, source: str = "new") -> MasterKey:
        return cls(os.urandom(KEY_BYTES), source)

    @classmethod
    def from_text(cls, text: str, source: str) -> MasterKey:
        """A key written as base64 (a key file's content, ONBOARDING_KEY)."""
        try:
            raw = base64.b64decode(text.strip(), validate=True)
        except (binascii.Error, ValueError):
            raw = b""
        if len(raw) != KEY_BYTES:
            raise KeyFormatError(_("{source}: not an onboarding key (base64 of {KEY_BYTES} "
                                   "bytes)").format(source=source, KEY_BYTES=KEY_BYTES))
        return cls(raw, source)

    def text(self) -> str:
        """The key as a key file holds it and ONBOARDING_KEY takes it."""
        return base64.b64encode(self.raw).decode()

    @cached_property
    def fingerprint(self) -> str:
        """Names the key without revealing it: 'a1b2-c3d4-e5f6-0718'."""
        hexed = _derive(self.raw, "fingerprint")[:FINGERPRINT_BYTES].hex()
        return "-".join(hexed[i:i + 4] for i in range(0, len(hexed), 4))

    def person_secret(self, salt: bytes) -> bytes:
        """The HMAC secret of one store's person keys (`keys.PersonKeys`).

        The store's own salt (not a secret) makes the same person's digests differ from
        one store to another, even under one key.
        """
        return _derive(self.raw, "person keys", salt)

    @cached_property
    def cipher(self) -> FieldCipher:
        return FieldCipher(_derive(self.raw, "field encryption"))


class SealError(ValueError):
    """A sealed value that does not open: damaged, moved, or sealed with another key."""


class FieldCipher:
    """Authenticated encryption of single values; where a value belongs is bound to it.

    `where` (a field path such as 'admin.id_number') is the associated data: a sealed value
    copied to another field, or to the deadlines table, no longer opens.
    """

    def __init__(self, key: bytes) -> None:
        self._aead = AESGCM(key)

    def seal(self, value: Any, where: str) -> str:
        nonce = os.urandom(NONCE_BYTES)
        plain = json.dumps(value, ensure_ascii=False, separators=(",", ":")).encode()
        sealed = self._aead.encrypt(nonce, plain, where.encode())
        return SEALED + base64.b64encode(nonce + sealed).decode()

    def open(self, text: Any, where: str) -> Any:
        if not is_sealed(text):
            raise SealError(_("{where} is not encrypted").format(where=where))
        try:
            blob = base64.b64decode(text[len(SEALED):], validate=True)
            plain = self._aead.decrypt(blob[:NONCE_BYTES], blob[NONCE_BYTES:], where.encode())
            return json.loads(plain)
        except (binascii.Error, ValueError, InvalidTag):
            raise SealError(_("{where} does not open with this key").format(where=where)) from None


def is_sealed(value: Any) -> bool:
    return isinstance(value, str) and value.startswith(SEALED)
