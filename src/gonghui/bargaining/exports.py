"""The contract list as xlsx, for the rows the caller's (already scoped) query selects."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from gonghui.bargaining import queries
from gonghui.bargaining.choices import ContractState
from gonghui.bargaining.models import CollectiveContract
from gonghui.core.exports import write_xlsx


def _rows(user: Any, rows: QuerySet[CollectiveContract]) -> Iterator[list[Any]]:
    today = timezone.localdate()
    visible = set(queries.enterprises(user).values_list("pk", flat=True))
    for c in rows.prefetch_related("coverage__enterprise"):
        names = [cv.enterprise.name for cv in c.coverage.all() if cv.enterprise_id in visible]
        others = len(c.coverage.all()) - len(names)
        if others:
            names.append(_("and %(n)s more") % {"n": others})
        yield [
            c.pk,
            c.title,
            c.get_kind_display(),
            "、".join(names),
            c.org.name,
            c.signed_on,
            c.term_start,
            c.term_end,
            str(ContractState(c.state_on(today)).label),
            c.covered_employees,
            "" if c.wage_increase is None else str(c.wage_increase),
            "" if c.minimum_wage is None else str(c.minimum_wage),
            c.filed_on,
            c.filing_number,
            c.terminated_on,
        ]


def contracts_xlsx(user: Any, rows: QuerySet[CollectiveContract]) -> bytes:
    """The contracts of ``rows``; covered enterprises outside the user's scope are only counted."""
    headers = [
        _("Number"),
        _("Title"),
        _("Kind"),
        _("Covered enterprises"),
        _("Kept by"),
        _("Signed on"),
        _("Term starts"),
        _("Term ends"),
        _("State today"),
        _("Employees covered"),
        _("Agreed wage increase (%)"),
        _("Minimum wage clause (yuan a month)"),
        _("Filed on"),
        _("Filing number"),
        _("Terminated on"),
    ]
    return write_xlsx(headers, _rows(user, rows), sheet=_("Collective contracts"))
