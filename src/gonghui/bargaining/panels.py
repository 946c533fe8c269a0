"""The enterprise page's panel: its collective contracts and openness records (settings.ENTERPRISE_PANELS)."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from gonghui.accounts.scoping import has_perm
from gonghui.bargaining import queries
from gonghui.bargaining.choices import ContractState
from gonghui.bargaining.models import in_force_q
from gonghui.enterprises.models import Enterprise


def enterprise_panel(user: Any, enterprise: Enterprise) -> tuple[Any, str, dict[str, Any]] | None:
    """Contracts covering the enterprise (those the user can see) and its latest openness records."""
    if not has_perm(user, queries.PERM_VIEW):
        return None
    today = timezone.localdate()
    contracts = (
        queries.contracts(user)
        .filter(pk__in=enterprise.collective_contracts.values("pk"))
        .order_by("-term_end")
    )
    records = queries.openness_records(user).filter(enterprise=enterprise).order_by("-year")[:5]
    context = {
        "contracts": [(c, ContractState(c.state_on(today))) for c in contracts[:10]],
        "records": records,
        "covered": enterprise.collective_contracts.filter(in_force_q(today)).exists(),
        "can_add": enterprise.is_active and has_perm(user, queries.PERM_CHANGE),
        "add_url": f"{reverse('bargaining:contract_create')}?enterprise={enterprise.pk}",
    }
    return _("Collective contracts and openness"), "bargaining/_enterprise_panel.html", context
