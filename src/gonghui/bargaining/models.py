"""Collective contracts, their yearly fulfilment checks, openness records and satisfaction surveys.

Every row is owned by an organisation (``org``): a contract by the union that signed it (a
grassroots union for its enterprise, a township or industry union for a regional or industry
contract); checks, openness records and survey answers carry the organisation of what they belong
to, so every table can be scoped and sharded by organisation.
"""

from __future__ import annotations

import datetime

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from gonghui.bargaining.choices import (
    Answer,
    Channel,
    CheckResult,
    ContractKind,
    ContractState,
    ContractStatus,
    OpennessForm,
)
from gonghui.core.models import OrgOwned

MIN_YEAR, MAX_YEAR = 1990, 2100


def in_force_q(on: datetime.date, prefix: str = "") -> Q:
    """Contracts in force on ``on``: signed by then, within their term, not terminated by then.

    A contract terminated on a day is no longer in force from that day. ``prefix`` reaches the
    contract through a relation (``"collective_contracts__"`` from an enterprise).
    """
    p = prefix
    return (
        Q(**{f"{p}status__in": [ContractStatus.SIGNED, ContractStatus.TERMINATED]})
        & Q(**{f"{p}signed_on__lte": on, f"{p}term_start__lte": on, f"{p}term_end__gte": on})
        & (Q(**{f"{p}terminated_on__isnull": True}) | Q(**{f"{p}terminated_on__gt": on}))
    )


class ContractQuerySet(models.QuerySet):
    def in_force(self, on: datetime.date) -> ContractQuerySet:
        return self.filter(in_force_q(on))

    def expiring(self, on: datetime.date, days: int) -> ContractQuerySet:
        """In force on ``on`` and ending within ``days`` days of it."""
        return self.in_force(on).filter(term_end__lte=on + datetime.timedelta(days=days))


