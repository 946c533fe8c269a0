"""Likely duplicates: pairs of records that may be one person, listed for a reviewer to merge or keep apart.

A pair is listed when both records lie in the reviewer's ``people.change`` scope (the reviewer
can then act on it), neither is merged, the pair was not marked distinct, and one of:
same name and birth date; same pinyin and birth date (同音字: 李娟 / 李鹃); pinyin one letter apart
and the same birth date (平翘舌、前后鼻音: 张三 zhangsan / 张山 zhangshan, 陈 chen / 程 cheng); the
same phone (blind index).

Nothing compares every record with every other. Names and pinyin are compared only among the
people sharing a birth date, streamed from the database in (birth date, pinyin) order, and
within a birth date of many people the pinyin of each record is put in buckets under itself
and each string with one letter deleted: two strings at most one edit apart always share a
bucket, so the work is proportional to the records times the length of a pinyin (a birth date
of a few people is cheaper compared pair by pair). Phones are grouped by the
database (``GROUP BY phone_bidx``); a phone shared by more than ``PHONE_GROUP_LIMIT`` records
is a family's or a workplace's number, not a sign of a duplicate, and is left out.
"""

from __future__ import annotations

import itertools
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from operator import itemgetter
from typing import Any

from django.db.models import Count, QuerySet
from django.utils.translation import gettext_lazy as _

from gonghui.people.models import DuplicateDecision, Person

PERM_CHANGE = "people.change"
PHONE_GROUP_LIMIT = 5
CHUNK = 5000
DIRECT_LIMIT = 24  # up to this many people born on one day, comparing every pair is cheaper than buckets

SAME_NAME = "same_name_birth"
SAME_PINYIN = "same_pinyin_birth"
SIMILAR_PINYIN = "similar_pinyin_birth"
SAME_PHONE = "same_phone"
REASONS = {
    SAME_NAME: _("Same name and birth date"),
    SAME_PINYIN: _("Same pinyin and birth date"),
    SIMILAR_PINYIN: _("Pinyin one letter apart, same birth date"),
    SAME_PHONE: _("Same phone"),
}
_STRENGTH = {SAME_NAME: 0, SAME_PINYIN: 1, SAME_PHONE: 2, SIMILAR_PINYIN: 3}


@dataclass(frozen=True)
class Candidate:
    """Two record ids (smaller first) and why they look alike, strongest reason first."""

    a: int
    b: int
    reasons: tuple[str, ...]

    @property
    def labels(self) -> list[Any]:
        return [REASONS[r] for r in self.reasons]


@dataclass(frozen=True)
class Pair:
    """A candidate with both records loaded, for the review page and the API."""

    a: Person
    b: Person
    reasons: tuple[str, ...]

    @property
    def labels(self) -> list[Any]:
        return [REASONS[r] for r in self.reasons]


def duplicate_candidates(user: Any) -> list[Candidate]:
    """Every likely-duplicate pair in the reviewer's scope, strongest first."""
    from gonghui.people.queries.persons import people

    scope = people(user, PERM_CHANGE).order_by()
    found: dict[tuple[int, int], set[str]] = defaultdict(set)
    for a, b, reason in itertools.chain(_by_birth_date(scope), _by_phone(scope)):
        found[(a, b) if a < b else (b, a)].add(reason)
    for pair in _decided(scope):
        found.pop(pair, None)
    candidates = [
        Candidate(a, b, tuple(sorted(reasons, key=_STRENGTH.__getitem__)))
        for (a, b), reasons in found.items()
    ]
    return sorted(candidates, key=lambda c: (_STRENGTH[c.reasons[0]], -len(c.reasons), c.a, c.b))


def load_pairs(candidates: Iterable[Candidate]) -> list[Pair]:
    """The records of ``candidates`` (a page of them), fetched in one query."""
    candidates = list(candidates)
    pks = {pk for c in candidates for pk in (c.a, c.b)}
    rows = Person.objects.filter(pk__in=pks).select_related("org", "residence_region").in_bulk()
    return [Pair(rows[c.a], rows[c.b], c.reasons) for c in candidates if c.a in rows and c.b in rows]


