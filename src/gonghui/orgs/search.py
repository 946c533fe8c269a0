"""Organisations in the global search box."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from gonghui.core.extensions import SearchHit
from gonghui.orgs.queries import organisations


def search_organisations(user: Any, query: str, limit: int) -> list[SearchHit]:
    rows = organisations(user).filter(name__icontains=query)[:limit]
    hits = []
    for org in rows:
        rank = 0 if org.name == query or org.code == query else (10 if org.name.startswith(query) else 50)
        hits.append(
            SearchHit(
                _("Organisation"),
                org.name,
                org.get_kind_display(),
                reverse("orgs:detail", args=[org.pk]),
                rank,
            )
        )
    exact = organisations(user).filter(code=query).first()
    if exact and all(h.url != reverse("orgs:detail", args=[exact.pk]) for h in hits):
        hits.insert(
            0,
            SearchHit(_("Organisation"), exact.name, exact.code, reverse("orgs:detail", args=[exact.pk]), 0),
        )
    return hits