class CollectiveContract(OrgOwned):
    """A collective contract (集体合同): wage-special, comprehensive, regional or industry.

    A wage-special or comprehensive contract covers exactly one enterprise; a regional or industry
    contract covers one or many (the services enforce the count, the database the uniqueness of
    each coverage). The stored ``status`` is the lifecycle (draft, signed, terminated);
    whether the contract is in force on a day is computed by :meth:`state_on` from the status and
    the dates, so nothing has to be "expired" by hand.
    """

    Kind = ContractKind
    Status = ContractStatus

    kind = models.CharField(_("kind"), max_length=16, choices=ContractKind.choices)
    title = models.CharField(_("title"), max_length=200)
    enterprises = models.ManyToManyField(
        "enterprises.Enterprise",
        through="ContractCoverage",
        related_name="collective_contracts",
        verbose_name=_("covered enterprises"),
    )
    signed_on = models.DateField(_("signed on"), null=True, blank=True)
    term_start = models.DateField(_("term starts"))
    term_end = models.DateField(_("term ends"))
    covered_employees = models.PositiveIntegerField(_("employees covered"), default=0)
    wage_increase = models.DecimalField(
        _("agreed wage increase (%)"), max_digits=5, decimal_places=2, null=True, blank=True
    )
    minimum_wage = models.DecimalField(
        _("minimum wage clause (yuan a month)"), max_digits=9, decimal_places=2, null=True, blank=True
    )
    filed_on = models.DateField(_("filed with the labour bureau on"), null=True, blank=True)
    filing_number = models.CharField(_("filing number"), max_length=60, blank=True)
    status = models.CharField(
        _("status"), max_length=12, choices=ContractStatus.choices, default=ContractStatus.DRAFT
    )
    terminated_on = models.DateField(_("terminated on"), null=True, blank=True)
    termination_reason = models.CharField(_("reason for termination"), max_length=300, blank=True)
    notes = models.TextField(_("notes"), blank=True)

    objects = ContractQuerySet.as_manager()

    class Meta:
        verbose_name = _("collective contract")
        verbose_name_plural = _("collective contracts")
        ordering = ["-term_end", "-pk"]
        indexes = [
            models.Index(fields=["org", "term_end"], name="bargaining_contract_org_end"),
            models.Index(fields=["status", "term_start", "term_end"], name="bargaining_contract_term"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=ContractKind.values), name="%(app_label)s_%(class)s_kind_known"
            ),
            models.CheckConstraint(
                condition=Q(status__in=ContractStatus.values), name="%(app_label)s_%(class)s_status_known"
            ),
            models.CheckConstraint(
                condition=Q(term_end__gt=models.F("term_start")),
                name="%(app_label)s_%(class)s_term_end_after_start",
            ),
            models.CheckConstraint(
                condition=Q(status=ContractStatus.DRAFT) | Q(signed_on__isnull=False),
                name="%(app_label)s_%(class)s_signed_has_date",
            ),
            models.CheckConstraint(
                condition=Q(status=ContractStatus.TERMINATED, terminated_on__isnull=False)
                | (~Q(status=ContractStatus.TERMINATED) & Q(terminated_on__isnull=True)),
                name="%(app_label)s_%(class)s_terminated_has_date",
            ),
            models.CheckConstraint(
                condition=Q(filing_number="") | Q(filed_on__isnull=False),
                name="%(app_label)s_%(class)s_filing_has_date",
            ),
            models.CheckConstraint(
                condition=Q(minimum_wage__isnull=True) | Q(minimum_wage__gte=0),
                name="%(app_label)s_%(class)s_minimum_wage_not_negative",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def state_on(self, on: datetime.date) -> str:
        """The contract's state on ``on``: draft, pending, in force, expired or terminated."""
        if self.status == ContractStatus.DRAFT:
            return ContractState.DRAFT
        if self.terminated_on is not None and self.terminated_on <= on:
            return ContractState.TERMINATED
        if on > self.term_end:
            return ContractState.EXPIRED
        if on < self.term_start or (self.signed_on and on < self.signed_on):
            return ContractState.PENDING
        return ContractState.IN_FORCE

    def is_in_force(self, on: datetime.date) -> bool:
        return self.state_on(on) == ContractState.IN_FORCE

    @property
    def state(self) -> str:
        """The state today."""
        from django.utils import timezone

        return self.state_on(timezone.localdate())

    def get_state_display(self) -> str:
        return str(ContractState(self.state).label)

    @property
    def is_filed(self) -> bool:
        return self.filed_on is not None

    @property
    def covers_one(self) -> bool:
        from gonghui.bargaining.choices import SINGLE_ENTERPRISE_KINDS

        return self.kind in SINGLE_ENTERPRISE_KINDS


class ContractCoverage(models.Model):
    """One enterprise covered by one contract."""

    contract = models.ForeignKey(
        CollectiveContract, on_delete=models.CASCADE, related_name="coverage", verbose_name=_("contract")
    )
    enterprise = models.ForeignKey(
        "enterprises.Enterprise", on_delete=models.PROTECT, related_name="+", verbose_name=_("enterprise")
    )

    class Meta:
        verbose_name = _("covered enterprise")
        verbose_name_plural = _("covered enterprises")
        constraints = [
            models.UniqueConstraint(fields=["contract", "enterprise"], name="%(app_label)s_%(class)s_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.contract_id} · {self.enterprise_id}"


class FulfilmentCheck(OrgOwned):
    """The yearly check of whether a contract was kept (履约检查): one per contract per year."""

    Result = CheckResult

    contract = models.ForeignKey(
        CollectiveContract, on_delete=models.PROTECT, related_name="checks", verbose_name=_("contract")
    )
    year = models.PositiveSmallIntegerField(_("year"))
    result = models.CharField(_("result"), max_length=16, choices=CheckResult.choices)
    findings = models.TextField(_("findings"), blank=True)
    checked_on = models.DateField(_("checked on"))
    checked_by = models.CharField(_("checked by"), max_length=200, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("recorded by"),
    )

    class Meta:
        verbose_name = _("fulfilment check")
        verbose_name_plural = _("fulfilment checks")
        ordering = ["-year", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["contract", "year"], name="%(app_label)s_%(class)s_one_per_contract_year"
            ),
            models.CheckConstraint(
                condition=Q(result__in=CheckResult.values), name="%(app_label)s_%(class)s_result_known"
            ),
            models.CheckConstraint(
                condition=Q(year__gte=MIN_YEAR, year__lte=MAX_YEAR), name="%(app_label)s_%(class)s_year_range"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.contract} · {self.year}"


class OpennessRecord(OrgOwned):
    """Whether an enterprise practised openness (厂务公开, or 政务公开 for organs) in a year, and how."""

    Form = OpennessForm

    enterprise = models.ForeignKey(
        "enterprises.Enterprise",
        on_delete=models.PROTECT,
        related_name="openness_records",
        verbose_name=_("enterprise"),
    )
    year = models.PositiveSmallIntegerField(_("year"))
    form = models.CharField(_("form"), max_length=12, choices=OpennessForm.choices)
    practising = models.BooleanField(_("practising openness"), default=True)
    items = models.TextField(_("items disclosed"), blank=True)
    methods = models.JSONField(_("methods"), default=list, blank=True)
    notes = models.TextField(_("notes"), blank=True)

    class Meta:
        verbose_name = _("openness record")
        verbose_name_plural = _("openness records")
        ordering = ["-year", "enterprise__name_pinyin", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["enterprise", "year"], name="%(app_label)s_%(class)s_one_per_enterprise_year"
            ),
            models.CheckConstraint(
                condition=Q(form__in=OpennessForm.values), name="%(app_label)s_%(class)s_form_known"
            ),
            models.CheckConstraint(
                condition=Q(year__gte=MIN_YEAR, year__lte=MAX_YEAR), name="%(app_label)s_%(class)s_year_range"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.enterprise} · {self.year}"

    def get_methods_display(self) -> list[str]:
        from gonghui.bargaining.choices import OpennessMethod

        labels = dict(OpennessMethod.choices)
        return [str(labels.get(m, m)) for m in self.methods or []]


class SatisfactionSurvey(OrgOwned):
    """A satisfaction questionnaire of a year, answered on paper (entered by staff) or online by code."""

    year = models.PositiveSmallIntegerField(_("year"))
    title = models.CharField(_("title"), max_length=200)
    question = models.CharField(_("question"), max_length=300)
    enterprise = models.ForeignKey(
        "enterprises.Enterprise",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("enterprise"),
    )
    is_open = models.BooleanField(_("open for answers"), default=True)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    public_code = models.CharField(_("public code"), max_length=16, unique=True)

    class Meta:
        verbose_name = _("satisfaction survey")
        verbose_name_plural = _("satisfaction surveys")
        ordering = ["-year", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(year__gte=MIN_YEAR, year__lte=MAX_YEAR), name="%(app_label)s_%(class)s_year_range"
            ),
            models.CheckConstraint(
                condition=Q(is_open=True) | Q(closed_at__isnull=False),
                name="%(app_label)s_%(class)s_closed_has_time",
            ),
        ]

    def __str__(self) -> str:
        return self.title


class SurveyResponse(OrgOwned):
    """One answer to a survey. Online answers name their worker account, or an anonymous session key.

    A worker account, or one anonymous browser session, answers a survey once: the database
    refuses a second row for the same ``respondent`` or ``respondent_key``.
    """

    Channel = Channel
    Answer = Answer

    survey = models.ForeignKey(
        SatisfactionSurvey, on_delete=models.PROTECT, related_name="responses", verbose_name=_("survey")
    )
    channel = models.CharField(_("channel"), max_length=8, choices=Channel.choices)
    answer = models.CharField(_("answer"), max_length=20, choices=Answer.choices)
    comment = models.TextField(_("comment"), blank=True)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("entered by"),
    )
    respondent = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("respondent account"),
    )
    respondent_key = models.CharField(
        _("anonymous respondent key"), max_length=64, blank=True, editable=False
    )

    class Meta:
        verbose_name = _("survey answer")
        verbose_name_plural = _("survey answers")
        ordering = ["-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(channel__in=Channel.values), name="%(app_label)s_%(class)s_channel_known"
            ),
            models.CheckConstraint(
                condition=Q(answer__in=Answer.values), name="%(app_label)s_%(class)s_answer_known"
            ),
            models.CheckConstraint(
                condition=Q(channel=Channel.ONLINE) | Q(respondent__isnull=True, respondent_key=""),
                name="%(app_label)s_%(class)s_paper_has_no_respondent",
            ),
            models.UniqueConstraint(
                fields=["survey", "respondent"],
                condition=Q(respondent__isnull=False),
                name="%(app_label)s_%(class)s_one_per_account",
            ),
            models.UniqueConstraint(
                fields=["survey", "respondent_key"],
                condition=~Q(respondent_key=""),
                name="%(app_label)s_%(class)s_one_per_session",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.survey} · {self.get_answer_display()}"
