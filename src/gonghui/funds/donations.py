"""Recording and voiding donations, with receipt numbers.

``donation_record`` writes the donation and posts its income entry (money) or one goods-in entry
per line (goods) in the same transaction, with the donation as the entries' source and the
receipt number as their reference. Receipt numbers run per federation and year of receipt:
``JZ2015-000123``. The next number is taken from a counter row locked for the transaction
(``locks.lock_receipt_sequence``), and the pair (federation, number) is unique in the database, so
two clerks saving at once never get the same number; a voided donation keeps its number, which is
never given again.
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from gonghui.accounts import scoping
from gonghui.core.errors import Conflict, DomainError, FieldError
from gonghui.core.money import to_money
from gonghui.enterprises.models import Enterprise
from gonghui.funds import services
from gonghui.funds.locks import lock_receipt_sequence
from gonghui.funds.models import Donation, DonationLine, Fund, GoodsItem, LedgerEntry
from gonghui.funds.perms import FUNDS_CHANGE
from gonghui.orgs.models import Organisation
from gonghui.people.models import Person

RECEIPT_PREFIX = "JZ"  # 捐赠
RECEIPT_DIGITS = 6


@dataclass(frozen=True)
class GoodsLine:
    """One kind of goods given: ``quantity`` whole units at ``unit_value`` yuan each (0 if unknown)."""

    item: GoodsItem
    quantity: int
    unit_value: Any = "0"


def federation_of(org: Organisation) -> Organisation:
    """The root of ``org``'s tree: receipt numbers run per federation."""
    if org.depth == 1:
        return org
    return Organisation.objects.get(path=org.path[: Organisation.steplen])


def next_receipt_number(*, root: Organisation, year: int) -> str:
    """Take the federation's next receipt number of ``year``; call inside the donation's transaction."""
    sequence = lock_receipt_sequence(root_id=root.pk, year=year)
    sequence.last += 1
    sequence.save(update_fields=["last"])
    return f"{RECEIPT_PREFIX}{year}-{sequence.last:0{RECEIPT_DIGITS}d}"


def _donor(
    by: Any,
    donor_kind: str,
    person: Person | None,
    enterprise: Enterprise | None,
    donor_name: str,
    anonymous: bool,
) -> dict[str, Any]:
    """The donor's columns, checked: a person or an enterprise the user can see, or a name."""
    name = (donor_name or "").strip()
    if donor_kind == Donation.DonorKind.PERSON:
        visible = person is not None and scoping.has_perm(by, "people.view", person.org)
        if not visible:
            raise DomainError(_("Choose the person who gave."), field="person")
        return {"person": person, "enterprise": None, "donor_name": person.name}
    if donor_kind == Donation.DonorKind.ENTERPRISE:
        visible = enterprise is not None and (
            scoping.has_perm(by, "enterprises.view", enterprise.org)
            or (enterprise.union is not None and scoping.has_perm(by, "enterprises.view", enterprise.union))
        )
        if not visible:
            raise DomainError(_("Choose the enterprise that gave."), field="enterprise")
        return {"person": None, "enterprise": enterprise, "donor_name": enterprise.name}
    if donor_kind == Donation.DonorKind.NAMED:
        if len(name) > 200:
            raise DomainError(_("This text is too long."), field="donor_name")
        if not name and not anonymous:
            raise DomainError(_("Enter the donor's name, or tick anonymous."), field="donor_name")
        return {"person": None, "enterprise": None, "donor_name": name}
    raise DomainError(_("Choose who gave: a person, an enterprise or another donor."), field="donor_kind")


def _received_on(value: Any) -> datetime.date:
    if not isinstance(value, datetime.date):
        raise DomainError(_("Enter the date the donation was received."), field="received_on")
    if value > timezone.localdate():
        raise DomainError(_("The date cannot be in the future."), field="received_on")
    if value.year < 1990:
        raise DomainError(_("Enter a date such as 2015-07-02."), field="received_on")
    return value


def _lines(lines: Sequence[GoodsLine]) -> list[GoodsLine]:
    """Goods lines typed and checked; every problem is reported, by line."""
    errors: list[FieldError] = []
    clean: list[GoodsLine] = []
    seen: set[int] = set()
    for n, line in enumerate(lines, start=1):
        try:
            item = services.check_item(line.item)
            quantity = services.check_quantity(line.quantity)
            value = services.check_unit_value(line.unit_value)
        except DomainError as exc:
            errors.append(FieldError(f"lines.{n}.{exc.field}", exc.message))
            continue
        if item.pk in seen:
            errors.append(FieldError(f"lines.{n}.item", _("These goods are already on another line.")))
            continue
        seen.add(item.pk)
        clean.append(GoodsLine(item, quantity, value))
    if errors:
        raise DomainError(
            errors[0].message if len(errors) == 1 else _("Some lines are not valid."), errors=errors
        )
    if not clean:
        raise DomainError(_("Add at least one line of goods."), field="lines")
    return clean


