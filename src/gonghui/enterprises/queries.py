"""Scoped reads of the enterprise registry: lists, the search box, counters.

A user sees the enterprises kept by organisations in their scope (``enterprises.view``), and also
those whose own union lies in their scope — so a grassroots chair sees the enterprise of the union
they chair, kept by the township above them.

Search finds an enterprise by part of its name, its full pinyin or pinyin initials (``gwsmy`` for
光雾山米业, anywhere in the name), and its credit code, in full or a prefix. Results are ranked:
0 exact (name, pinyin, initials or code), 10 prefix, 50 contains.
"""

from __future__ import annotations

import re
import unicodedata
from typing import Any

from django.db.models import Case, IntegerField, Q, QuerySet, Value, When
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from gonghui.accounts.scoping import has_perm, visible_orgs, visible_to
from gonghui.core.errors import DomainError, FieldError, NotFound
from gonghui.core.extensions import Counter
from gonghui.enterprises import codes
from gonghui.enterprises.choices import Status
from gonghui.enterprises.models import Enterprise
from gonghui.enterprises.services import PERM_CHANGE, PERM_VIEW

RANK_EXACT, RANK_PREFIX, RANK_CONTAINS = 0, 10, 50

_HAN = re.compile(r"[\u3400-\u9fff\U00020000-\U0003134f]")
_LETTERS = re.compile(r"^[a-z]+$")
_CODE = re.compile(rf"^[{codes.AUTHORITIES}][{codes.ALPHABET}]*$")

__all__ = ["PERM_CHANGE", "PERM_VIEW"]


def enterprises(user: Any, perm: str = PERM_VIEW) -> QuerySet[Enterprise]:
    """Enterprises in the user's scope: kept by an organisation in it, or with their union in it."""
    rows = Enterprise.objects.select_related("org", "township", "union")
    kept = visible_to(user, rows, perm)
    if not has_perm(user, perm):
        return kept
    return kept | rows.filter(union__in=visible_orgs(user, perm).values("pk"))


def enterprise(user: Any, pk: Any, perm: str = PERM_VIEW) -> Enterprise:
    """One enterprise in scope, or NotFound (the same answer as for one that does not exist)."""
    try:
        return enterprises(user, perm).get(pk=pk)
    except (Enterprise.DoesNotExist, ValueError, TypeError):
        raise NotFound(_("Not found, or outside your scope.")) from None


# --- search ---------------------------------------------------------------------------------------


def classify(query: str) -> tuple[str, str]:
    """What a query is: ("name" | "pinyin" | "code" | "", the normalised query)."""
    text = unicodedata.normalize("NFKC", query or "").strip()
    if not text:
        return "", ""
    if _HAN.search(text):
        return "name", re.sub(r"\s+", " ", text)
    letters = re.sub(r"[\s']", "", text).lower().replace("ü", "v")
    if _LETTERS.match(letters):
        return "pinyin", letters
    code = codes.normalise(text)
    if sum(ch.isdigit() for ch in code) >= 2 and _CODE.match(code) and len(code) <= codes.LENGTH:
        return "code", code
    return "", ""


def search(queryset: QuerySet[Enterprise], query: str) -> QuerySet[Enterprise]:
    """``queryset`` narrowed to the enterprises matching ``query``, with a ``rank``, best first."""
    kind, value = classify(query)
    if kind == "name":
        rows = queryset.filter(name__contains=value)
        rank = Case(
            When(name=value, then=Value(RANK_EXACT)),
            When(name__startswith=value, then=Value(RANK_PREFIX)),
            default=Value(RANK_CONTAINS),
            output_field=IntegerField(),
        )
    elif kind == "pinyin":
        rows = queryset.filter(Q(name_initials__contains=value) | Q(name_pinyin__contains=value))
        rank = Case(
            When(Q(name_pinyin=value) | Q(name_initials=value), then=Value(RANK_EXACT)),
            When(
                Q(name_pinyin__startswith=value) | Q(name_initials__startswith=value), then=Value(RANK_PREFIX)
            ),
            default=Value(RANK_CONTAINS),
            output_field=IntegerField(),
        )
    elif kind == "code":
        rows = queryset.filter(uscc__startswith=value)
        rank = Case(
            When(uscc=value, then=Value(RANK_EXACT)), default=Value(RANK_PREFIX), output_field=IntegerField()
        )
    else:
        return queryset.none().annotate(rank=Value(RANK_CONTAINS))
    return rows.annotate(rank=rank).order_by("rank", "name_pinyin", "pk")


def enterprise_search(user: Any, query: str) -> QuerySet[Enterprise]:
    """The search box: enterprises in scope matching ``query``, ranked exact first."""
    return search(enterprises(user), query)


# --- lists ----------------------------------------------------------------------------------------


def enterprise_list(user: Any, params: Any) -> QuerySet[Enterprise]:
    """The filtered list shared by the page, the export and the API; bad filter values are refused."""
    from gonghui.enterprises.filters import EnterpriseFilter

    filterset = EnterpriseFilter(params, queryset=enterprises(user), user=user)
    if not filterset.is_valid():
        errors = [FieldError(f, m) for f, msgs in filterset.errors.items() for m in msgs]
        raise DomainError(_("Some filters are not valid."), errors=errors)
    return filterset.qs


def home_counters(user: Any) -> list[Counter]:
    """Active enterprises with a union, and caring enterprises, within the user's scope."""
    if not has_perm(user, PERM_VIEW):
        return []
    active = enterprises(user).filter(status=Status.ACTIVE)
    url = reverse("enterprises:list")
    return [
        Counter(
            _("Enterprises with a union"),
            active.filter(union__isnull=False).count(),
            url + "?has_union=true&status=active",
            "buildings",
        ),
        Counter(
            _("Caring enterprises"),
            active.filter(is_caring=True).count(),
            url + "?is_caring=true&status=active",
            "heart",
        ),
    ]
