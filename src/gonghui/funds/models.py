"""Funds, their budgets, the ledger, goods and donations.

Every movement of money or goods is a :class:`LedgerEntry` against a :class:`Fund`. Balances and
stock are derived from the entries (their signed sum), never typed in, and never negative: the
posting services in ``funds.services`` lock the fund rows and check before they write. Entries
are never changed or deleted: a mistake is undone by a reversing entry (``reverses``), and on
PostgreSQL a trigger refuses UPDATE and DELETE of ledger rows (migration ``funds.0002``).

Sign convention: ``amount`` is always positive (zero allowed only for goods of unknown value) and
``direction`` is +1 (into the fund) or -1 (out of it). The kind fixes the direction, except for a
reversal, which takes the opposite direction of the entry it reverses. A balance is
``sum(amount × direction)`` over the fund's money entries (those without an item); the stock of an
item is ``sum(quantity × direction)`` over the fund's entries for that item. Goods entries carry
their book value in ``amount`` but never change the money balance.
"""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ObjectDoesNotExist
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from gonghui.core.models import OrgOwned, TimeStamped
from gonghui.core.money import MoneyField


class Fund(OrgOwned):
    """A pot of money and goods kept by an organisation: union funds, the hardship aid fund, donations,
    a project. ``org`` is the organisation that keeps it (its finance officer posts to it)."""

    class Kind(models.TextChoices):
        UNION = "union", _("Union funds")
        HARDSHIP = "hardship", _("Hardship aid fund")
        DONATION = "donation", _("Donation fund")
        PROJECT = "project", _("Project fund")

    name = models.CharField(_("name"), max_length=100)
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    description = models.CharField(_("description"), max_length=300, blank=True)
    is_active = models.BooleanField(_("open"), default=True)

    class Meta:
        verbose_name = _("fund")
        verbose_name_plural = _("funds")
        ordering = ["org__path", "kind", "name", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["org", "name"], name="%(app_label)s_%(class)s_unique_name_per_org"
            ),
            models.CheckConstraint(
                condition=Q(kind__in=["union", "hardship", "donation", "project"]),
                name="%(app_label)s_%(class)s_kind_known",
            ),
        ]

    def __str__(self) -> str:
        return self.name


