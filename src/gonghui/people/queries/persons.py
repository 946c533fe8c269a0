"""Scoped reads of people: lists, the search box, and the detail read that masks or logs.

Search finds a person by a Chinese name or part of it, full pinyin, pinyin initials, the full ID
number, the last 4–6 characters of the ID, the full phone or its last 4 digits. Every kind is an
equality or prefix-range lookup on an index (see ``PersonSearchToken``), limited to the caller's
organisations, and ranked: 0 exact (name, pinyin, initials, full ID, full phone), 10 prefix or
tail, 50 contains.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from typing import Any

from django.db.models import Case, Count, IntegerField, Q, QuerySet, Value, When
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from gonghui.accounts.scoping import get_visible, has_perm, visible_to
from gonghui.core.audit import record_access
from gonghui.core.errors import DomainError, FieldError
from gonghui.core.extensions import Counter
from gonghui.core.masking import mask_id_number, mask_phone
from gonghui.people import identity, phones, pinyin, tokens
from gonghui.people.models import Person, PersonSearchToken

PERM_VIEW = "people.view"
PERM_CHANGE = "people.change"
PERM_REVEAL = "people.reveal"

Kind = PersonSearchToken.Kind
RANK_EXACT, RANK_PREFIX, RANK_CONTAINS = 0, 10, 50

_HAN = re.compile(r"[\u3400-\u9fff\U00020000-\U0003134f]")
_LETTERS = re.compile(r"^[a-z]+$")
_ID_FULL = re.compile(r"^([0-9]{17}[0-9X]|[0-9]{15})$")
_ID_TAIL = re.compile(r"^[0-9]{3,5}[0-9X]$")
_PHONE_CHARS = re.compile(r"^\+?[0-9\-\s()（）]+$")


def people(user: Any, perm: str = PERM_VIEW) -> QuerySet[Person]:
    """People owned by organisations in the user's scope (records merged into another left out)."""
    return visible_to(user, _live().select_related("org", "residence_region"), perm)


def person(user: Any, pk: Any, perm: str = PERM_VIEW) -> Person:
    """One person in scope, or NotFound (the same answer as for a person who does not exist)."""
    return get_visible(user, _live().select_related("org", "residence_region"), perm, pk=pk)


def tombstone(user: Any, pk: Any, perm: str = PERM_VIEW) -> Person | None:
    """The record ``pk`` if it was merged into another and is in scope, so old links lead on; else None."""
    rows = visible_to(user, Person.objects.filter(merged_into__isnull=False).select_related("org"), perm)
    try:
        return rows.filter(pk=pk).first()
    except (ValueError, TypeError):
        return None


def _live() -> QuerySet[Person]:
    return Person.objects.filter(merged_into__isnull=True)


# --- search


def classify(query: str) -> tuple[str, str]:
    """What a search box query is: ("name"|"pinyin"|"id"|"tail"|"phone"|"", normalised query)."""
    text = unicodedata.normalize("NFKC", query or "").strip()
    if not text:
        return "", ""
    if _HAN.search(text):
        return "name", pinyin.normalise_name(text)
    letters = re.sub(r"[\s']", "", text).lower().replace("ü", "v")
    if _LETTERS.match(letters):
        return "pinyin", letters
    compact = identity.normalise(text)
    if _ID_FULL.match(compact):
        return "id", identity.canonical(compact)
    if _ID_TAIL.match(compact):
        return "tail", compact
    if _PHONE_CHARS.match(text):
        try:
            return "phone", phones.parse(text).number
        except DomainError:
            return "", ""
    return "", ""


def search(
    user: Any,
    queryset: QuerySet[Person],
    query: str,
    perm: str = PERM_VIEW,
    *,
    tokens_in: QuerySet[PersonSearchToken] | None = None,
) -> QuerySet[Person]:
    """``queryset`` narrowed to the people matching ``query``, with a ``rank``, best first.

    Tokens are those of people in the user's scope unless ``tokens_in`` says otherwise: a list
    scoped by another record (a union's roll) passes all tokens and relies on its own scope.
    """
    kind, value = classify(query)
    found = visible_to(user, PersonSearchToken.objects.all(), perm) if tokens_in is None else tokens_in
    if kind == "name":
        grams = _required_grams(value)
        having = found.filter(kind=Kind.NAME, token__in=grams).values("person_id")
        if len(grams) > 1:
            # Count("*"), not the token's id: the count then reads the token index alone.
            having = having.annotate(grams=Count("*")).filter(grams=len(grams)).values("person_id")
        rows = queryset.filter(pk__in=having)
        if len(value) > 2:
            rows = rows.filter(name__contains=value)
        rank = Case(
            When(name=value, then=Value(RANK_EXACT)),
            When(name__startswith=value, then=Value(RANK_PREFIX)),
            default=Value(RANK_CONTAINS),
            output_field=IntegerField(),
        )
    elif kind == "pinyin":
        rows = queryset.filter(
            pk__in=found.filter(_prefix((Kind.PINYIN, Kind.INITIALS), value)).values("person_id")
        )
        rank = Case(
            When(Q(name_pinyin=value) | Q(name_initials=value), then=Value(RANK_EXACT)),
            When(
                Q(name_pinyin__startswith=value) | Q(name_initials__startswith=value), then=Value(RANK_PREFIX)
            ),
            default=Value(RANK_CONTAINS),
            output_field=IntegerField(),
        )
    elif kind == "id":
        rows = queryset.filter(id_number_bidx=Person._meta.get_field("id_number_bidx").hash_of(value))
        rank = Value(RANK_EXACT)
    elif kind == "phone":
        rows = queryset.filter(phone_bidx=Person._meta.get_field("phone_bidx").hash_of(value))
        rank = Value(RANK_EXACT)
    elif kind == "tail":
        kinds, hashes = [Kind.ID_TAIL], [tokens.id_tail_hash(value)]
        if value.isdigit() and len(value) == tokens.PHONE_TAIL_LENGTH:
            kinds.append(Kind.PHONE_TAIL)
            hashes.append(tokens.phone_tail_hash(value))
        # Two IN lists rather than an OR of two pairs: one index condition, so PostgreSQL scans only
        # the token index instead of visiting the table. The pairs crossed (an ID-tail kind with the
        # phone-tail hash) match nothing, as each kind of tail is hashed with its own key purpose.
        rows = queryset.filter(pk__in=found.filter(kind__in=kinds, token__in=hashes).values("person_id"))
        rank = Value(RANK_PREFIX)
    else:
        return queryset.none().annotate(rank=Value(RANK_CONTAINS))
    return rows.annotate(rank=rank).order_by("rank", "name_pinyin", "name", "pk")


