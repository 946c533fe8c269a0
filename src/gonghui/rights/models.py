"""Records of the rights platform: consultations, the duty roster, rights cases, counselling, outreach.

Every row is owned by an organisation (directly, or through its case or session) and read through
``gonghui.accounts.scoping``. Amounts are ``MoneyField`` yuan; state changes go through
``gonghui.rights.services``, and the rules a database can hold (one open stage per case, one case
per consultation, a reason for every refusal) are constraints here.
"""

from __future__ import annotations

import datetime
import os
import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from gonghui.core.crypto import EncryptedCharField
from gonghui.core.models import OrgOwned, TimeStamped
from gonghui.core.money import MoneyField
from gonghui.rights.choices import (
    CaseOutcome,
    CaseType,
    Channel,
    CounsellingFormat,
    CounsellingKind,
    Outcome,
    OutreachKind,
    Referral,
    ShiftKind,
    Stage,
    Topic,
)

_USER = settings.AUTH_USER_MODEL


class Consultation(OrgOwned):
    """A worker's visit, call or appeal (来访接待) and what the office did with it.

    The visitor is a registered person, or a name and phone for someone not in the registry, or
    nobody (anonymous). A refusal keeps its reason and, where another body fits, the referral and how
    the worker was told; turning it into a case links exactly one ``RightsCase``.
    """

    Channel = Channel
    Topic = Topic
    Outcome = Outcome
    Referral = Referral

    channel = models.CharField(_("channel"), max_length=16, choices=Channel.choices)
    service_point = models.ForeignKey(
        "orgs.ServicePoint",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("service point"),
    )
    person = models.ForeignKey(
        "people.Person",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("person"),
    )
    visitor_name = models.CharField(_("visitor's name"), max_length=50, blank=True)
    visitor_phone = EncryptedCharField(_("visitor's phone"), blank=True)
    topic = models.CharField(_("topic"), max_length=24, choices=Topic.choices)
    summary = models.TextField(_("summary"))
    answer = models.TextField(_("answer given"), blank=True)
    received_at = models.DateTimeField(_("received at"), db_index=True)
    answered_by = models.ForeignKey(
        _USER,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("answered by"),
    )
    outcome = models.CharField(_("outcome"), max_length=10, choices=Outcome.choices, default=Outcome.ANSWERED)
    decline_reason = models.TextField(_("reason for declining"), blank=True)
    referral = models.CharField(_("referred to"), max_length=24, choices=Referral.choices, blank=True)
    referral_note = models.CharField(_("how the worker was told"), max_length=300, blank=True)
    created_by = models.ForeignKey(
        _USER, on_delete=models.PROTECT, related_name="+", verbose_name=_("logged by")
    )

    class Meta:
        verbose_name = _("consultation")
        verbose_name_plural = _("consultations")
        ordering = ["-received_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(channel__in=Channel.values), name="%(app_label)s_%(class)s_channel_known"
            ),
            models.CheckConstraint(
                condition=models.Q(topic__in=Topic.values), name="%(app_label)s_%(class)s_topic_known"
            ),
            models.CheckConstraint(
                condition=models.Q(outcome__in=Outcome.values), name="%(app_label)s_%(class)s_outcome_known"
            ),
            models.CheckConstraint(
                condition=~models.Q(outcome="declined") | ~models.Q(decline_reason=""),
                name="%(app_label)s_%(class)s_declined_has_reason",
            ),
            models.CheckConstraint(
                condition=~models.Q(outcome="referred") | ~models.Q(referral=""),
                name="%(app_label)s_%(class)s_referred_has_referral",
            ),
            models.CheckConstraint(
                condition=models.Q(referral="") | ~models.Q(referral_note=""),
                name="%(app_label)s_%(class)s_referral_told",
            ),
        ]
        indexes = [
            models.Index(fields=["org", "-received_at"], name="rights_consult_org_received"),
            models.Index(fields=["service_point", "received_at"], name="rights_consult_point_received"),
            models.Index(fields=["answered_by", "received_at"], name="rights_consult_by_received"),
        ]

    def __str__(self) -> str:
        return f"{self.get_topic_display()} · {self.received_at:%Y-%m-%d}"

    @property
    def visitor(self) -> str:
        """The name to show: the registered person's, the visitor's own, or nothing (anonymous)."""
        if self.person_id:
            return self.person.name
        return self.visitor_name

    @property
    def is_open(self) -> bool:
        """Still to be settled: pending or answered may yet be declined, referred or made a case."""
        return self.outcome in {Outcome.PENDING, Outcome.ANSWERED}


