"""Consultations (来访接待): log a visit, call or appeal; answer, decline, refer, or open a case.

Declining always takes a reason; where another body fits (labour inspectorate, arbitration
committee, court, legal-aid centre) the referral is recorded with how the worker was told, so no
worker is turned away without knowing where to go next.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Mapping
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from gonghui.accounts import scoping
from gonghui.core.errors import Conflict, DomainError
from gonghui.orgs.models import Organisation, ServicePoint
from gonghui.rights.choices import TOPIC_CASE_TYPE, Channel, Outcome, Referral, Topic
from gonghui.rights.models import Consultation, RightsCase
from gonghui.rights.perms import RIGHTS_CHANGE, RIGHTS_VIEW
from gonghui.rights.services import cases as case_services
from gonghui.rights.services import common

# A channel tied to a kind of place: a township rights point or an out-of-town station.
CHANNEL_POINT_KINDS = {
    Channel.RIGHTS_POINT: {ServicePoint.Kind.RIGHTS_POINT},
    Channel.MIGRANT_STATION: {ServicePoint.Kind.MIGRANT_STATION},
}
OPEN_OUTCOMES = (Outcome.PENDING, Outcome.ANSWERED)


def lock(consultation: Consultation) -> Consultation:
    """Re-read one consultation under a row lock."""
    return Consultation.objects.select_for_update().get(pk=consultation.pk)


def require_change(by: Any, consultation: Consultation) -> None:
    scoping.require(by, RIGHTS_CHANGE, consultation.org)


def _check_answered_by(user: Any, org: Organisation) -> None:
    """Whoever answered is staff who may see the consultation's records."""
    if user is None:
        return
    if not getattr(user, "is_active", False) or getattr(user, "is_worker", False):
        raise DomainError(_("Choose a member of staff."), field="answered_by")
    if not scoping.has_perm(user, RIGHTS_VIEW, org):
        raise DomainError(_("This person does not work on rights at this organisation."), field="answered_by")


def _check_channel(channel: str, point: ServicePoint | None) -> None:
    if channel not in Channel.values:
        raise DomainError(_("Choose one of the allowed values."), field="channel")
    if channel in CHANNEL_POINT_KINDS and point is None:
        raise DomainError(
            _("Choose the rights point or station where the worker came."), field="service_point"
        )


def _check_referral(referral: str, note: str, *, required: bool) -> tuple[str, str]:
    referral = (referral or "").strip()
    note = (note or "").strip()
    if referral and referral not in Referral.values:
        raise DomainError(_("Choose one of the allowed values."), field="referral")
    if required and not referral:
        raise DomainError(_("Choose where the worker is referred to."), field="referral")
    if referral and not note:
        raise DomainError(
            _("Note how the worker was told of the referral (in person, by phone, in writing)."),
            field="referral_note",
        )
    if len(note) > 300:
        raise DomainError(_("This text is too long."), field="referral_note")
    return referral, note


def consultation_create(
    *,
    by: Any,
    channel: str,
    topic: str,
    summary: str,
    received_at: datetime.datetime | datetime.date | None = None,
    service_point: ServicePoint | None = None,
    org: Organisation | None = None,
    person: Any = None,
    visitor_name: str = "",
    visitor_phone: str = "",
    answer: str = "",
    answered_by: Any = None,
    outcome: str = Outcome.ANSWERED,
) -> Consultation:
    """Log a consultation at a service point (its organisation owns the record) or, for the hotline
    and the portal, at ``org`` (default: the caller's own). Answered ones name who answered
    (default: the caller); declining, referring and opening a case are their own verbs."""
    if service_point is not None:
        org = service_point.org
    elif org is None:
        org = common.default_org(by, RIGHTS_CHANGE)
    common.check_org(by, org, RIGHTS_CHANGE)
    _check_channel(channel, service_point)
    common.check_point(by, service_point, RIGHTS_CHANGE, kinds=CHANNEL_POINT_KINDS.get(channel))
    if topic not in Topic.values:
        raise DomainError(_("Choose one of the allowed values."), field="topic")
    if outcome not in OPEN_OUTCOMES:
        raise DomainError(
            _("A new consultation is answered or pending; decline, refer or open a case afterwards."),
            field="outcome",
        )
    summary = common.clean_text(summary, "summary", required=True)
    common.check_person(by, person)
    visitor_name = "" if person is not None else common.clean_text(visitor_name, "visitor_name", limit=50)
    visitor_phone = "" if person is not None else common.clean_phone(visitor_phone)
    when = common.aware(received_at) or timezone.now()
    common.check_not_future(when, "received_at")
    if outcome == Outcome.ANSWERED and answered_by is None:
        answered_by = by
    _check_answered_by(answered_by, org)
    with transaction.atomic():
        return Consultation.objects.create(
            org=org,
            channel=channel,
            service_point=service_point,
            person=person,
            visitor_name=visitor_name,
            visitor_phone=visitor_phone,
            topic=topic,
            summary=summary,
            answer=(answer or "").strip(),
            received_at=when,
            answered_by=answered_by,
            outcome=outcome,
            created_by=by,
        )