def within_one_edit(s: str, t: str) -> bool:
    """Whether ``s`` becomes ``t`` by at most one insertion, deletion or substitution."""
    if s == t:
        return True
    if abs(len(s) - len(t)) > 1:
        return False
    if len(s) > len(t):
        s, t = t, s
    i = 0
    while i < len(s) and s[i] == t[i]:
        i += 1
    if len(s) == len(t):
        return s[i + 1 :] == t[i + 1 :]
    return s[i:] == t[i + 1 :]


# --- the passes


def _by_birth_date(scope: QuerySet[Person]) -> Iterator[tuple[int, int, str]]:
    """Pairs by name or pinyin among people sharing a birth date, one birth date at a time."""
    shared = scope.values("birth_date").annotate(n=Count("pk")).filter(n__gt=1).values("birth_date")
    rows = (
        scope.filter(birth_date__in=shared)
        .order_by("birth_date", "name_pinyin", "pk")
        .values_list("pk", "birth_date", "name", "name_pinyin")
    )
    for _day, group in itertools.groupby(rows.iterator(chunk_size=CHUNK), key=itemgetter(1)):
        yield from _pairs_within(list(group))


def _pairs_within(group: list[tuple[int, Any, str, str]]) -> Iterator[tuple[int, int, str]]:
    """Pairs alike within one birth date: a small group is compared pair by pair, a large one by buckets."""
    if len(group) <= DIRECT_LIMIT:
        for x, y in itertools.combinations(group, 2):
            reason = _compare(x, y)
            if reason:
                yield x[0], y[0], reason
        return
    buckets: dict[str, list[int]] = defaultdict(list)
    for index, (_pk, _day, _name, spelled) in enumerate(group):
        if spelled:
            for key in {spelled, *(spelled[:j] + spelled[j + 1 :] for j in range(len(spelled)))}:
                buckets[key].append(index)
    by_name: dict[str, list[int]] = defaultdict(list)
    for index, (_pk, _day, name, _spelled) in enumerate(group):
        by_name[name].append(index)
    seen: set[tuple[int, int]] = set()
    for indexes in itertools.chain(buckets.values(), by_name.values()):
        for i, j in itertools.combinations(indexes, 2):
            if (i, j) in seen:
                continue
            seen.add((i, j))
            reason = _compare(group[i], group[j])
            if reason:
                yield group[i][0], group[j][0], reason


def _compare(x: tuple[int, Any, str, str], y: tuple[int, Any, str, str]) -> str:
    if x[2] == y[2]:
        return SAME_NAME
    if x[3] and x[3] == y[3]:
        return SAME_PINYIN
    if x[3] and y[3] and within_one_edit(x[3], y[3]):
        return SIMILAR_PINYIN
    return ""


def _by_phone(scope: QuerySet[Person]) -> Iterator[tuple[int, int, str]]:
    """Pairs sharing a phone, grouped by the database on the blind index."""
    shared = (
        scope.exclude(phone_bidx=None)
        .values("phone_bidx")
        .annotate(n=Count("pk"))
        .filter(n__gt=1, n__lte=PHONE_GROUP_LIMIT)
        .values("phone_bidx")
    )
    rows = scope.filter(phone_bidx__in=shared).order_by("phone_bidx", "pk").values_list("phone_bidx", "pk")
    for _digest, group in itertools.groupby(rows.iterator(chunk_size=CHUNK), key=itemgetter(0)):
        for (_d1, a), (_d2, b) in itertools.combinations(list(group), 2):
            yield a, b, SAME_PHONE


def _decided(scope: QuerySet[Person]) -> set[tuple[int, int]]:
    """Pairs already marked distinct (their first record in scope)."""
    rows = DuplicateDecision.objects.filter(a__in=scope.values("pk")).values_list("a_id", "b_id")
    return set(rows.iterator(chunk_size=CHUNK))
