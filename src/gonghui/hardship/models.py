"""Hardship files (困难职工档案) and one-stop aid (一条龙、一站式): the data and its database invariants.

State changes live in ``hardship.services``; the transition tables there are the only way a
status moves. Constraints that money depends on are in the database: one open file per person,
one ledger entry per disbursement, one yearly-total row per (person or household, year, type).
"""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from gonghui.core.crypto import BlindIndexField, EncryptedCharField
from gonghui.core.models import OrgOwned, TimeStamped
from gonghui.core.money import MoneyField


class Category(models.TextChoices):
    DEEP = "deep", _("Deep hardship")  # 深度困难
    RELATIVE = "relative", _("Relative hardship")  # 相对困难
    ACCIDENT = "accident", _("Hardship by accident")  # 意外致困


class Cause(models.TextChoices):
    ILLNESS = "illness", _("Illness")
    DISABILITY = "disability", _("Disability")
    UNEMPLOYMENT = "unemployment", _("Unemployment")
    EDUCATION = "education", _("Children's education")
    DISASTER = "disaster", _("Disaster")
    ACCIDENT = "accident", _("Accident")
    OTHER = "other", _("Other")


class MinimumLivingStandard(TimeStamped):
    """The local minimum-living standard (低保标准) per region and year, monthly yuan per person."""

    region = models.ForeignKey(
        "orgs.Region", on_delete=models.PROTECT, related_name="+", verbose_name=_("region")
    )
    year = models.PositiveSmallIntegerField(_("year"))
    urban = MoneyField(_("urban monthly standard"))
    rural = MoneyField(_("rural monthly standard"))

    class Meta:
        verbose_name = _("minimum-living standard")
        verbose_name_plural = _("minimum-living standards")
        ordering = ["region", "-year"]
        constraints = [
            models.UniqueConstraint(fields=["region", "year"], name="%(app_label)s_%(class)s_one_per_year"),
            models.CheckConstraint(
                condition=Q(urban__gt=0) & Q(rural__gt=0), name="%(app_label)s_%(class)s_amounts_positive"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.region} {self.year}"


class HardshipFile(OrgOwned):
    """A hardship-worker family file, kept by the township or street union.

    ``causes`` holds cause codes between commas (",illness,disability,") so that a cause is
    searchable with one ``contains`` on every database. ``per_capita_income`` is the snapshot taken
    at filing and at each annual review; the live figure is ``people.queries.household_income``.
    """

    class Status(models.TextChoices):
        APPLICATION = "application", _("Application")
        TOWNSHIP_REVIEW = "township_review", _("Township review")
        FEDERATION_APPROVAL = "federation_approval", _("Federation approval")
        ACTIVE = "active", pgettext_lazy("hardship file", "Active")
        LIFTED = "lifted", _("Lifted out of hardship")
        CANCELLED = "cancelled", _("Cancelled")

    class CancelReason(models.TextChoices):
        DECEASED = "deceased", _("Deceased")
        MOVED = "moved", _("Moved away")
        FALSE_INFORMATION = "false_information", _("False information")

    OPEN = (Status.APPLICATION, Status.TOWNSHIP_REVIEW, Status.FEDERATION_APPROVAL, Status.ACTIVE)

    person = models.ForeignKey(
        "people.Person", on_delete=models.PROTECT, related_name="hardship_files", verbose_name=_("person")
    )
    household = models.ForeignKey(
        "people.Household",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="hardship_files",
        verbose_name=_("household"),
    )
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.APPLICATION)
    causes = models.CharField(_("causes"), max_length=200, blank=True)
    situation = models.TextField(_("situation"), blank=True)
    suggested_category = models.CharField(
        _("suggested category"), max_length=10, choices=Category.choices, blank=True
    )
    category = models.CharField(_("category"), max_length=10, choices=Category.choices, blank=True)
    category_reason = models.CharField(_("reason for overriding the suggestion"), max_length=300, blank=True)
    per_capita_income = MoneyField(_("per-capita monthly income"), null=True, blank=True)
    household_size = models.PositiveSmallIntegerField(_("household members"), default=1)
    standard = MoneyField(_("minimum-living standard"), null=True, blank=True)
    assessed_on = models.DateField(_("income assessed on"), null=True, blank=True)
    applied_on = models.DateField(_("applied on"))
    approved_on = models.DateField(_("approved on"), null=True, blank=True)
    review_due_on = models.DateField(_("annual review due on"), null=True, blank=True, db_index=True)
    reviewed_on = models.DateField(_("last reviewed on"), null=True, blank=True)
    closed_on = models.DateField(_("closed on"), null=True, blank=True)
    close_reason = models.CharField(_("reason for closing"), max_length=300, blank=True)
    cancel_reason = models.CharField(
        _("reason for cancelling"), max_length=20, choices=CancelReason.choices, blank=True
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("filed by")
    )

    class Meta:
        verbose_name = _("hardship file")
        verbose_name_plural = _("hardship files")
        ordering = ["-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["person"],
                condition=Q(status__in=["application", "township_review", "federation_approval", "active"]),
                name="%(app_label)s_%(class)s_one_open_per_person",
            ),
        ]

    def __str__(self) -> str:
        return str(_("Hardship file %(pk)s") % {"pk": self.pk})

    @property
    def cause_list(self) -> list[str]:
        return [c for c in self.causes.split(",") if c]

    def cause_labels(self) -> list[str]:
        names = dict(Cause.choices)
        return [str(names.get(c, c)) for c in self.cause_list]