UPDATE_FIELDS = ("topic", "summary", "answer", "answered_by", "person", "visitor_name", "visitor_phone")


def consultation_update(*, consultation: Consultation, by: Any, **changes: Any) -> Consultation:
    """Correct what was logged: topic, summary, the answer, who answered, who the visitor was."""
    unknown = set(changes) - set(UPDATE_FIELDS)
    if unknown:
        raise DomainError(_("These fields cannot be changed here: %(f)s") % {"f": ", ".join(sorted(unknown))})
    require_change(by, consultation)
    if "topic" in changes and changes["topic"] not in Topic.values:
        raise DomainError(_("Choose one of the allowed values."), field="topic")
    if "summary" in changes:
        changes["summary"] = common.clean_text(changes["summary"], "summary", required=True)
    if "person" in changes:
        common.check_person(by, changes["person"])
    if "visitor_name" in changes:
        changes["visitor_name"] = common.clean_text(changes["visitor_name"], "visitor_name", limit=50)
    if "visitor_phone" in changes:
        changes["visitor_phone"] = common.clean_phone(changes["visitor_phone"])
    if "answered_by" in changes:
        _check_answered_by(changes["answered_by"], consultation.org)
    with transaction.atomic():
        consultation = lock(consultation)
        for field, value in changes.items():
            setattr(consultation, field, value.strip() if isinstance(value, str) else value)
        if consultation.person_id:
            consultation.visitor_name, consultation.visitor_phone = "", ""
        if consultation.outcome == Outcome.PENDING and consultation.answer and consultation.answered_by_id:
            consultation.outcome = Outcome.ANSWERED
        consultation.save()
    return consultation


def _require_settleable(consultation: Consultation) -> None:
    if consultation.outcome not in OPEN_OUTCOMES:
        raise Conflict(
            _("This consultation was already settled (%(outcome)s).")
            % {"outcome": Outcome(consultation.outcome).label}
        )


def consultation_decline(
    *, consultation: Consultation, by: Any, reason: str, referral: str = "", referral_note: str = ""
) -> Consultation:
    """Turn a request down: a reason always; a referral, where one fits, with how the worker was told."""
    require_change(by, consultation)
    reason = common.clean_text(reason, "reason", required=True)
    referral, referral_note = _check_referral(referral, referral_note, required=False)
    with transaction.atomic():
        consultation = lock(consultation)
        _require_settleable(consultation)
        consultation.outcome = Outcome.DECLINED
        consultation.decline_reason = reason
        consultation.referral = referral
        consultation.referral_note = referral_note
        consultation.answered_by = consultation.answered_by or by
        consultation.save()
    return consultation


def consultation_refer(
    *, consultation: Consultation, by: Any, referral: str, referral_note: str, answer: str = ""
) -> Consultation:
    """Send the worker to the body that decides the matter, and record how they were told."""
    require_change(by, consultation)
    referral, referral_note = _check_referral(referral, referral_note, required=True)
    with transaction.atomic():
        consultation = lock(consultation)
        _require_settleable(consultation)
        consultation.outcome = Outcome.REFERRED
        consultation.referral = referral
        consultation.referral_note = referral_note
        if answer.strip():
            consultation.answer = answer.strip()
        consultation.answered_by = consultation.answered_by or by
        consultation.save()
    return consultation


def consultation_open_case(
    *,
    consultation: Consultation,
    by: Any,
    title: str = "",
    type: str = "",
    claimants: Iterable[Mapping[str, Any]] = (),
    opened_at: datetime.datetime | datetime.date | None = None,
    **case_fields: Any,
) -> RightsCase:
    """Turn a consultation into a rights case (one case per consultation).

    The case is handled where the consultation was received; its type follows the topic and its
    first claimant is the visitor, unless given otherwise.
    """
    require_change(by, consultation)
    with transaction.atomic():
        consultation = lock(consultation)
        if RightsCase.objects.filter(consultation=consultation).exists():
            raise Conflict(_("This consultation already has a case."))
        _require_settleable(consultation)
        claimants = list(claimants)
        if not claimants:
            if consultation.person_id is None and not consultation.visitor_name:
                raise DomainError(
                    _("An anonymous visitor cannot be a claimant: give the claimants' names."),
                    field="claimants",
                )
            claimants = [{"person": consultation.person, "name": consultation.visitor_name}]
        opened_at = opened_at or max(consultation.received_at, timezone.now())
        case = case_services.case_create(
            by=by,
            type=type or TOPIC_CASE_TYPE[Topic(consultation.topic)],
            title=title or consultation.summary[:60],
            org=consultation.org,
            service_point=consultation.service_point,
            consultation=consultation,
            summary=case_fields.pop("summary", consultation.summary),
            claimants=claimants,
            opened_at=common.aware(opened_at),
            **case_fields,
        )
        consultation.outcome = Outcome.CASE
        consultation.answered_by = consultation.answered_by or by
        consultation.save()
    return case
