"""Scoped reads of campaigns and their grants.

A campaign is read by readers of hardship over its organisation, and by those of every union
under it: the federation's 送温暖 reaches each township, whose cadres follow it for their own
people. Its grants are read only by readers over the union that keeps each recipient, and acting
on a campaign (generate, approve, hand over, close) needs the right over its organisation, which
the services check. Outside all this a campaign or grant is simply not there (404).
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.db.models import Count, QuerySet, Sum

from gonghui.accounts.scoping import get_one, get_visible, scope_paths, visible_to
from gonghui.hardship.models import Campaign, CampaignGrant
from gonghui.hardship.perms import HARDSHIP_VIEW
from gonghui.orgs.models import Organisation


def campaigns(user: Any, perm: str = HARDSHIP_VIEW) -> QuerySet[Campaign]:
    """Campaigns of the user's organisations, and (to read) of the unions above them."""
    rows = Campaign.objects.select_related("org", "fund", "approved_by")
    mine = visible_to(user, rows, perm)
    if perm != HARDSHIP_VIEW:
        return mine
    above = _above(scope_paths(user, perm))
    return (mine | rows.filter(org__path__in=above)) if above else mine


def _above(paths: list[str]) -> list[str]:
    """The tree paths of every organisation above those of ``paths``."""
    step = Organisation.steplen
    return sorted({path[:end] for path in paths for end in range(step, len(path), step)})


def campaign(user: Any, pk: Any, perm: str = HARDSHIP_VIEW) -> Campaign:
    return get_one(campaigns(user, perm), pk=pk)


def listed(user: Any, row: Campaign) -> QuerySet[Any]:
    """The people ``row`` lists by hand that ``user`` may see: a township reading a federation
    campaign sees its own people on the list, never another township's."""
    return visible_to(user, row.listed.all(), "people.view").order_by("pk")


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