class FileEvidence(OrgOwned):
    """An evidence attachment (diagnosis, disability card, proof of income); stored privately."""

    file = models.ForeignKey(
        HardshipFile, on_delete=models.CASCADE, related_name="evidence", verbose_name=_("hardship file")
    )
    attachment = models.FileField(_("attachment"), upload_to="hardship/evidence/%Y/")
    description = models.CharField(_("description"), max_length=200, blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("uploaded by")
    )

    class Meta:
        verbose_name = _("evidence")
        verbose_name_plural = _("evidence")
        ordering = ["pk"]


class FileEvent(models.Model):
    """One step of a file's history: from which status to which, by whom, when, why."""

    file = models.ForeignKey(
        HardshipFile, on_delete=models.CASCADE, related_name="events", verbose_name=_("hardship file")
    )
    from_status = models.CharField(_("from"), max_length=20, blank=True)
    to_status = models.CharField(_("to"), max_length=20)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("by")
    )
    at = models.DateTimeField(_("at"), auto_now_add=True)
    note = models.CharField(_("note"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("file event")
        verbose_name_plural = _("file events")
        ordering = ["file", "pk"]

    def __str__(self) -> str:
        return f"{self.from_status} → {self.to_status}"


class AidType(models.TextChoices):
    LIVING = "living", _("Living aid")
    MEDICAL = "medical", _("Medical aid")
    EDUCATION = "education", _("Education aid")  # 金秋助学
    EMPLOYMENT = "employment", _("Employment aid")
    LEGAL = "legal", _("Legal aid")
    POLICY = "policy", _("Policy consultation")
    EMERGENCY = "emergency", _("Emergency aid")


class AidRule(TimeStamped):
    """Standards, caps and approval limits for one aid type and year, set by the federation or a township.

    ``level_amounts`` maps a school level (``people.choices.SchoolLevel``) to its standard for
    education aid: {"bachelor": "5000.00", "college": "3000.00"}. ``cadre_limit`` is the largest
    amount a township cadre may approve; above it only an approver at the federation may.
    """

    org = models.ForeignKey(
        "orgs.Organisation", on_delete=models.PROTECT, related_name="+", verbose_name=_("organisation")
    )
    aid_type = models.CharField(_("aid type"), max_length=12, choices=AidType.choices)
    year = models.PositiveSmallIntegerField(_("year"))
    standard_amount = MoneyField(_("standard amount"), null=True, blank=True)
    level_amounts = models.JSONField(_("amounts by school level"), default=dict, blank=True)
    cap_person = MoneyField(_("cap per person per year"), null=True, blank=True)
    cap_household = MoneyField(_("cap per household per year"), null=True, blank=True)
    cadre_limit = MoneyField(_("township cadre may approve up to"), null=True, blank=True)

    scope_field = "org"

    class Meta:
        verbose_name = _("aid rule")
        verbose_name_plural = _("aid rules")
        ordering = ["year", "aid_type", "org"]
        constraints = [
            models.UniqueConstraint(
                fields=["org", "aid_type", "year"], name="%(app_label)s_%(class)s_one_per_year"
            ),
            models.CheckConstraint(
                condition=(Q(standard_amount__isnull=True) | Q(standard_amount__gte=0))
                & (Q(cap_person__isnull=True) | Q(cap_person__gte=0))
                & (Q(cap_household__isnull=True) | Q(cap_household__gte=0))
                & (Q(cadre_limit__isnull=True) | Q(cadre_limit__gte=0)),
                name="%(app_label)s_%(class)s_amounts_not_negative",
            ),
            models.CheckConstraint(
                condition=Q(cap_person__isnull=True)
                | Q(cap_household__isnull=True)
                | Q(cap_household__gte=F("cap_person")),
                name="%(app_label)s_%(class)s_household_cap_covers_person_cap",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_aid_type_display()} {self.year}"

    def level_standards(self) -> list[tuple[Any, Decimal]]:
        """(school level's label, amount) of ``level_amounts``, in the levels' order, for display."""
        from gonghui.people.choices import SchoolLevel

        amounts = self.level_amounts or {}
        return [(label, Decimal(amounts[code])) for code, label in SchoolLevel.choices if code in amounts]


class SeparationPolicy(TimeStamped):
    """Whether an organisation (and its subtree) keeps approving and disbursing in different hands."""

    org = models.OneToOneField(
        "orgs.Organisation", on_delete=models.CASCADE, related_name="+", verbose_name=_("organisation")
    )
    separate_approve_disburse = models.BooleanField(_("approver may not disburse"), default=True)

    class Meta:
        verbose_name = _("separation of duties")
        verbose_name_plural = _("separation of duties")


class AidApplication(OrgOwned):
    """One application for aid, from arrival to money paid (or the consultation recorded)."""

    class Status(models.TextChoices):
        APPLIED = "applied", _("Applied")
        IN_REVIEW = "in_review", _("In review")
        APPROVED = "approved", _("Approved")
        REJECTED = "rejected", _("Rejected")
        DISBURSED = "disbursed", _("Disbursed")
        REVERSED = "reversed", _("Reversed")

    WAITING = (Status.APPLIED, Status.IN_REVIEW)

    person = models.ForeignKey(
        "people.Person", on_delete=models.PROTECT, related_name="aid_applications", verbose_name=_("person")
    )
    household = models.ForeignKey(
        "people.Household",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("household"),
    )
    file = models.ForeignKey(
        HardshipFile,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="aid",
        verbose_name=_("hardship file"),
    )
    aid_type = models.CharField(_("aid type"), max_length=12, choices=AidType.choices)
    year = models.PositiveSmallIntegerField(_("year"))
    member = models.ForeignKey(
        "people.HouseholdMember",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("student"),
    )
    school_level = models.CharField(_("school level"), max_length=12, blank=True)
    reason = models.TextField(_("reason for applying"), blank=True)
    amount_requested = MoneyField(_("amount requested"), default=0)
    amount_approved = MoneyField(_("amount approved"), null=True, blank=True)
    fund = models.ForeignKey(
        "funds.Fund",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("fund"),
    )
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.APPLIED)
    applied_at = models.DateTimeField(_("applied at"), db_index=True)
    reviewed_at = models.DateTimeField(_("reviewed at"), null=True, blank=True)
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    disbursed_at = models.DateTimeField(_("disbursed at"), null=True, blank=True)
    reversed_at = models.DateTimeField(_("reversed at"), null=True, blank=True)
    applied_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("applied by")
    )
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("reviewed by"),
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("decided by"),
    )
    disbursed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("disbursed by"),
    )
    review_note = models.CharField(_("review note"), max_length=300, blank=True)
    reject_reason = models.CharField(_("reason for rejecting"), max_length=300, blank=True)
    reverse_reason = models.CharField(_("reason for reversing"), max_length=300, blank=True)
    ledger_entry = models.OneToOneField(
        "funds.LedgerEntry",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("ledger entry"),
    )
    receipt = models.FileField(_("receipt"), upload_to="hardship/receipts/%Y/", blank=True)
    receipt_at = models.DateTimeField(_("receipt attached at"), null=True, blank=True)
    # The account a transfer went to, encrypted like phones; the supervision report finds one
    # account shared by several recipients through the blind index.
    bank_account = EncryptedCharField(_("bank account paid to"), blank=True)
    bank_account_bidx = BlindIndexField(source="bank_account")

    class Meta:
        verbose_name = _("aid application")
        verbose_name_plural = _("aid applications")
        ordering = ["-applied_at", "-pk"]
        indexes = [models.Index(fields=["bank_account_bidx"], name="hardship_aid_bank_bidx")]

    def __str__(self) -> str:
        return str(_("Aid application %(pk)s") % {"pk": self.pk})

    @property
    def time_to_decision(self) -> datetime.timedelta | None:
        return self.decided_at - self.applied_at if self.decided_at else None


