"""xlsx exports of the rights registers, for rows the caller's (already scoped) query selects.

Phones are masked; the counselling export holds neither notes nor participants' names. Each export
records an access event naming who exported what and how many rows.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from gonghui.core.audit import record_access
from gonghui.core.exports import write_xlsx
from gonghui.core.masking import mask_phone
from gonghui.rights.models import CaseClaimant, Consultation, CounsellingSession, RightsCase


def _log(user: Any, what: str, count: int) -> None:
    record_access(user, user=user, fields=[what], reason=f"{what} export ({count} rows)")


def _consultation_rows(rows: QuerySet[Consultation]) -> Iterator[list[Any]]:
    for c in rows.iterator(chunk_size=1000):
        yield [
            timezone.localtime(c.received_at),
            c.get_channel_display(),
            c.service_point.name if c.service_point_id else "",
            c.visitor or _("Anonymous"),
            mask_phone(c.visitor_phone),
            c.get_topic_display(),
            c.summary,
            c.answer,
            str(c.answered_by) if c.answered_by_id else "",
            c.get_outcome_display(),
            c.decline_reason,
            c.get_referral_display() if c.referral else "",
            c.referral_note,
            c.org.name,
        ]


def consultations_xlsx(user: Any, rows: QuerySet[Consultation]) -> bytes:
    headers = [
        _("Received at"),
        _("Channel"),
        _("Service point"),
        _("Visitor"),
        _("Phone"),
        _("Topic"),
        _("Summary"),
        _("Answer given"),
        _("Answered by"),
        _("Outcome"),
        _("Reason for declining"),
        _("Referred to"),
        _("How the worker was told"),
        _("Organisation"),
    ]
    content = write_xlsx(headers, _consultation_rows(rows), sheet=_("Consultations"))
    _log(user, "consultations", rows.count())
    return content


def _case_rows(rows: QuerySet[RightsCase]) -> Iterator[list[Any]]:
    claimants = CaseClaimant.objects.filter(case__in=rows.values("pk")).order_by("case_id", "pk")
    by_case: dict[int, list[CaseClaimant]] = {}
    for claimant in claimants.iterator(chunk_size=2000):
        by_case.setdefault(claimant.case_id, []).append(claimant)
    for case in rows.iterator(chunk_size=1000):
        for claimant in by_case.get(case.pk, [None]):
            yield [
                case.number,
                case.get_type_display(),
                case.title,
                case.respondent_label,
                case.respondent_city,
                case.service_point.name if case.service_point_id else "",
                str(case.adviser) if case.adviser_id else "",
                case.get_stage_display(),
                case.get_outcome_display() if case.outcome else "",
                case.knew_on,
                case.limitation_deadline,
                case.opened_on,
                case.accepted_on,
                case.closed_on,
                _("Yes") if case.legal_aid_referred else "",
                claimant.name if claimant else "",
                claimant.origin if claimant else "",
                claimant.claimed_amount if claimant else "",
                claimant.recovered_amount if claimant else "",
                claimant.awarded_amount if claimant else "",
                case.org.name,
            ]


def cases_xlsx(user: Any, rows: QuerySet[RightsCase]) -> bytes:
    """One line per claimant, so a collective case's amounts can be summed by hand."""
    headers = [
        _("Case number"),
        _("Type"),
        _("Title"),
        _("Respondent"),
        _("Respondent's city"),
        _("Handling point"),
        _("Adviser"),
        _("Stage"),
        _("Outcome"),
        _("Infringement known on"),
        _("Limitation deadline"),
        _("Opened on"),
        _("Accepted on"),
        pgettext("rights case", "Closed on"),
        _("Referred for legal aid"),
        _("Claimant"),
        _("Home place"),
        _("Amount claimed"),
        _("Amount recovered"),
        _("Compensation awarded"),
        _("Organisation"),
    ]
    content = write_xlsx(headers, _case_rows(rows), sheet=_("Rights cases"))
    _log(user, "rights cases", rows.count())
    return content


def _session_rows(rows: QuerySet[CounsellingSession]) -> Iterator[list[Any]]:
    for s in rows.iterator(chunk_size=1000):
        yield [
            s.held_on,
            s.get_kind_display(),
            s.get_format_display(),
            str(s.counsellor),
            s.topics,
            s.participant_count,
            _("Yes") if s.follow_up_needed else "",
            s.follow_up_on,
            s.org.name,
        ]


def sessions_xlsx(rows: QuerySet[CounsellingSession]) -> bytes:
    """Statistics without names: never the notes, never who took part."""
    headers = [
        _("Date"),
        _("Kind"),
        _("Format"),
        _("Counsellor"),
        _("Topics"),
        _("Participants"),
        _("Follow-up needed"),
        _("Follow-up date"),
        _("Organisation"),
    ]
    return write_xlsx(headers, _session_rows(rows), sheet=_("Counselling sessions"))
