"""The people list and the member roll as xlsx: masked by default, every export an access event.

Full ID numbers and phones are written only when the caller asks for them and holds
``people.reveal`` over every exported person (one row outside that scope masks nothing and
refuses the export, rather than handing over a half-masked sheet). Each export, masked or not,
is logged with the filter, the number of rows and whether the values were full. The rows are
streamed from the database into a constant-memory workbook.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from auditlog.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.db.models import Model, QuerySet
from django.utils.translation import gettext as _

from gonghui.accounts.scoping import visible_orgs
from gonghui.core.audit import current_remote_addr
from gonghui.core.errors import DomainError, PermissionDenied
from gonghui.core.exports import write_xlsx
from gonghui.core.masking import mask_id_number, mask_phone
from gonghui.people.models import Membership, Person

PERM_REVEAL = "people.reveal"
EXPORT_LIMIT = 100_000
CHUNK = 2000
# Query parameters that are not filters and are not recorded.
_NOT_FILTERS = {"page", "full", "limit", "offset", "format"}


def people_xlsx(user: Any, params: Any, *, full: bool = False) -> bytes:
    """The filtered people list of ``user`` as xlsx."""
    from gonghui.people.queries import person_list

    rows = person_list(user, params).select_related("org", "residence_region")
    count = _checked(user, rows, "org", full)
    headers = [
        _("Name"),
        _("Sex"),
        _("Birth date"),
        _("ID number"),
        _("Phone"),
        _("Ethnic group"),
        _("Hukou type"),
        _("Residence region"),
        _("Address"),
        _("Education"),
        _("Political status"),
        _("Health"),
        _("Disability category"),
        _("Disability grade"),
        _("Disability certificate number"),
        _("Employer"),
        _("Job"),
        _("Migrant worker"),
        _("City of work"),
        _("Organisation"),
        _("Status"),
    ]
    content = write_xlsx(headers, _people_rows(rows, full), sheet=_("People"))
    record_export(user, Person, what="people", params=params, count=count, full=full)
    return content


def roll_xlsx(user: Any, params: Any, *, full: bool = False) -> bytes:
    """The filtered member roll of ``user`` as xlsx."""
    from gonghui.people.queries.memberships import membership_list

    rows = membership_list(user, params).select_related("person", "org")
    count = _checked(user, rows, "person__org", full)
    headers = [
        _("Member number"),
        _("Name"),
        _("Sex"),
        _("Birth date"),
        _("ID number"),
        _("Phone"),
        _("Union"),
        _("Joined on"),
        _("Status"),
        _("Left on"),
        _("Reason for leaving"),
    ]
    content = write_xlsx(headers, _roll_rows(rows, full), sheet=_("Member roll"))
    record_export(user, Membership, what="member roll", params=params, count=count, full=full)
    return content


def can_export_full(user: Any, rows: QuerySet, org_field: str) -> bool:
    """Whether ``user`` may see the full values of every row (``people.reveal`` over each owner)."""
    allowed = visible_orgs(user, PERM_REVEAL)
    return allowed.exists() and not rows.exclude(**{f"{org_field}__in": allowed.values("pk")}).exists()


def record_export(
    user: Any, model: type[Model], *, what: str, params: Any, count: int, full: bool
) -> LogEntry:
    """One access event for an export: who, which list, which filters, how many rows, full or masked."""
    filters = _filters(params)
    text = f"{what} export: {count} rows, {'full' if full else 'masked'}"
    if filters:
        text += "; " + "&".join(f"{k}={v}" for k, v in filters.items())
    return LogEntry.objects.create(
        content_type=ContentType.objects.get_for_model(model),
        object_pk="",
        object_id=None,
        object_repr=f"{what} export"[:200],
        action=LogEntry.Action.ACCESS,
        actor=user if getattr(user, "is_authenticated", False) else None,
        changes={"fields": ["id_number", "phone"] if full else []},
        changes_text=text[:1000],
        additional_data={
            "reason": "export",
            "export": what,
            "filters": filters,
            "count": count,
            "full": full,
        },
        remote_addr=current_remote_addr(),
    )


def _checked(user: Any, rows: QuerySet, org_field: str, full: bool) -> int:
    if full and not can_export_full(user, rows, org_field):
        raise PermissionDenied(
            _("Full ID numbers and phones can be exported only for people whose details you may see.")
        )
    count = rows.count()
    if count > EXPORT_LIMIT:
        raise DomainError(
            _("The list has %(count)s rows; narrow the filters to at most %(limit)s.")
            % {"count": count, "limit": EXPORT_LIMIT}
        )
    return count


def _filters(params: Any) -> dict[str, str]:
    items = params.lists() if hasattr(params, "lists") else ((k, [v]) for k, v in dict(params).items())
    return {
        k: ",".join(str(v) for v in values if v not in ("", None))
        for k, values in sorted(items)
        if k not in _NOT_FILTERS and any(v not in ("", None) for v in values)
    }


def _shown(person: Person, full: bool) -> tuple[str, str, str]:
    if full:
        return person.id_number, person.phone, person.disability_cert_number
    return (
        mask_id_number(person.id_number),
        mask_phone(person.phone),
        mask_id_number(person.disability_cert_number),
    )


def _people_rows(rows: QuerySet[Person], full: bool) -> Iterator[list[Any]]:
    for p in rows.iterator(chunk_size=CHUNK):
        id_number, phone, cert = _shown(p, full)
        yield [
            p.name,
            p.get_sex_display(),
            p.birth_date,
            id_number,
            phone,
            p.get_ethnicity_display(),
            p.get_hukou_type_display(),
            p.residence_region.name if p.residence_region else "",
            p.address,
            p.get_education_display(),
            p.get_political_status_display(),
            p.get_health_display(),
            p.get_disability_kind_display(),
            p.get_disability_grade_display() if p.disability_grade else "",
            cert,
            p.employer_name,
            p.job,
            _("Yes") if p.is_migrant_worker else _("No"),
            p.work_city,
            p.org.name,
            p.get_status_display(),
        ]


def _roll_rows(rows: QuerySet[Membership], full: bool) -> Iterator[list[Any]]:
    for m in rows.iterator(chunk_size=CHUNK):
        id_number, phone, _cert = _shown(m.person, full)
        yield [
            m.member_number,
            m.person.name,
            m.person.get_sex_display(),
            m.person.birth_date,
            id_number,
            phone,
            m.org.name,
            m.joined_on,
            m.get_status_display(),
            m.left_on,
            m.left_reason,
        ]