class DutyShift(OrgOwned):
    """One turn of duty at a service point (坐班值班): a legal adviser with an account, or a named
    legal-aid worker or volunteer. ``org`` is the point's organisation."""

    Kind = ShiftKind

    service_point = models.ForeignKey(
        "orgs.ServicePoint", on_delete=models.PROTECT, related_name="+", verbose_name=_("service point")
    )
    date = models.DateField(_("date"))
    start_time = models.TimeField(_("from"))
    end_time = models.TimeField(_("until"))
    user = models.ForeignKey(
        _USER, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("adviser")
    )
    name = models.CharField(_("name"), max_length=50, blank=True)
    kind = models.CharField(_("kind of duty"), max_length=16, choices=ShiftKind.choices)
    note = models.CharField(_("note"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("duty shift")
        verbose_name_plural = _("duty shifts")
        ordering = ["date", "start_time", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(end_time__gt=models.F("start_time")),
                name="%(app_label)s_%(class)s_ends_after_start",
            ),
            models.CheckConstraint(
                condition=models.Q(user__isnull=False) | ~models.Q(name=""),
                name="%(app_label)s_%(class)s_has_someone",
            ),
            models.CheckConstraint(
                condition=models.Q(kind__in=ShiftKind.values), name="%(app_label)s_%(class)s_kind_known"
            ),
        ]
        indexes = [models.Index(fields=["service_point", "date"], name="rights_shift_point_date")]

    def __str__(self) -> str:
        return f"{self.service_point} · {self.date} {self.start_time:%H:%M}-{self.end_time:%H:%M}"

    @property
    def who(self) -> str:
        return str(self.user) if self.user_id else self.name


class RightsCase(OrgOwned):
    """A rights case (维权案件): one dispute against one employer, with one or many claimants.

    A collective wage case of 15 migrant workers is one case with 15 ``CaseClaimant`` rows. The
    stage moves only along ``choices.TRANSITIONS`` (services refuse other jumps); each stage it
    passes through is a ``CaseStage`` row, so time in every stage is kept.
    """

    Type = CaseType
    Stage = Stage
    Outcome = CaseOutcome

    number = models.CharField(_("case number"), max_length=20, unique=True)
    consultation = models.OneToOneField(
        Consultation,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="case",
        verbose_name=_("consultation"),
    )
    type = models.CharField(_("type"), max_length=24, choices=CaseType.choices)
    title = models.CharField(_("title"), max_length=200)
    summary = models.TextField(_("summary"), blank=True)
    respondent = models.ForeignKey(
        "enterprises.Enterprise",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("respondent enterprise"),
    )
    respondent_name = models.CharField(_("respondent"), max_length=200, blank=True)
    respondent_city = models.CharField(_("respondent's city"), max_length=60, blank=True)
    service_point = models.ForeignKey(
        "orgs.ServicePoint",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("handling point"),
    )
    adviser = models.ForeignKey(
        _USER, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("adviser")
    )
    knew_on = models.DateField(_("infringement known on"), null=True, blank=True)
    opened_on = models.DateField(_("opened on"), db_index=True)
    accepted_on = models.DateField(_("accepted on"), null=True, blank=True)
    closed_on = models.DateField(
        pgettext_lazy("rights case", "closed on"), null=True, blank=True, db_index=True
    )
    stage = models.CharField(_("stage"), max_length=12, choices=Stage.choices, default=Stage.INTAKE)
    outcome = models.CharField(_("outcome"), max_length=16, choices=CaseOutcome.choices, blank=True)
    legal_aid_referred = models.BooleanField(_("referred for legal aid"), default=False)
    legal_aid_note = models.CharField(_("legal-aid note"), max_length=300, blank=True)
    created_by = models.ForeignKey(
        _USER, on_delete=models.PROTECT, related_name="+", verbose_name=_("opened by")
    )

    class Meta:
        verbose_name = _("rights case")
        verbose_name_plural = _("rights cases")
        ordering = ["-opened_on", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(type__in=CaseType.values), name="%(app_label)s_%(class)s_type_known"
            ),
            models.CheckConstraint(
                condition=models.Q(stage__in=Stage.values), name="%(app_label)s_%(class)s_stage_known"
            ),
            models.CheckConstraint(
                condition=(models.Q(stage="closed") & models.Q(outcome__in=CaseOutcome.values))
                | (~models.Q(stage="closed") & models.Q(outcome="")),
                name="%(app_label)s_%(class)s_outcome_when_closed",
            ),
            models.CheckConstraint(
                condition=(models.Q(stage="closed") & models.Q(closed_on__isnull=False))
                | (~models.Q(stage="closed") & models.Q(closed_on__isnull=True)),
                name="%(app_label)s_%(class)s_closed_on_when_closed",
            ),
            models.CheckConstraint(
                condition=models.Q(respondent__isnull=False) | ~models.Q(respondent_name=""),
                name="%(app_label)s_%(class)s_has_respondent",
            ),
        ]
        indexes = [
            models.Index(fields=["org", "stage"], name="rights_case_org_stage"),
            models.Index(fields=["adviser", "stage"], name="rights_case_adviser_stage"),
        ]

    def __str__(self) -> str:
        return f"{self.number} {self.title}"

    @property
    def respondent_label(self) -> str:
        return self.respondent.name if self.respondent_id else self.respondent_name

    @property
    def is_closed(self) -> bool:
        return self.stage == Stage.CLOSED

    @property
    def limitation_deadline(self) -> datetime.date | None:
        """The last day to apply for labour arbitration: one year from when the worker knew (art. 27)."""
        if self.knew_on is None:
            return None
        try:
            return self.knew_on.replace(year=self.knew_on.year + 1)
        except ValueError:  # 29 February: the year ends on 28 February
            return self.knew_on.replace(year=self.knew_on.year + 1, day=28)