class AidYearTotal(models.Model):
    """Aid committed to one person or household in one year and type: the row a cap check locks.

    ``key`` is "person:<id>" or "household:<id>". Approving adds to it and reversing (or
    rejecting after approval) subtracts, in the same transaction that holds the row lock, so a cap
    holds whatever the order or concurrency of approvals.
    """

    key = models.CharField(_("person or household"), max_length=40)
    year = models.PositiveSmallIntegerField(_("year"))
    aid_type = models.CharField(_("aid type"), max_length=12, choices=AidType.choices)
    amount = MoneyField(_("amount"), default=0)

    class Meta:
        verbose_name = _("yearly aid total")
        verbose_name_plural = _("yearly aid totals")
        constraints = [
            models.UniqueConstraint(
                fields=["key", "year", "aid_type"], name="%(app_label)s_%(class)s_one_row"
            ),
            models.CheckConstraint(condition=Q(amount__gte=0), name="%(app_label)s_%(class)s_not_negative"),
        ]

    def __str__(self) -> str:
        return f"{self.key} {self.year} {self.aid_type}: {self.amount}"


# --- wishes (微心愿) ----------------------------------------------------------------------------------
# Kept apart from the files, aid and campaigns above: a wish is published, claimed by one donor
# (a person or an enterprise, caring enterprises first) and fulfilled with proof.


