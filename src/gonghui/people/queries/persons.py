"""Scoped reads of people: lists, the search box, and the detail read that masks or logs.

Search finds a person by a Chinese name or part of it, full pinyin, pinyin initials, the full ID
number, the last 4–6 characters of the ID, the full phone or its last 4 digits. Every kind is an
equality or prefix-range lookup on an index (see ``PersonSearchToken``), limited to the caller's
organisations, and ranked: 0 exact (name, pinyin, initials, full ID, full phone), 10 prefix or
tail, 50 contains.

A search that matches thousands of people (a surname, two initials) is bounded for the list and
the API (``person_results``): the count stops at ``SEARCH_CAP`` and says so, and only a bounded
set of candidates is ranked — every exact match first, found through its index, then the first
matches the database reaches — so the work per search no longer grows with the matches.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, overload

from django.db.models import Case, Count, IntegerField, Q, QuerySet, Value, When
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from gonghui.accounts.scoping import get_visible, has_perm, visible_orgs, visible_to
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
SEARCH_CAP = 1000  # matches counted and ranked at most by the search box (list page and API)
ORDERING = ("rank", "name_pinyin", "name", "pk")

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
    if not kind:
        return queryset.none().annotate(rank=Value(RANK_CONTAINS))
    if kind == "name":
        grams = _required_grams(value)
        having = found.filter(kind=Kind.NAME, token__in=grams).values("person_id")
        if len(grams) > 1:
            # Count("*"), not the token's id: the count then reads the token index alone.
            having = having.annotate(grams=Count("*")).filter(grams=len(grams)).values("person_id")
        rows = queryset.filter(pk__in=having)
        if len(value) > 2:
            rows = rows.filter(name__contains=value)
    elif kind == "pinyin":
        rows = queryset.filter(
            pk__in=found.filter(_prefix((Kind.PINYIN, Kind.INITIALS), value)).values("person_id")
        )
    elif kind == "id":
        rows = queryset.filter(id_number_bidx=Person._meta.get_field("id_number_bidx").hash_of(value))
    elif kind == "phone":
        rows = queryset.filter(phone_bidx=Person._meta.get_field("phone_bidx").hash_of(value))
    else:  # tail
        rows = queryset.filter(pk__in=found.filter(_tails(value)).values("person_id"))
    return rows.annotate(rank=_rank(kind, value)).order_by(*ORDERING)


def _tail_pairs(value: str) -> list[tuple[str, str]]:
    """(kind, hashed token) of an ID tail, and of a phone tail for four digits."""
    pairs = [(Kind.ID_TAIL, tokens.id_tail_hash(value))]
    if value.isdigit() and len(value) == tokens.PHONE_TAIL_LENGTH:
        pairs.append((Kind.PHONE_TAIL, tokens.phone_tail_hash(value)))
    return pairs


def _tails(value: str) -> Q:
    """Tokens of an ID tail (and of a phone tail, for four digits).

    Two IN lists rather than an OR of two pairs: one index condition, so PostgreSQL scans only
    the token index instead of visiting the table. The pairs crossed (an ID-tail kind with the
    phone-tail hash) match nothing, as each kind of tail is hashed with its own key purpose.
    """
    pairs = _tail_pairs(value)
    return Q(kind__in=[k for k, _t in pairs], token__in=[t for _k, t in pairs])


def _one_token(kind: str, value: str) -> list[Q]:
    """The token conditions of a search that one token decides, one kind each ([] when it takes more).

    One kind per condition, so that the token index yields each in its order and a LIMIT stops it.
    """
    if kind == "name":
        grams = _required_grams(value)
        return [Q(kind=Kind.NAME, token=grams[0])] if len(grams) == 1 and len(value) <= 2 else []
    if kind == "pinyin":
        return [_prefix((k,), value) for k in (Kind.PINYIN, Kind.INITIALS)]
    if kind == "tail":
        return [Q(kind=k, token=t) for k, t in _tail_pairs(value)]
    return []


def _through(condition: Q, relation: str) -> Q:
    """``condition`` on a related model, every lookup prefixed with ``relation__``."""
    out = Q()
    out.connector, out.negated = condition.connector, condition.negated
    out.children = [
        _through(c, relation) if isinstance(c, Q) else (f"{relation}__{c[0]}", c[1])
        for c in condition.children
    ]
    return out


def _rank(kind: str, value: str) -> Any:
    """0 for an exact match, 10 for a prefix (or an ID or phone tail), 50 for the rest."""
    if kind == "name":
        return Case(
            When(name=value, then=Value(RANK_EXACT)),
            When(name__startswith=value, then=Value(RANK_PREFIX)),
            default=Value(RANK_CONTAINS),
            output_field=IntegerField(),
        )
    if kind == "pinyin":
        return Case(
            When(Q(name_pinyin=value) | Q(name_initials=value), then=Value(RANK_EXACT)),
            When(
                Q(name_pinyin__startswith=value) | Q(name_initials__startswith=value), then=Value(RANK_PREFIX)
            ),
            default=Value(RANK_CONTAINS),
            output_field=IntegerField(),
        )
    return Value(RANK_PREFIX if kind == "tail" else RANK_EXACT)


def _exact(kind: str, value: str) -> list[Q]:
    """Conditions of the exact matches of a name or pinyin search, each answered by an index."""
    if kind == "name":
        return [Q(name=value)]
    if kind == "pinyin":
        return [Q(name_pinyin=value), Q(name_initials=value)]
    return []


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


@dataclass(frozen=True)
class Results:
    """A list as the search box shows it: ranked rows, how many, and whether the count stopped at the cap."""

    rows: QuerySet[Person] | Sequence[Person]
    count: int
    capped: bool = False


class Chosen(Sequence[Person]):
    """People in a fixed order of pks; a slice reads only its own rows (with their ``rank``)."""

    def __init__(self, pks: list[int], kind: str, value: str, scoped: QuerySet[Person]) -> None:
        # ``scoped``: the reader's list, so a person is shown only if the reader may see them now,
        # whatever organisation the token that found them names.
        self.pks, self.kind, self.value, self.scoped = pks, kind, value, scoped

    def __len__(self) -> int:
        return len(self.pks)

    def count(self, *args: Any) -> int:  # the paginators ask for count() first
        return len(self.pks)

    @overload
    def __getitem__(self, index: int) -> Person: ...
    @overload
    def __getitem__(self, index: slice) -> list[Person]: ...
    def __getitem__(self, index: int | slice) -> Person | list[Person]:
        if isinstance(index, int):
            return self[index : index + 1 or None][0]
        pks = self.pks[index]
        rows = (
            self.scoped.filter(pk__in=pks)
            .order_by()
            .select_related("org", "residence_region")
            .annotate(rank=_rank(self.kind, self.value))
        )
        by_pk = {p.pk: p for p in rows}
        return [by_pk[pk] for pk in pks if pk in by_pk]


def person_results(user: Any, params: Any, *, cap: int | None = None) -> Results:
    """``person_list`` for the page and the API, with the count and the ranking of a search bounded.

    Without a search the list is read in its index order and counted in full.
    """
    rows = person_list(user, params)
    query = params.get("q", "") if params else ""
    kind, value = classify(query)
    if not kind:
        return Results(rows, rows.count())
    # The list's own filters, without the search and the paging (a later page is the same search).
    rest = {
        k: v for k, v in params.items() if k not in ("q", "page", "limit", "offset") and v not in (None, "")
    }
    return bounded(user, rows, person_list(user, rest), kind, value, cap=cap, filtered=bool(rest))


def bounded(
    user: Any,
    rows: QuerySet[Person],
    others: QuerySet[Person],
    kind: str,
    value: str,
    *,
    cap: int | None = None,
    filtered: bool = True,
    perm: str = PERM_VIEW,
) -> Results:
    """At most ``cap`` matches of a search, so that its cost stops growing with the matches.

    ``rows`` is the ranked search, ``others`` the same list without the search (``filtered`` when
    it has filters besides the scope). The first ``cap + 1`` matches in the token index's order
    tell whether there are more than ``cap``. If not, ``rows`` is ranked in full and counted as
    before. If so, the count is ``cap`` and ``capped`` true ("1,000+"), and the list is the exact
    matches (each found through an index; name and pinyin order) followed by the other matches
    in the token index's order, ``cap`` in all: a page reads only its own rows. Prefix matches
    then no longer come before the rest; a narrower search finds them.
    """
    cap = SEARCH_CAP if cap is None else cap
    # The organisations as a list of values, not a subquery: with a subquery PostgreSQL joins the
    # token index to the organisations and hashes every match (95,189 tokens for zhang*), where
    # a list lets the index yield tokens in order until the LIMIT.
    scope = Q(org__in=list(visible_orgs(user, perm).values_list("pk", flat=True)))
    probe = _first_matches(rows, others, kind, value, cap + 1, filtered, scope)
    if len(probe) <= cap:
        return Results(rows, len(probe))
    exact: dict[int, tuple[str, str]] = {}
    for condition in _exact(kind, value):
        found = others.filter(condition).order_by().values_list("pk", "name_pinyin", "name")[:cap]
        exact.update((pk, (pinyin_, name)) for pk, pinyin_, name in found)
    first = sorted(exact, key=lambda pk: (*exact[pk], pk))
    chosen = [*first, *(pk for pk in probe if pk not in exact)][:cap]
    return Results(Chosen(chosen, kind, value, others), cap, capped=True)


def _first_matches(
    rows: QuerySet[Person],
    others: QuerySet[Person],
    kind: str,
    value: str,
    limit: int,
    filtered: bool,
    scope: Q,
) -> list[int]:
    """Up to ``limit`` distinct people matching, in the token index's order.

    ``rows`` asks for people whose pk is IN the matching tokens, and PostgreSQL answers that by
    hashing every matching token first (97,034 for 王 county-wide). When one token decides, the
    token index is read instead, one kind after the other, and the LIMIT stops it: alone when
    the list has no filter besides the scope (tokens carry their person's organisation, and a
    merged record's tokens are deleted), else joined to the people. A person with two matching
    tokens (pinyin and initials) comes twice, so more are read until ``limit`` are found.
    """
    conditions = _one_token(kind, value)
    if not conditions:
        return list(rows.order_by().values_list("pk", flat=True)[:limit])
    found: dict[int, None] = {}
    for condition in conditions:
        if filtered:
            pks = others.filter(_through(condition & scope, "search_tokens")).order_by(
                "search_tokens__token", "search_tokens__org", "pk"
            )
            pks = pks.values_list("pk", flat=True)
        else:
            pks = PersonSearchToken.objects.filter(condition & scope).order_by("token", "org", "person")
            pks = pks.values_list("person", flat=True)
        offset = 0
        while len(found) < limit:
            wanted = limit - len(found)
            got = list(pks[offset : offset + wanted])
            found.update(dict.fromkeys(got))
            offset += len(got)
            if len(got) < wanted:
                break
    return list(found)[:limit]


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
