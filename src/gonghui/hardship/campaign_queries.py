"""Scoped reads of campaigns and their grants.

A campaign is seen by readers of hardship over its organisation; its grants, by readers over the
union that keeps each recipient. Outside the scope a campaign or grant is simply not there (404).
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.db.models import Count, QuerySet, Sum

from gonghui.accounts.scoping import get_visible, visible_to
from gonghui.hardship.models import Campaign, CampaignGrant
from gonghui.hardship.perms import HARDSHIP_VIEW


def campaigns(user: Any, perm: str = HARDSHIP_VIEW) -> QuerySet[Campaign]:
    return visible_to(user, Campaign.objects.select_related("org", "fund", "approved_by"), perm)


def campaign(user: Any, pk: Any, perm: str = HARDSHIP_VIEW) -> Campaign:
    return get_visible(user, campaigns(user, perm), perm, pk=pk)


def grants(user: Any, row: Campaign, status: str = "", perm: str = HARDSHIP_VIEW) -> QuerySet[CampaignGrant]:
    rows = CampaignGrant.objects.filter(campaign=row).select_related("person", "file", "org", "disbursed_by")
    if status:
        rows = rows.filter(status=status)
    return visible_to(user, rows, perm).order_by("status", "pk")


def grant(user: Any, row: Campaign, pk: Any, perm: str = HARDSHIP_VIEW) -> CampaignGrant:
    return get_visible(user, grants(user, row, perm=perm), perm, pk=pk)


def counts(user: Any, row: Campaign) -> dict[str, dict[str, Any]]:
    """Grants and money by status, in the reader's scope: {"approved": {"n": 3, "amount": …}}."""
    found = {}
    for r in grants(user, row).order_by().values("status").annotate(n=Count("pk"), amount=Sum("amount")):
        found[r["status"]] = {"n": r["n"], "amount": r["amount"] or Decimal("0.00")}
    return found


def exclusions(user: Any, row: Campaign) -> dict[str, int]:
    rows = grants(user, row, "excluded").order_by().values("exclusion").annotate(n=Count("pk"))
    return {r["exclusion"]: r["n"] for r in rows}