class FundBudget(TimeStamped):
    """What a fund plans to spend in a year; its use is the year's expenses net of their reversals."""

    fund = models.ForeignKey(Fund, on_delete=models.PROTECT, related_name="budgets", verbose_name=_("fund"))
    year = models.PositiveSmallIntegerField(_("year"))
    amount = MoneyField(_("budget"))
    note = models.CharField(_("note"), max_length=300, blank=True)

    scope_field = "fund__org"

    class Meta:
        verbose_name = _("fund budget")
        verbose_name_plural = _("fund budgets")
        ordering = ["fund", "-year"]
        constraints = [
            models.UniqueConstraint(fields=["fund", "year"], name="%(app_label)s_%(class)s_unique_year"),
            models.CheckConstraint(
                condition=Q(amount__gte=0), name="%(app_label)s_%(class)s_amount_not_negative"
            ),
            models.CheckConstraint(
                condition=Q(year__gte=1990, year__lte=2100), name="%(app_label)s_%(class)s_year_plausible"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.fund} {self.year}"


class GoodsItem(TimeStamped):
    """A kind of goods counted in whole units: 棉被/床, 大米/袋, 帐篷/顶. Shared by every organisation.

    Quantities are integers: a divisible good gets a small enough unit (斤 rather than 吨).
    """

    name = models.CharField(_("name"), max_length=50)
    unit = models.CharField(_("unit"), max_length=10)
    is_active = models.BooleanField(_("in use"), default=True)

    class Meta:
        verbose_name = _("goods item")
        verbose_name_plural = _("goods items")
        ordering = ["name", "unit"]
        constraints = [
            models.UniqueConstraint(fields=["name", "unit"], name="%(app_label)s_%(class)s_unique_name_unit"),
            models.CheckConstraint(
                condition=~Q(name="") & ~Q(unit=""), name="%(app_label)s_%(class)s_named_with_unit"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name}（{self.unit}）"


INFLOW_KINDS = ("income", "transfer_in", "goods_in")
OUTFLOW_KINDS = ("expense", "transfer_out", "goods_out")


class LedgerEntry(OrgOwned):
    """One movement of money or goods into or out of one fund. Append-only.

    ``org`` is the fund's organisation, copied so that the ledger, the largest table of the app,
    is scoped and sharded by its own column. ``source`` names what caused the entry (an aid
    application, a campaign grant, a donation) and ``reference`` a free reference (a bank slip,
    a receipt number). A reversal copies the entry it undoes (amount, item, quantity, source) with
    the opposite direction; each entry is reversed at most once (``reverses`` is unique). The two
    legs of a transfer are linked: the incoming leg's ``pair`` is the outgoing leg.
    """

    class Kind(models.TextChoices):
        INCOME = "income", _("Income")
        EXPENSE = "expense", _("Expense")
        TRANSFER_IN = "transfer_in", _("Transfer in")
        TRANSFER_OUT = "transfer_out", _("Transfer out")
        GOODS_IN = "goods_in", _("Goods in")
        GOODS_OUT = "goods_out", _("Goods out")
        REVERSAL = "reversal", _("Reversal")

    fund = models.ForeignKey(Fund, on_delete=models.PROTECT, related_name="entries", verbose_name=_("fund"))
    posted_at = models.DateTimeField(_("posted at"), default=timezone.now)
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    direction = models.SmallIntegerField(_("direction"))
    amount = MoneyField(_("amount"))
    item = models.ForeignKey(
        GoodsItem, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("goods")
    )
    quantity = models.PositiveIntegerField(_("quantity"), null=True, blank=True)
    unit_value = MoneyField(_("unit value"), null=True, blank=True)
    reverses = models.OneToOneField(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="reversed_by",
        verbose_name=_("reverses"),
    )
    pair = models.OneToOneField(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="paired_with",
        verbose_name=_("other leg of the transfer"),
    )
    source_type = models.ForeignKey(
        ContentType,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("source type"),
    )
    source_id = models.PositiveBigIntegerField(_("source id"), null=True, blank=True)
    source = GenericForeignKey("source_type", "source_id")
    reference = models.CharField(_("reference"), max_length=100, blank=True)
    memo = models.CharField(_("memo"), max_length=300, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("posted by")
    )

    class Meta:
        verbose_name = _("ledger entry")
        verbose_name_plural = _("ledger entries")
        ordering = ["-posted_at", "-pk"]
        indexes = [
            models.Index(fields=["fund", "posted_at"], name="funds_entry_fund_posted"),
            models.Index(fields=["fund", "item", "posted_at"], name="funds_entry_fund_item_posted"),
            models.Index(fields=["source_type", "source_id"], name="funds_entry_source"),
            models.Index(fields=["org", "posted_at"], name="funds_entry_org_posted"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=[*INFLOW_KINDS, *OUTFLOW_KINDS, "reversal"]),
                name="%(app_label)s_%(class)s_kind_known",
            ),
            models.CheckConstraint(
                condition=(Q(kind__in=INFLOW_KINDS) & Q(direction=1))
                | (Q(kind__in=OUTFLOW_KINDS) & Q(direction=-1))
                | (Q(kind="reversal") & Q(direction__in=[1, -1])),
                name="%(app_label)s_%(class)s_direction_follows_kind",
            ),
            models.CheckConstraint(
                condition=(Q(kind="reversal") & Q(reverses__isnull=False))
                | (~Q(kind="reversal") & Q(reverses__isnull=True)),
                name="%(app_label)s_%(class)s_reversal_names_entry",
            ),
            models.CheckConstraint(
                condition=(
                    Q(item__isnull=True)
                    & Q(quantity__isnull=True)
                    & Q(unit_value__isnull=True)
                    & Q(amount__gt=0)
                )
                | (
                    Q(item__isnull=False)
                    & Q(quantity__gt=0)
                    & Q(unit_value__isnull=False)
                    & Q(unit_value__gte=0)
                    & Q(amount__gte=0)
                ),
                name="%(app_label)s_%(class)s_money_or_goods",
            ),
            models.CheckConstraint(
                condition=(Q(kind__in=["goods_in", "goods_out"]) & Q(item__isnull=False))
                | (Q(kind__in=["income", "expense"]) & Q(item__isnull=True))
                | Q(kind__in=["transfer_in", "transfer_out", "reversal"]),
                name="%(app_label)s_%(class)s_goods_kinds_have_item",
            ),
            models.CheckConstraint(
                condition=(Q(source_type__isnull=True) & Q(source_id__isnull=True))
                | (Q(source_type__isnull=False) & Q(source_id__isnull=False)),
                name="%(app_label)s_%(class)s_source_complete",
            ),
            models.CheckConstraint(
                condition=Q(pair__isnull=True) | Q(kind="transfer_in"),
                name="%(app_label)s_%(class)s_pair_on_incoming_leg",
            ),
        ]

    def __str__(self) -> str:
        sign = "+" if self.direction > 0 else "-"
        if self.item_id:
            return f"#{self.pk} {self.get_kind_display()} {sign}{self.quantity} {self.item}"
        return f"#{self.pk} {self.get_kind_display()} {sign}¥{self.amount:,.2f}"

    @property
    def is_goods(self) -> bool:
        return self.item_id is not None

    @property
    def is_reversed(self) -> bool:
        try:
            return self.reversed_by is not None
        except ObjectDoesNotExist:
            return False

    @property
    def records_donation(self) -> bool:
        """A donation's entry: undone by voiding the donation, not by reversing the entry alone."""
        ct = self.source_type
        return ct is not None and (ct.app_label, ct.model) == ("funds", "donation")

    @property
    def can_be_reversed(self) -> bool:
        return self.kind != self.Kind.REVERSAL and not self.is_reversed and not self.records_donation

    @property
    def signed_amount(self) -> Decimal:
        return self.amount * self.direction

    @property
    def signed_quantity(self) -> int:
        return (self.quantity or 0) * self.direction


class ReceiptSequence(models.Model):
    """The last receipt number a federation gave in a year; the row is locked to take the next one."""

    root = models.ForeignKey("orgs.Organisation", on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField()
    last = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("receipt sequence")
        verbose_name_plural = _("receipt sequences")
        constraints = [
            models.UniqueConstraint(fields=["root", "year"], name="%(app_label)s_%(class)s_unique_year"),
        ]

    def __str__(self) -> str:
        return f"{self.root_id}/{self.year}: {self.last}"


class Donation(OrgOwned):
    """A gift of money or goods, with its receipt; recording it posts its income or goods-in entries.

    The donor is a registered person, a registered enterprise, or a named donor (free text);
    any of them may ask to stay anonymous in public lists. ``donor_name`` keeps the name as it was
    on the day (a person or enterprise renamed later keeps the receipt's name). ``earmark`` is a
    purpose label ("6·28 flood relief"); ``earmark_type``/``earmark_id`` will point at a campaign
    once campaigns exist. ``org`` is the fund's organisation. A donation recorded in error is voided:
    its entries are reversed, the receipt number is never reused.
    """

    class Kind(models.TextChoices):
        MONEY = "money", _("Money")
        GOODS = "goods", _("Goods")

    class DonorKind(models.TextChoices):
        PERSON = "person", _("Person")
        ENTERPRISE = "enterprise", _("Enterprise")
        NAMED = "named", _("Other donor")

    class Status(models.TextChoices):
        RECORDED = "recorded", _("Recorded")
        VOID = "void", _("Void")

    fund = models.ForeignKey(Fund, on_delete=models.PROTECT, related_name="donations", verbose_name=_("fund"))
    kind = models.CharField(_("kind"), max_length=5, choices=Kind.choices)
    donor_kind = models.CharField(_("donor"), max_length=10, choices=DonorKind.choices)
    person = models.ForeignKey(
        "people.Person",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("person"),
    )
    enterprise = models.ForeignKey(
        "enterprises.Enterprise",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="donations",
        verbose_name=_("enterprise"),
    )
    donor_name = models.CharField(_("donor's name"), max_length=200, blank=True)
    is_anonymous = models.BooleanField(_("anonymous"), default=False)
    amount = MoneyField(_("amount"))
    earmark = models.CharField(_("earmarked for"), max_length=100, blank=True, db_index=True)
    earmark_type = models.ForeignKey(
        ContentType,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("earmark type"),
    )
    earmark_id = models.PositiveBigIntegerField(_("earmark id"), null=True, blank=True)
    earmark_object = GenericForeignKey("earmark_type", "earmark_id")
    received_on = models.DateField(_("received on"))
    receipt_root = models.ForeignKey(
        "orgs.Organisation", on_delete=models.PROTECT, related_name="+", editable=False
    )
    receipt_no = models.CharField(_("receipt number"), max_length=20, editable=False)
    note = models.CharField(_("note"), max_length=300, blank=True)
    status = models.CharField(_("status"), max_length=8, choices=Status.choices, default=Status.RECORDED)
    void_reason = models.CharField(_("reason for voiding"), max_length=300, blank=True)
    voided_at = models.DateTimeField(_("voided at"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("recorded by")
    )

    class Meta:
        verbose_name = _("donation")
        verbose_name_plural = _("donations")
        ordering = ["-received_on", "-pk"]
        indexes = [
            models.Index(fields=["org", "received_on"], name="funds_donation_org_received"),
            models.Index(fields=["fund", "received_on"], name="funds_donation_fund_received"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["receipt_root", "receipt_no"], name="%(app_label)s_%(class)s_unique_receipt"
            ),
            models.CheckConstraint(
                condition=Q(kind__in=["money", "goods"]), name="%(app_label)s_%(class)s_kind_known"
            ),
            models.CheckConstraint(
                condition=(Q(donor_kind="person") & Q(person__isnull=False) & Q(enterprise__isnull=True))
                | (Q(donor_kind="enterprise") & Q(enterprise__isnull=False) & Q(person__isnull=True))
                | (
                    Q(donor_kind="named")
                    & Q(person__isnull=True)
                    & Q(enterprise__isnull=True)
                    & (~Q(donor_name="") | Q(is_anonymous=True))
                ),
                name="%(app_label)s_%(class)s_donor_named",
            ),
            models.CheckConstraint(
                condition=(Q(kind="money") & Q(amount__gt=0)) | (Q(kind="goods") & Q(amount__gte=0)),
                name="%(app_label)s_%(class)s_amount_positive",
            ),
            models.CheckConstraint(
                condition=(Q(earmark_type__isnull=True) & Q(earmark_id__isnull=True))
                | (Q(earmark_type__isnull=False) & Q(earmark_id__isnull=False)),
                name="%(app_label)s_%(class)s_earmark_complete",
            ),
            models.CheckConstraint(
                condition=(Q(status="recorded") & Q(voided_at__isnull=True))
                | (Q(status="void") & Q(voided_at__isnull=False) & ~Q(void_reason="")),
                name="%(app_label)s_%(class)s_void_has_reason",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.receipt_no} {self.public_name}"

    @property
    def public_name(self) -> str:
        """The name a public donor list shows: the donor's, or 匿名 (anonymous)."""
        if self.is_anonymous:
            return str(_("Anonymous"))
        return self.donor_name

    @property
    def is_void(self) -> bool:
        return self.status == self.Status.VOID


class DonationLine(models.Model):
    """One kind of goods in a goods donation: how many, at what book value each."""

    donation = models.ForeignKey(
        Donation, on_delete=models.PROTECT, related_name="lines", verbose_name=_("donation")
    )
    item = models.ForeignKey(GoodsItem, on_delete=models.PROTECT, related_name="+", verbose_name=_("goods"))
    quantity = models.PositiveIntegerField(_("quantity"))
    unit_value = MoneyField(_("unit value"), default=Decimal("0.00"))

    scope_field = "donation__org"

    class Meta:
        verbose_name = _("donated goods")
        verbose_name_plural = _("donated goods")
        ordering = ["donation", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["donation", "item"], name="%(app_label)s_%(class)s_unique_item"),
            models.CheckConstraint(
                condition=Q(quantity__gt=0), name="%(app_label)s_%(class)s_quantity_positive"
            ),
            models.CheckConstraint(
                condition=Q(unit_value__gte=0), name="%(app_label)s_%(class)s_value_not_negative"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.item} × {self.quantity}"

    @property
    def value(self) -> Decimal:
        return self.unit_value * self.quantity