class CaseClaimant(models.Model):
    """One worker claiming in a case: a registered person or a name, with the amounts claimed, recovered
    (wages and other money paid back) and awarded (injury compensation)."""

    case = models.ForeignKey(
        RightsCase, on_delete=models.CASCADE, related_name="claimants", verbose_name=_("case")
    )
    person = models.ForeignKey(
        "people.Person",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("person"),
    )
    name = models.CharField(_("name"), max_length=50)
    origin = models.CharField(_("home place"), max_length=60, blank=True)
    is_migrant_worker = models.BooleanField(_("migrant worker"), default=False)
    claimed_amount = MoneyField(_("amount claimed"), default=0)
    recovered_amount = MoneyField(_("amount recovered"), default=0)
    awarded_amount = MoneyField(_("compensation awarded"), default=0)

    scope_field = "case__org"

    class Meta:
        verbose_name = _("claimant")
        verbose_name_plural = _("claimants")
        ordering = ["case", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["case", "person"],
                condition=models.Q(person__isnull=False),
                name="%(app_label)s_%(class)s_person_once_per_case",
            ),
            models.CheckConstraint(
                condition=models.Q(claimed_amount__gte=0)
                & models.Q(recovered_amount__gte=0)
                & models.Q(awarded_amount__gte=0),
                name="%(app_label)s_%(class)s_amounts_not_negative",
            ),
        ]

    def __str__(self) -> str:
        return self.name


