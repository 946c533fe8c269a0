"""The search tokens of a person (see ``PersonSearchToken``): how they are made and hashed.

Each kind of hashed tail has its own blind-index purpose, so the hash of "1234" as the end of an
ID number differs from the hash of "1234" as the end of a phone, and neither matches any other
blind index in the database.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable
from functools import lru_cache

from gonghui.core.crypto import blind_index
from gonghui.people import pinyin
from gonghui.people.models import Person, PersonSearchToken

Kind = PersonSearchToken.Kind
# The kinds as plain strings, as the table stores them (written by the hundred thousand).
_NAME, _PINYIN, _INITIALS = str(Kind.NAME.value), str(Kind.PINYIN.value), str(Kind.INITIALS.value)
_ID_TAIL, _PHONE_TAIL = str(Kind.ID_TAIL.value), str(Kind.PHONE_TAIL.value)

ID_TAIL_LENGTHS = (4, 5, 6)
PHONE_TAIL_LENGTH = 4
MAX_TOKEN = 100


def id_tail_hash(tail: str) -> str:
    return blind_index(tail, purpose=f"people.id_tail{len(tail)}")


def phone_tail_hash(tail: str) -> str:
    return blind_index(tail, purpose=f"people.phone_tail{len(tail)}")


def name_grams(name: str) -> set[str]:
    """Every character and every pair of neighbouring characters of a name (the middle dot aside)."""
    grams = {ch for ch in name if ch != pinyin.MIDDLE_DOT}
    grams.update(a + b for a, b in itertools.pairwise(name) if pinyin.MIDDLE_DOT not in (a, b))
    return grams


def _from_each_syllable(parts: Iterable[str]) -> set[str]:
    """The whole string and each syllable-boundary suffix of two letters or more."""
    parts = list(parts)
    out = set()
    for i in range(len(parts)):
        text = "".join(parts[i:])[:MAX_TOKEN]
        if text and (i == 0 or len(text) >= 2):
            out.add(text)
    return out


@lru_cache(maxsize=16384)
def name_tokens(name: str) -> frozenset[tuple[str, str]]:
    """The (kind, token) pairs of a name: its characters, pinyin and initials.

    Kept for the names seen last: an import of 100,000 people meets the same names many times.
    """
    syllables = pinyin.syllables(name)
    pairs: set[tuple[str, str]] = {(_NAME, g) for g in name_grams(name)}
    pairs |= {(_PINYIN, t) for t in _from_each_syllable(syllables)}
    pairs |= {(_INITIALS, t) for t in _from_each_syllable(s[0] for s in syllables)}
    return frozenset(pairs)


def tokens_for(person: Person) -> set[tuple[str, str]]:
    """(kind, token) pairs under which ``person`` can be found."""
    pairs = set(name_tokens(person.name))
    if person.id_number:
        pairs.update((_ID_TAIL, id_tail_hash(person.id_number[-n:])) for n in ID_TAIL_LENGTHS)
    if person.phone:
        digits = "".join(ch for ch in person.phone if ch.isdigit())
        pairs.add((_PHONE_TAIL, phone_tail_hash(digits[-PHONE_TAIL_LENGTH:])))
    return pairs


def rebuild(person: Person) -> None:
    """Replace the person's tokens; call inside the transaction that changed the person."""
    PersonSearchToken.objects.filter(person=person).delete()
    PersonSearchToken.objects.bulk_create(
        PersonSearchToken(person=person, org_id=person.org_id, kind=kind, token=token)
        for kind, token in sorted(tokens_for(person))
    )
