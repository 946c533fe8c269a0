"""Encryption at rest and blind indexes for personal data (PIPL, MLPS level 3).

A value such as an ID number is stored encrypted with AES-256-GCM under a key derived from
``FIELD_ENCRYPTION_KEY``; exact lookup and uniqueness go through a keyed HMAC of the normalised
value (the blind index), so the database never holds the number in clear and cannot be searched
by someone who has only the database.

Stored form: ``v1:<base64url(nonce || ciphertext)>``. The version prefix names the key, so a key
can be rotated by adding ``v2`` and re-encrypting in the background.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import os
from functools import lru_cache
from typing import Any

from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.signals import setting_changed
from django.db import models
from django.dispatch import receiver
from django.utils.translation import gettext_lazy as _

PREFIX = "v1:"
NONCE_BYTES = 12
BLIND_INDEX_LENGTH = 32  # hex characters: 128 bits, ample against collisions in any registry


def _derive(purpose: bytes) -> bytes:
    master = settings.FIELD_ENCRYPTION_KEY.encode()
    return HKDF(algorithm=hashes.SHA256(), length=32, salt=b"gonghui-field-keys", info=purpose).derive(master)


@lru_cache(maxsize=4)
def _keys(master: str) -> tuple[AESGCM, bytes]:
    return AESGCM(_derive(b"encrypt")), _derive(b"blind-index")


# The keys of the current setting, kept here: reading ``settings`` costs more than an HMAC, and an
# import encrypts and hashes several values a row. Tests that override the key clear it.
_current: list[tuple[AESGCM, bytes]] = []


def _current_keys() -> tuple[AESGCM, bytes]:
    if not _current:
        _current.append(_keys(settings.FIELD_ENCRYPTION_KEY))
    return _current[0]


@receiver(setting_changed)
def _forget_keys(*, setting: str, **kwargs: Any) -> None:
    if setting == "FIELD_ENCRYPTION_KEY":
        _current.clear()
        _hasher.cache_clear()


def encrypt(plaintext: str) -> str:
    """Encrypt a string; the same input gives a different output each time."""
    aead, _ = _current_keys()
    nonce = os.urandom(NONCE_BYTES)
    sealed = aead.encrypt(nonce, plaintext.encode(), None)
    return PREFIX + base64.urlsafe_b64encode(nonce + sealed).decode().rstrip("=")


def decrypt(token: str) -> str:
    """Decrypt a value written by :func:`encrypt`."""
    if not token.startswith(PREFIX):
        raise ValueError("unknown encryption version")
    raw = token[len(PREFIX) :]
    blob = base64.urlsafe_b64decode(raw + "=" * (-len(raw) % 4))
    aead, _ = _current_keys()
    return aead.decrypt(blob[:NONCE_BYTES], blob[NONCE_BYTES:], None).decode()


@lru_cache(maxsize=64)
def _hasher(key: bytes, purpose: str) -> Any:
    """The HMAC state after the key and the purpose: each hash copies it and adds the value."""
    return hmac.new(key, f"{purpose}\x00".encode(), hashlib.sha256)


def blind_index(value: str, *, purpose: str) -> str:
    """A keyed hash for exact lookup; ``purpose`` keeps hashes of different fields apart.

    HMAC-SHA256 of ``purpose``, a zero byte and the value, under the blind-index key.
    """
    hasher = _hasher(_current_keys()[1], purpose).copy()
    hasher.update(value.encode())
    return hasher.hexdigest()[:BLIND_INDEX_LENGTH]


class EncryptedCharField(models.TextField):
    """Text encrypted at rest. Only ``isnull`` lookups make sense; look up through a blind index."""

    description = _("Encrypted text")

    def from_db_value(self, value: Any, expression: Any, connection: Any) -> str | None:
        if value is None or value == "":
            return value
        return decrypt(value)

    def to_python(self, value: Any) -> str | None:
        return value

    def get_prep_value(self, value: Any) -> str | None:
        if value is None or value == "":
            return value
        return encrypt(str(value))

    def get_lookup(self, lookup_name: str) -> Any:
        if lookup_name not in {"isnull"}:
            raise ValidationError(f"encrypted fields cannot be searched with '{lookup_name}'")
        return super().get_lookup(lookup_name)


class BlindIndexField(models.CharField):
    """The keyed hash of another field, filled whenever the row is written.

    The hash is computed from the source attribute at save time (including ``bulk_create``);
    ``QuerySet.update`` and ``bulk_update`` bypass it, so write sensitive values through services.
    """

    def __init__(self, *args: Any, source: str = "", purpose: str = "", **kwargs: Any) -> None:
        self.source = source
        self.purpose = purpose or source
        kwargs.setdefault("max_length", BLIND_INDEX_LENGTH)
        kwargs.setdefault("editable", False)
        kwargs.setdefault("blank", True)
        kwargs.setdefault("null", True)
        super().__init__(*args, **kwargs)

    def deconstruct(self) -> tuple[Any, ...]:
        name, path, args, kwargs = super().deconstruct()
        kwargs["source"] = self.source
        kwargs["purpose"] = self.purpose
        return name, path, args, kwargs

    def pre_save(self, model_instance: models.Model, add: bool) -> str | None:
        value = getattr(model_instance, self.source)
        digest = blind_index(value, purpose=self.purpose) if value else None
        setattr(model_instance, self.attname, digest)
        return digest

    def hash_of(self, value: str) -> str:
        """The index value to filter by: ``Person.objects.filter(id_number_bidx=field.hash_of(x))``."""
        return blind_index(value, purpose=self.purpose)
