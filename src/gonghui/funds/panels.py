"""The funds' panel on the enterprise page: what a (caring) enterprise gave, within the reader's scope."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils.translation import gettext as _

from gonghui.accounts.scoping import has_perm
from gonghui.core.money import format_yuan
from gonghui.funds import queries, reports
from gonghui.funds.models import Donation
from gonghui.funds.perms import FUNDS_VIEW

LIMIT = 20


def enterprise_panel(user: Any, enterprise: Any) -> tuple[Any, str, dict[str, Any]] | None:
    """Donations of ``enterprise`` the user may see, newest first; nothing without ``funds.view``."""
    if not has_perm(user, FUNDS_VIEW):
        return None
    rows = (
        queries.donations(user)
        .filter(enterprise=enterprise, status=Donation.Status.RECORDED)
        .prefetch_related("lines__item")
        .order_by("-received_on", "-pk")
    )
    given = list(rows[:LIMIT])
    if not given and not enterprise.is_caring:
        return None
    table = [
        (
            f"{d.received_on:%Y-%m-%d} {d.receipt_no}",
            reverse("funds:donation", args=[d.pk]),
            " ".join(x for x in (format_yuan(d.amount), reports.goods_summary(d), d.earmark) if x),
        )
        for d in given
    ]
    return (
        _("Donations"),
        "enterprises/_panel_table.html",
        {"rows": table, "empty": _("No donations recorded.")},
    )