def _earmark(text: str, obj: models.Model | None) -> dict[str, Any]:
    label = (text or "").strip()
    if len(label) > 100:
        raise DomainError(_("This text is too long."), field="earmark")
    if obj is None:
        return {"earmark": label, "earmark_type": None, "earmark_id": None}
    if obj.pk is None:
        raise DomainError(_("The earmark must be a saved record."), field="earmark")
    return {
        "earmark": label or str(obj)[:100],
        "earmark_type": ContentType.objects.get_for_model(obj.__class__),
        "earmark_id": obj.pk,
    }


@transaction.atomic
def donation_record(
    *,
    by: Any,
    fund: Fund,
    kind: str,
    received_on: datetime.date,
    donor_kind: str,
    person: Person | None = None,
    enterprise: Enterprise | None = None,
    donor_name: str = "",
    is_anonymous: bool = False,
    amount: Any = None,
    lines: Sequence[GoodsLine] = (),
    earmark: str = "",
    earmark_object: models.Model | None = None,
    note: str = "",
) -> Donation:
    """Record a gift of money (``amount``) or goods (``lines``) into ``fund`` and post it to the ledger.

    Needs ``funds.change`` over the fund's organisation; the fund must be open. Returns the donation
    with its receipt number.
    """
    scoping.require(by, FUNDS_CHANGE, fund.org)
    if kind not in Donation.Kind.values:
        raise DomainError(_("Choose money or goods."), field="kind")
    donor = _donor(by, donor_kind, person, enterprise, donor_name, bool(is_anonymous))
    day = _received_on(received_on)
    if kind == Donation.Kind.MONEY:
        if lines:
            raise DomainError(_("A gift of money has no goods lines."), field="lines")
        total = services.check_amount(amount)
        clean: list[GoodsLine] = []
    else:
        clean = _lines(lines)
        total = to_money(sum((line.unit_value * line.quantity for line in clean), start=to_money("0")))
    if not fund.is_active:
        raise Conflict(_("%(fund)s is closed and takes no new entries.") % {"fund": fund.name})
    root = federation_of(fund.org)
    donation = Donation.objects.create(
        org_id=fund.org_id,
        fund=fund,
        kind=kind,
        donor_kind=donor_kind,
        is_anonymous=bool(is_anonymous),
        amount=total,
        received_on=day,
        receipt_root=root,
        receipt_no=next_receipt_number(root=root, year=day.year),
        note=services.check_text(note, 300, "note"),
        created_by=by,
        **donor,
        **_earmark(earmark, earmark_object),
    )
    memo = donation.earmark
    if kind == Donation.Kind.MONEY:
        services.post_income(
            fund=fund,
            amount=total,
            by=by,
            source=donation,
            reference=donation.receipt_no,
            memo=memo,
            authorised=True,
        )
    for line in clean:
        DonationLine.objects.create(
            donation=donation, item=line.item, quantity=line.quantity, unit_value=line.unit_value
        )
        services.post_goods_in(
            fund=fund,
            item=line.item,
            quantity=line.quantity,
            unit_value=line.unit_value,
            by=by,
            source=donation,
            reference=donation.receipt_no,
            memo=memo,
            authorised=True,
        )
    return donation


@transaction.atomic
def donation_void(*, by: Any, donation: Donation, reason: str) -> Donation:
    """Void a donation recorded in error: its entries are reversed (refused if the money or goods are
    already spent), the donation stays with its receipt number, marked void with the reason."""
    scoping.require(by, FUNDS_CHANGE, donation.org)
    reason = services.check_text(reason, 300, "reason")
    if not reason:
        raise DomainError(_("Give the reason for voiding."), field="reason")
    donation = Donation.objects.select_for_update().get(pk=donation.pk)
    if donation.is_void:
        raise Conflict(_("This donation is already void."))
    ct = ContentType.objects.get_for_model(Donation)
    entries = list(
        LedgerEntry.objects.filter(source_type=ct, source_id=donation.pk)
        .exclude(kind=LedgerEntry.Kind.REVERSAL)
        .select_related("fund", "item")
    )
    if entries:
        services.reverse_entries(entries, by=by, reason=reason, authorised=True)
    donation.status = Donation.Status.VOID
    donation.void_reason = reason
    donation.voided_at = timezone.now()
    donation.save()
    return donation
