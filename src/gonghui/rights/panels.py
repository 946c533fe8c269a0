"""The rights panel of the person detail page (``GONGHUI_PERSON_PANELS``): the person's cases and
consultations that the reader may see. Counselling never appears on a person's page."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from gonghui.accounts.scoping import has_perm
from gonghui.rights import queries
from gonghui.rights.perms import RIGHTS_VIEW


def person_panel(request: HttpRequest, person: Any) -> list[Any]:
    from gonghui.people.panels import Panel

    if not has_perm(request.user, RIGHTS_VIEW):
        return []
    cases = queries.cases(request.user).filter(claimants__person=person).distinct()[:20]
    visits = queries.consultations(request.user).filter(person=person)[:20]
    rows = [
        (
            f"{c.number} {c.title}",
            reverse("rights:case", args=[c.pk]),
            f"{c.get_type_display()} · {c.get_stage_display()}",
        )
        for c in cases
    ] + [
        (
            f"{v.received_at:%Y-%m-%d} {v.get_topic_display()}",
            reverse("rights:consultation", args=[v.pk]),
            f"{v.get_channel_display()} · {v.get_outcome_display()}",
        )
        for v in visits
    ]
    if not rows:
        return []
    return [Panel(_("Rights cases and consultations"), "rights/_panel_table.html", {"rows": rows})]
