"""Encryption at rest and blind indexes for ID and phone numbers."""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from cryptography.exceptions import InvalidTag
from django.core.exceptions import ValidationError
from django.db.models.lookups import IsNull

from gonghui.core.crypto import BlindIndexField, EncryptedCharField, blind_index, decrypt, encrypt

ID_NUMBER = "51192219900307001X"


def test_encrypt_then_decrypt_gives_the_value_back():
    assert decrypt(encrypt(ID_NUMBER)) == ID_NUMBER
    assert decrypt(encrypt("张三丰 13800001111")) == "张三丰 13800001111"


def test_the_same_value_encrypts_differently_each_time():
    first, second = encrypt(ID_NUMBER), encrypt(ID_NUMBER)
    assert first != second
    assert first.startswith("v1:") and ID_NUMBER not in first


def test_a_tampered_ciphertext_is_refused():
    token = encrypt(ID_NUMBER)
    tampered = token[:-2] + ("A" if token[-2] != "A" else "B") + token[-1]
    with pytest.raises(InvalidTag):
        decrypt(tampered)


def test_an_unknown_version_is_refused():
    with pytest.raises(ValueError):
        decrypt("v9:abcdef")


def test_another_key_cannot_read_the_value(settings):
    token = encrypt(ID_NUMBER)
    settings.FIELD_ENCRYPTION_KEY = "another-key-entirely"
    with pytest.raises(InvalidTag):
        decrypt(token)


def test_blind_index_is_stable_and_separated_by_purpose():
    assert blind_index(ID_NUMBER, purpose="id_number") == blind_index(ID_NUMBER, purpose="id_number")
    assert blind_index(ID_NUMBER, purpose="id_number") != blind_index(ID_NUMBER, purpose="phone")
    assert blind_index(ID_NUMBER, purpose="id_number") != blind_index(
        "511922199003070028", purpose="id_number"
    )
    assert len(blind_index(ID_NUMBER, purpose="id_number")) == 32


def test_blind_index_depends_on_the_key(settings):
    before = blind_index(ID_NUMBER, purpose="id_number")
    settings.FIELD_ENCRYPTION_KEY = "another-key-entirely"
    assert blind_index(ID_NUMBER, purpose="id_number") != before


def test_encrypted_field_writes_ciphertext_and_reads_plaintext():
    field = EncryptedCharField()
    stored = field.get_prep_value(ID_NUMBER)
    assert stored.startswith("v1:") and ID_NUMBER not in stored
    assert field.from_db_value(stored, None, None) == ID_NUMBER
    assert field.get_prep_value(None) is None and field.get_prep_value("") == ""
    assert field.from_db_value(None, None, None) is None


@pytest.mark.parametrize("lookup", ["exact", "iexact", "contains", "icontains", "startswith", "in", "gt"])
def test_encrypted_field_refuses_searching_by_content(lookup):
    with pytest.raises(ValidationError):
        EncryptedCharField().get_lookup(lookup)


def test_encrypted_field_allows_isnull():
    assert EncryptedCharField().get_lookup("isnull") is IsNull


def test_blind_index_field_hashes_its_source_on_save():
    field = BlindIndexField(source="id_number", purpose="id_number")
    field.set_attributes_from_name("id_number_bidx")
    row = SimpleNamespace(id_number=ID_NUMBER, id_number_bidx=None)
    digest = field.pre_save(row, add=True)
    assert digest == row.id_number_bidx == blind_index(ID_NUMBER, purpose="id_number")
    assert field.hash_of(ID_NUMBER) == digest
    row.id_number = ""
    assert field.pre_save(row, add=False) is None


def test_blind_index_field_keeps_its_source_and_purpose_in_migrations():
    field = BlindIndexField(source="phone", purpose="person.phone")
    field.set_attributes_from_name("phone_bidx")
    _name, _path, _args, kwargs = field.deconstruct()
    assert kwargs["source"] == "phone" and kwargs["purpose"] == "person.phone"


def test_a_blind_index_is_the_hmac_of_purpose_and_value_under_the_derived_key():
    import hashlib
    import hmac

    from gonghui.core import crypto

    key = crypto._derive(b"blind-index")
    expected = hmac.new(key, b"people.id\x00511922199001011238", hashlib.sha256).hexdigest()[:32]
    assert crypto.blind_index("511922199001011238", purpose="people.id") == expected


def test_a_new_encryption_key_gives_new_hashes_at_once(settings):
    from gonghui.core import crypto

    before = crypto.blind_index("13800138000", purpose="people.phone")
    settings.FIELD_ENCRYPTION_KEY = "another-key-for-this-test-only-0123456789"
    after = crypto.blind_index("13800138000", purpose="people.phone")
    assert after != before
    assert crypto.decrypt(crypto.encrypt("张三")) == "张三"