class Wish(OrgOwned):
    """A small wish (微心愿) of an orphan, a left-behind child or a hardship worker.

    ``display_name`` is what is published (小明, 王同学); the registered ``person``, when linked,
    is shown masked. One donor claims a wish once: the claim is a conditional update of a
    published row, so two claims at the same moment cannot both succeed (``hardship.wishes``).
    """

    class Kind(models.TextChoices):
        ORPHAN = "orphan", _("Orphan")
        LEFT_BEHIND = "left_behind", _("Left-behind child")
        HARDSHIP_WORKER = "worker", _("Hardship worker")

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        PUBLISHED = "published", _("Published")
        CLAIMED = "claimed", _("Claimed")
        FULFILLED = "fulfilled", _("Fulfilled")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    WITH_DONOR = (Status.CLAIMED, Status.FULFILLED)

    kind = models.CharField(_("beneficiary"), max_length=12, choices=Kind.choices)
    person = models.ForeignKey(
        "people.Person",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="wishes",
        verbose_name=_("person"),
    )
    display_name = models.CharField(_("name shown"), max_length=50)
    story = models.TextField(_("story"), blank=True)
    item = models.CharField(_("wish"), max_length=200)
    amount = MoneyField(_("estimated value"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.DRAFT)
    donor_person = models.ForeignKey(
        "people.Person",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="wishes_claimed",
        verbose_name=_("donor (person)"),
    )
    donor_enterprise = models.ForeignKey(
        "enterprises.Enterprise",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="wishes_claimed",
        verbose_name=_("donor (enterprise)"),
    )
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    claimed_at = models.DateTimeField(_("claimed at"), null=True, blank=True)
    fulfilled_at = models.DateTimeField(_("fulfilled at"), null=True, blank=True, db_index=True)
    withdrawn_at = models.DateTimeField(_("withdrawn at"), null=True, blank=True)
    withdraw_reason = models.CharField(_("reason for withdrawing"), max_length=300, blank=True)
    proof = models.FileField(_("proof of fulfilment"), upload_to="hardship/wishes/%Y/", blank=True)
    fulfil_note = models.CharField(_("note on fulfilment"), max_length=300, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("recorded by")
    )
    claimed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("claim recorded by"),
    )

    class Meta:
        verbose_name = _("wish")
        verbose_name_plural = _("wishes")
        ordering = ["-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=["draft", "published", "claimed", "fulfilled", "withdrawn"]),
                name="%(app_label)s_%(class)s_status_valid",
            ),
            models.CheckConstraint(
                condition=(
                    Q(status__in=["claimed", "fulfilled"])
                    & (
                        (Q(donor_person__isnull=False) & Q(donor_enterprise__isnull=True))
                        | (Q(donor_person__isnull=True) & Q(donor_enterprise__isnull=False))
                    )
                    & Q(claimed_at__isnull=False)
                )
                | (
                    ~Q(status__in=["claimed", "fulfilled"])
                    & Q(donor_person__isnull=True)
                    & Q(donor_enterprise__isnull=True)
                ),
                name="%(app_label)s_%(class)s_one_donor_when_claimed",
            ),
            models.CheckConstraint(
                condition=~Q(status="fulfilled") | (~Q(proof="") & Q(fulfilled_at__isnull=False)),
                name="%(app_label)s_%(class)s_fulfilled_with_proof",
            ),
            models.CheckConstraint(
                condition=Q(amount__isnull=True) | Q(amount__gte=0),
                name="%(app_label)s_%(class)s_amount_not_negative",
            ),
        ]
        indexes = [models.Index(fields=["org", "status"], name="hardship_wish_org_status")]

    def __str__(self) -> str:
        return f"{self.display_name}: {self.item}"

    @property
    def donor(self) -> Any:
        return self.donor_enterprise or self.donor_person