class CaseStage(models.Model):
    """One stage a case passed through: when it entered and left, what was done, what came of it."""

    case = models.ForeignKey(
        RightsCase, on_delete=models.CASCADE, related_name="stages", verbose_name=_("case")
    )
    stage = models.CharField(_("stage"), max_length=12, choices=Stage.choices)
    entered_at = models.DateTimeField(_("entered"))
    left_at = models.DateTimeField(_("left"), null=True, blank=True)
    actions = models.TextField(_("actions taken"), blank=True)
    result = models.TextField(_("result"), blank=True)
    entered_by = models.ForeignKey(_USER, on_delete=models.PROTECT, related_name="+", verbose_name=_("by"))

    scope_field = "case__org"

    class Meta:
        verbose_name = _("case stage")
        verbose_name_plural = _("case stages")
        ordering = ["case", "entered_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["case"],
                condition=models.Q(left_at__isnull=True),
                name="%(app_label)s_%(class)s_one_current_stage",
            ),
            models.CheckConstraint(
                condition=models.Q(left_at__isnull=True) | models.Q(left_at__gte=models.F("entered_at")),
                name="%(app_label)s_%(class)s_leaves_after_entering",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.case.number} · {self.get_stage_display()}"

    @property
    def days(self) -> float | None:
        """Days spent in the stage (to now for the current one)."""
        from django.utils import timezone

        end = self.left_at or timezone.now()
        return round((end - self.entered_at).total_seconds() / 86400, 1)


def case_document_path(instance: CaseDocument, filename: str) -> str:
    """A random name: the original may carry a worker's name; it stays in the row."""
    ext = os.path.splitext(filename)[1].lower()[:8]
    return f"rights/cases/{uuid.uuid4().hex}{ext}"


class CaseDocument(models.Model):
    """A file attached to a case stage: an application, a mediation agreement, an award, a judgment.

    Served only through the case's scoped download view, which logs each read; no URL serves
    ``MEDIA_ROOT``.
    """

    stage = models.ForeignKey(
        CaseStage, on_delete=models.CASCADE, related_name="documents", verbose_name=_("stage")
    )
    title = models.CharField(_("title"), max_length=200)
    file = models.FileField(_("file"), upload_to=case_document_path, max_length=200)
    original_name = models.CharField(_("file name"), max_length=255)
    uploaded_by = models.ForeignKey(
        _USER, on_delete=models.PROTECT, related_name="+", verbose_name=_("uploaded by")
    )
    uploaded_at = models.DateTimeField(_("uploaded"), auto_now_add=True)

    scope_field = "stage__case__org"

    class Meta:
        verbose_name = _("case document")
        verbose_name_plural = _("case documents")
        ordering = ["uploaded_at", "pk"]

    def __str__(self) -> str:
        return self.title