def person_search(user: Any, query: str) -> QuerySet[Person]:
    """The search box: people in scope matching ``query``, ranked exact first."""
    return search(user, people(user), query)


def _required_grams(value: str) -> list[str]:
    """Name tokens every match must have: the query's pairs of characters (three at most), else its
    first character. Among a million people 王建 alone is 4,400 people to read and check with
    ``name__contains``; people with both 王建 and 建伟 are the 453 王建伟 and hardly anyone else."""
    dot = pinyin.MIDDLE_DOT
    pairs = [value[i : i + 2] for i in range(len(value) - 1) if dot not in value[i : i + 2]]
    if pairs:
        return list(dict.fromkeys(pairs))[:3]
    return [next((ch for ch in value if ch != dot), value[:1])]


def _prefix(kinds: tuple[str, ...], value: str) -> Q:
    """Tokens of any of ``kinds`` starting with ``value``, as a range an index can scan on any database.

    ``LIKE 'x%'`` uses an index on neither SQLite (case-insensitive LIKE) nor PostgreSQL (without
    a pattern operator class); a range between the prefix and its successor does on both.
    Tokens are lower-case ASCII letters and digits, which sort the same in every collation.
    The kinds go in one IN list, not an OR of one range per kind: PostgreSQL then reads the
    (kind, token, org, person) index alone, where the OR made it fetch every matching token row
    from the table (25,000 rows, 0.8 s for ``wj`` among 1,000,000 people; bench/RESULTS.md).
    """
    upper = _successor(value)
    condition = Q(kind__in=kinds, token__gte=value)
    if upper:
        condition &= Q(token__lt=upper)
    return condition


def _successor(value: str) -> str:
    """The smallest string greater than every string starting with ``value`` ("" when there is none)."""
    stripped = value.rstrip("z")
    if not stripped:
        return ""
    return stripped[:-1] + chr(ord(stripped[-1]) + 1)


# --- lists


def person_list(user: Any, params: Any) -> QuerySet[Person]:
    """The filtered list shared by the page and the API (``q``, ``status``, ``org``, ``is_migrant``…)."""
    from gonghui.people.filters import PersonFilter

    filterset = PersonFilter(params, queryset=people(user), user=user)
    if not filterset.is_valid():
        errors = [FieldError(f, m) for f, msgs in filterset.errors.items() for m in msgs]
        raise DomainError(_("Some filters are not valid."), errors=errors)
    return filterset.qs


# --- detail with masking


@dataclass(frozen=True)
class PersonDetail:
    """A person as one reader may see them: sensitive values full only when allowed and logged."""

    person: Person
    id_number: str
    phone: str
    disability_cert_number: str
    revealed: bool
    can_reveal: bool
    can_change: bool

    @property
    def birthplace(self) -> str:
        return identity.birthplace(self.person.id_number[:6], self.person.birth_date.year)


def can_reveal(user: Any, person: Person) -> bool:
    return has_perm(user, PERM_REVEAL, person.org)


def person_detail(user: Any, pk: Any, *, reveal: bool = False, reason: str = "") -> PersonDetail:
    """One person in scope; full ID number and phone only if ``reveal`` and the role allows it.

    Every time the full values are returned an access event names who saw which fields.
    """
    return detail_of(user, person(user, pk), reveal=reveal, reason=reason)


def detail_of(user: Any, row: Person, *, reveal: bool = False, reason: str = "") -> PersonDetail:
    """The masked or revealed view of a person the caller has already read through scope."""
    allowed = can_reveal(user, row)
    shown = reveal and allowed
    if shown:
        fields = [f for f in ("id_number", "phone", "disability_cert_number") if getattr(row, f)]
        record_access(row, user=user, fields=fields, reason=reason)
    return PersonDetail(
        person=row,
        id_number=row.id_number if shown else mask_id_number(row.id_number),
        phone=row.phone if shown else mask_phone(row.phone),
        disability_cert_number=(
            row.disability_cert_number if shown else mask_id_number(row.disability_cert_number)
        ),
        revealed=shown,
        can_reveal=allowed,
        can_change=has_perm(user, PERM_CHANGE, row.org),
    )


def home_counters(user: Any) -> list[Counter]:
    """People in the registry within the user's scope (active only), for the home page."""
    if not has_perm(user, PERM_VIEW):
        return []
    active = people(user).filter(status=Person.Status.ACTIVE).count()
    return [
        Counter(
            _("People in the registry"), active, reverse("people:list") + "?status=active", "person-vcard"
        )
    ]