# --- campaigns (送温暖, 金秋助学, 夏送清凉, disaster relief) ---------------------------------------------


class CampaignKind(models.TextChoices):
    WARMTH = "warmth", _("Winter warmth (送温暖)")
    SCHOOL = "school", _("Autumn school aid (金秋助学)")
    SUMMER = "summer", _("Summer cooling (夏送清凉)")
    DISASTER = "disaster", _("Disaster relief")
    OTHER = "other", _("Other campaign")


class RecipientGroup(models.TextChoices):
    """Why someone is on a campaign's list: the category of their file, their job, or listed by hand.

    The amount standards and the goods of a campaign are set per group.
    """

    DEEP = "deep", _("Deep hardship")
    RELATIVE = "relative", _("Relative hardship")
    ACCIDENT = "accident", _("Hardship by accident")
    OCCUPATION = "occupation", _("By occupation")
    LISTED = "listed", _("Listed by hand")


class Campaign(OrgOwned):
    """A campaign of the union (送温暖 at the New Year, 金秋助学 in autumn, 夏送清凉, disaster relief).

    Eligibility, under ``eligible_org`` (the campaign's own organisation when empty): files of the
    chosen ``categories`` (narrowed to ``causes`` when any are given), everyone whose job (the
    registry's ``Person.job``) matches one of the ``occupations`` (环卫工), and the people
    ``listed`` by hand. Lists of codes are kept between commas
    (",deep,relative,") like ``HardshipFile.causes``. ``disbursed`` is the money paid net of
    reversals, moved only by ``hardship.campaigns`` under the campaign's row lock; the database
    refuses it above the budget.
    """

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        GENERATED = "generated", _("List generated")
        APPROVED = "approved", _("List approved")
        DISTRIBUTING = "distributing", _("Distributing")
        CLOSED = "closed", _("Closed")

    kind = models.CharField(_("kind"), max_length=10, choices=CampaignKind.choices)
    name = models.CharField(_("name"), max_length=100)
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"))
    fund = models.ForeignKey(
        "funds.Fund", on_delete=models.PROTECT, related_name="campaigns", verbose_name=_("fund")
    )
    budget = MoneyField(_("budget"))
    disbursed = MoneyField(_("paid out"), default=0)
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.DRAFT)
    categories = models.CharField(_("file categories"), max_length=100, blank=True)
    causes = models.CharField(_("causes"), max_length=200, blank=True)
    occupations = models.CharField(_("occupations"), max_length=300, blank=True)
    eligible_org = models.ForeignKey(
        "orgs.Organisation",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("recipients from"),
    )
    listed = models.ManyToManyField(
        "people.Person", blank=True, related_name="+", verbose_name=_("people listed by hand")
    )
    description = models.TextField(_("description"), blank=True)
    generated_at = models.DateTimeField(_("list generated at"), null=True, blank=True)
    approved_at = models.DateTimeField(_("list approved at"), null=True, blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("list approved by"),
    )
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("closed by"),
    )
    summary = models.JSONField(_("summary"), default=dict, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("created by")
    )

    class Meta:
        verbose_name = _("campaign")
        verbose_name_plural = _("campaigns")
        ordering = ["-starts_on", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(budget__gte=0) & Q(disbursed__gte=0) & Q(disbursed__lte=models.F("budget")),
                name="%(app_label)s_%(class)s_within_budget",
            ),
            models.CheckConstraint(
                condition=Q(ends_on__gte=models.F("starts_on")), name="%(app_label)s_%(class)s_period_order"
            ),
            models.CheckConstraint(
                condition=Q(status__in=["draft", "generated", "approved", "distributing", "closed"]),
                name="%(app_label)s_%(class)s_status_known",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def category_list(self) -> list[str]:
        return [c for c in self.categories.split(",") if c]

    @property
    def cause_list(self) -> list[str]:
        return [c for c in self.causes.split(",") if c]

    @property
    def occupation_list(self) -> list[str]:
        return [c for c in self.occupations.split(",") if c]

    @property
    def remaining(self) -> Decimal:
        return self.budget - self.disbursed

    def category_labels(self) -> list[str]:
        names = dict(Category.choices)
        return [str(names.get(c, c)) for c in self.category_list]

    def cause_labels(self) -> list[str]:
        names = dict(Cause.choices)
        return [str(names.get(c, c)) for c in self.cause_list]


class CampaignStandard(models.Model):
    """The amount each recipient of a group receives (深度困难 1,000 yuan, 相对困难 500 yuan)."""

    campaign = models.ForeignKey(
        Campaign, on_delete=models.CASCADE, related_name="standards", verbose_name=_("campaign")
    )
    group = models.CharField(_("recipients"), max_length=12, choices=RecipientGroup.choices)
    amount = MoneyField(_("amount"))

    scope_field = "campaign__org"

    class Meta:
        verbose_name = _("amount standard")
        verbose_name_plural = _("amount standards")
        ordering = ["campaign", "group"]
        constraints = [
            models.UniqueConstraint(
                fields=["campaign", "group"], name="%(app_label)s_%(class)s_one_per_group"
            ),
            models.CheckConstraint(condition=Q(amount__gte=0), name="%(app_label)s_%(class)s_not_negative"),
        ]

    def __str__(self) -> str:
        return f"{self.get_group_display()} {self.amount}"


class CampaignGoods(models.Model):
    """Goods each recipient receives (two quilts, one bag of rice); ``group`` empty means everyone."""

    campaign = models.ForeignKey(
        Campaign, on_delete=models.CASCADE, related_name="goods", verbose_name=_("campaign")
    )
    group = models.CharField(_("recipients"), max_length=12, choices=RecipientGroup.choices, blank=True)
    item = models.ForeignKey(
        "funds.GoodsItem", on_delete=models.PROTECT, related_name="+", verbose_name=_("goods")
    )
    quantity = models.PositiveIntegerField(_("quantity per recipient"))

    scope_field = "campaign__org"

    class Meta:
        verbose_name = _("campaign goods")
        verbose_name_plural = _("campaign goods")
        ordering = ["campaign", "group", "item"]
        constraints = [
            models.UniqueConstraint(
                fields=["campaign", "group", "item"], name="%(app_label)s_%(class)s_one_per_item"
            ),
            models.CheckConstraint(
                condition=Q(quantity__gt=0), name="%(app_label)s_%(class)s_quantity_positive"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.item} × {self.quantity}"


class CampaignGrant(OrgOwned):
    """One person on a campaign's list: what they receive, and whether and when it was handed over.

    ``org`` is the union that keeps the recipient (the file's, or the person's township), so a
    township cadre sees the grants of their own township. ``goods`` maps item ids to quantities
    ({"3": 2}). An excluded row keeps the reason the preview shows. ``ledger_entry`` is the grant's
    payment (the money entry, or its first goods entry when it pays goods only); one grant is paid
    once because ``hardship.campaigns`` hands it over under its row lock from ``approved`` only.
    """

    class Status(models.TextChoices):
        PROPOSED = "proposed", _("Proposed")
        EXCLUDED = "excluded", _("Excluded")
        APPROVED = "approved", _("Approved")
        DISBURSED = "disbursed", _("Handed over")
        REVERSED = "reversed", _("Reversed")

    class Exclusion(models.TextChoices):
        ALREADY_SERVED = "already_served", _("Already served by this campaign")
        DECEASED = "deceased", _("Deceased")
        MOVED_AWAY = "moved_away", _("Moved away")
        MERGED = "merged", _("Merged into another record")
        FILE_PENDING = "file_pending", _("File not yet approved")
        FILE_LIFTED = "file_lifted", _("File closed: lifted out of hardship")
        FILE_CANCELLED = "file_cancelled", _("File cancelled")
        NOTHING_TO_GIVE = "nothing_to_give", _("No amount or goods set for this group")

    campaign = models.ForeignKey(
        Campaign, on_delete=models.PROTECT, related_name="grants", verbose_name=_("campaign")
    )
    person = models.ForeignKey(
        "people.Person", on_delete=models.PROTECT, related_name="campaign_grants", verbose_name=_("person")
    )
    file = models.ForeignKey(
        HardshipFile,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="campaign_grants",
        verbose_name=_("hardship file"),
    )
    group = models.CharField(_("recipients"), max_length=12, choices=RecipientGroup.choices)
    amount = MoneyField(_("amount"), default=0)
    goods = models.JSONField(_("goods"), default=dict, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.PROPOSED)
    exclusion = models.CharField(_("reason excluded"), max_length=16, choices=Exclusion.choices, blank=True)
    approved_at = models.DateTimeField(_("approved at"), null=True, blank=True)
    disbursed_at = models.DateTimeField(_("handed over at"), null=True, blank=True)
    disbursed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("handed over by"),
    )
    received_by = models.CharField(_("received by"), max_length=50, blank=True)
    reference = models.CharField(_("reference"), max_length=100, blank=True)
    reversed_at = models.DateTimeField(_("reversed at"), null=True, blank=True)
    reverse_reason = models.CharField(_("reason for reversing"), max_length=300, blank=True)
    ledger_entry = models.OneToOneField(
        "funds.LedgerEntry",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("ledger entry"),
    )

    class Meta:
        verbose_name = _("campaign grant")
        verbose_name_plural = _("campaign grants")
        ordering = ["campaign", "pk"]
        indexes = [models.Index(fields=["campaign", "status"], name="hardship_grant_campaign_status")]
        constraints = [
            models.UniqueConstraint(
                fields=["campaign", "person"], name="%(app_label)s_%(class)s_one_per_person"
            ),
            models.CheckConstraint(condition=Q(amount__gte=0), name="%(app_label)s_%(class)s_not_negative"),
            models.CheckConstraint(
                condition=(Q(status="excluded") & ~Q(exclusion=""))
                | (~Q(status="excluded") & Q(exclusion="")),
                name="%(app_label)s_%(class)s_excluded_has_reason",
            ),
            models.CheckConstraint(
                condition=Q(status__in=["disbursed", "reversed"], ledger_entry__isnull=False)
                | (~Q(status__in=["disbursed", "reversed"]) & Q(ledger_entry__isnull=True)),
                name="%(app_label)s_%(class)s_paid_has_entry",
            ),
        ]

    def __str__(self) -> str:
        return str(_("Grant %(pk)s") % {"pk": self.pk})

    @property
    def goods_items(self) -> list[tuple[int, int]]:
        return [(int(k), int(v)) for k, v in sorted(self.goods.items(), key=lambda kv: int(kv[0]))]

    def goods_labels(self) -> list[tuple[str, int]]:
        """(goods, quantity) for pages: 棉被（床） × 1."""
        from gonghui.funds.models import GoodsItem

        items = GoodsItem.objects.in_bulk([pk for pk, _q in self.goods_items]) if self.goods else {}
        return [(str(items[pk]), q) for pk, q in self.goods_items if pk in items]
