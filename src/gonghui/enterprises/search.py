"""Enterprises in the global search box of the staff pages."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from gonghui.accounts.scoping import has_perm
from gonghui.core.extensions import SearchHit
from gonghui.enterprises.queries import PERM_VIEW, enterprise_search


def search_enterprises(user: Any, query: str, limit: int) -> list[SearchHit]:
    """The best ``limit`` enterprises matching ``query`` in the user's scope."""
    if not has_perm(user, PERM_VIEW):
        return []
    hits = []
    for row in enterprise_search(user, query)[:limit]:
        place = row.township.name if row.township else row.org.name
        hint = " · ".join(part for part in (row.uscc, row.get_type_display(), place) if part)
        hits.append(
            SearchHit(_("Enterprise"), row.name, hint, reverse("enterprises:detail", args=[row.pk]), row.rank)
        )
    return hits