class CumulativeBaseline(OrgOwned):
    """What an organisation recovered and won for workers before the platform kept cases.

    The report's "累计为农民争取工资及工伤赔偿金432万元" spans years before the platform; this row
    holds that history up to ``as_of``, and the cumulative figure adds the cases closed after it.
    """

    since = models.DateField(_("counted since"))
    as_of = models.DateField(_("up to and including"))
    recovered_amount = MoneyField(_("wages recovered"), default=0)
    awarded_amount = MoneyField(_("compensation awarded"), default=0)
    note = models.CharField(_("source"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("cumulative baseline")
        verbose_name_plural = _("cumulative baselines")
        constraints = [
            models.UniqueConstraint(fields=["org"], name="%(app_label)s_%(class)s_one_per_org"),
            models.CheckConstraint(
                condition=models.Q(as_of__gte=models.F("since")), name="%(app_label)s_%(class)s_dates_ordered"
            ),
            models.CheckConstraint(
                condition=models.Q(recovered_amount__gte=0) & models.Q(awarded_amount__gte=0),
                name="%(app_label)s_%(class)s_amounts_not_negative",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.org} · {self.since}–{self.as_of}"

    @property
    def total(self) -> object:
        return self.recovered_amount + self.awarded_amount


class CounsellingSession(OrgOwned):
    """A session of the 心灵驿站: who counselled, when, how, how many took part, and any follow-up.

    What was said lives in ``CounsellingNote`` rows, readable only with ``counselling.notes``; the
    participants' names are shown with that permission too. Everyone else with ``counselling.view``
    sees that the session took place and its numbers. A follow-up session names the session it
    follows (``follow_up_of``) and does not count its people again.
    """

    Kind = CounsellingKind
    Format = CounsellingFormat

    kind = models.CharField(_("kind"), max_length=12, choices=CounsellingKind.choices)
    counsellor = models.ForeignKey(
        _USER, on_delete=models.PROTECT, related_name="+", verbose_name=_("counsellor")
    )
    held_on = models.DateField(_("date"), db_index=True)
    format = models.CharField(_("format"), max_length=16, choices=CounsellingFormat.choices)
    topics = models.CharField(_("topics"), max_length=300, blank=True)
    participant_count = models.PositiveIntegerField(_("participants"), default=1)
    participants = models.ManyToManyField(
        "people.Person", blank=True, related_name="+", verbose_name=_("participants (registered)")
    )
    service_point = models.ForeignKey(
        "orgs.ServicePoint",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("service point"),
    )
    follow_up_needed = models.BooleanField(_("follow-up needed"), default=False)
    follow_up_on = models.DateField(_("follow-up date"), null=True, blank=True)
    follow_up_of = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="follow_ups",
        verbose_name=_("follows up session"),
    )
    created_by = models.ForeignKey(
        _USER, on_delete=models.PROTECT, related_name="+", verbose_name=_("logged by")
    )

    class Meta:
        verbose_name = _("counselling session")
        verbose_name_plural = _("counselling sessions")
        ordering = ["-held_on", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(participant_count__gte=1), name="%(app_label)s_%(class)s_someone_took_part"
            ),
            models.CheckConstraint(
                condition=~models.Q(kind="individual") | models.Q(participant_count=1),
                name="%(app_label)s_%(class)s_individual_is_one",
            ),
            models.CheckConstraint(
                condition=models.Q(kind__in=CounsellingKind.values)
                & models.Q(format__in=CounsellingFormat.values),
                name="%(app_label)s_%(class)s_kind_format_known",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} · {self.held_on}"


class CounsellingNote(TimeStamped):
    """What was said in a counselling session, encrypted at rest; read only with ``counselling.notes``.

    Its string form never includes the text, so neither the audit log (which excludes the field)
    nor any list that prints the object can show it.
    """

    session = models.ForeignKey(
        CounsellingSession, on_delete=models.CASCADE, related_name="notes", verbose_name=_("session")
    )
    text = EncryptedCharField(_("notes"))
    author = models.ForeignKey(
        _USER, on_delete=models.PROTECT, related_name="+", verbose_name=_("written by")
    )

    scope_field = "session__org"

    class Meta:
        verbose_name = _("counselling note")
        verbose_name_plural = _("counselling notes")
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return f"counselling note #{self.pk}"


class LegalOutreach(OrgOwned):
    """A legal outreach event (法律进企业, lecture): where, who spoke, how many came, materials given.

    Each counts toward its organiser's monthly "one legal lecture" duty (``queries.lectures_by``).
    """

    Kind = OutreachKind

    kind = models.CharField(
        _("kind"), max_length=20, choices=OutreachKind.choices, default=OutreachKind.LECTURE
    )
    held_on = models.DateField(_("date"), db_index=True)
    enterprise = models.ForeignKey(
        "enterprises.Enterprise",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("enterprise"),
    )
    place = models.CharField(_("place"), max_length=200, blank=True)
    title = models.CharField(_("title"), max_length=200)
    speakers = models.CharField(_("speakers"), max_length=300, blank=True)
    attendees = models.PositiveIntegerField(_("attendees"), default=0)
    materials = models.PositiveIntegerField(_("materials distributed"), default=0)
    organiser = models.ForeignKey(
        _USER, on_delete=models.PROTECT, related_name="+", verbose_name=_("organiser")
    )
    note = models.TextField(_("note"), blank=True)

    class Meta:
        verbose_name = _("legal outreach event")
        verbose_name_plural = _("legal outreach events")
        ordering = ["-held_on", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(enterprise__isnull=False) | ~models.Q(place=""),
                name="%(app_label)s_%(class)s_has_place",
            ),
            models.CheckConstraint(
                condition=models.Q(kind__in=OutreachKind.values), name="%(app_label)s_%(class)s_kind_known"
            ),
        ]
        indexes = [models.Index(fields=["organiser", "held_on"], name="rights_outreach_organiser")]

    def __str__(self) -> str:
        return self.title
