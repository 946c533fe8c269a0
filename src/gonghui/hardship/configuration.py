"""Writing the aid rules (per type and year) and the minimum-living standards (per region and year).

Only federation administrators set them: they decide how much aid is paid and who may approve it.
Every change is checked (no negative amounts, no cap below the standard, one rule per organisation,
type and year, one standard per region and year) and written to the audit log with before and after.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.db import IntegrityError, transaction
from django.utils.translation import gettext_lazy as _

from gonghui.accounts.scoping import is_federation_admin
from gonghui.core.audit import record_event
from gonghui.core.errors import DomainError, PermissionDenied
from gonghui.core.money import to_money
from gonghui.hardship.models import AidRule, AidType, MinimumLivingStandard

LEVELS = ("college", "bachelor", "postgraduate")
RULE_FIELDS = ("standard_amount", "cap_person", "cap_household", "cadre_limit")
FIRST_YEAR, LAST_YEAR = 2000, 2100


def _admin_only(by: Any) -> None:
    if not is_federation_admin(by):
        raise PermissionDenied(_("Only a federation administrator may change aid rules and standards."))


def check_year(value: Any) -> int:
    """A year between 2000 and 2100 (rules, standards, the supervision report's and the relay's filter)."""
    try:
        year = int(value)
    except (TypeError, ValueError):
        raise DomainError(_("Enter a year such as 2026."), field="year") from None
    if not FIRST_YEAR <= year <= LAST_YEAR:
        raise DomainError(_("Enter a year such as 2026."), field="year")
    return year


def _amount(value: Any, field: str, *, required: bool = False) -> Decimal | None:
    if value in (None, ""):
        if required:
            raise DomainError(_("This field is required."), field=field)
        return None
    amount = to_money(value, field=field)
    if amount < 0:
        raise DomainError(_("An amount cannot be negative."), field=field)
    return amount


def _changes(before: dict[str, Any], after: dict[str, Any]) -> dict[str, list[Any]]:
    return {k: [before.get(k, ""), v] for k, v in after.items() if str(before.get(k, "")) != str(v)}


# The unions that set aid rules; the rule of the nearest one above a grassroots union applies to it.
RULE_ORG_KINDS = ("federation", "township", "industry")


def rule_save(
    *,
    by: Any,
    org: Any,
    aid_type: str,
    year: Any,
    standard_amount: Any = None,
    level_amounts: dict[str, Any] | None = None,
    cap_person: Any = None,
    cap_household: Any = None,
    cadre_limit: Any = None,
    rule: AidRule | None = None,
) -> AidRule:
    """Create a rule, or change ``rule``; the caps may never fall below the standard amounts."""
    _admin_only(by)
    if org is None:
        raise DomainError(_("Choose the organisation."), field="org")
    if org.kind not in RULE_ORG_KINDS:
        raise DomainError(
            _("Aid rules are set by the federation, a township union or an industry union."), field="org"
        )
    if aid_type not in AidType.values:
        raise DomainError(_("Choose the type of aid."), field="aid_type")
    year = check_year(year)
    values: dict[str, Any] = {
        "standard_amount": _amount(standard_amount, "standard_amount"),
        "cap_person": _amount(cap_person, "cap_person"),
        "cap_household": _amount(cap_household, "cap_household"),
        "cadre_limit": _amount(cadre_limit, "cadre_limit"),
    }
    levels: dict[str, str] = {}
    for level, value in (level_amounts or {}).items():
        if level not in LEVELS:
            raise DomainError(_("Unknown school level: %(level)s.") % {"level": level}, field="level_amounts")
        amount = _amount(value, f"level_{level}")
        if amount is not None:
            levels[level] = str(amount)
    standards = [v for v in [values["standard_amount"], *(Decimal(v) for v in levels.values())] if v]
    top = max(standards, default=None)
    if top is not None and values["cap_person"] is not None and values["cap_person"] < top:
        raise DomainError(
            _("The cap per person (¥%(cap)s) cannot be below the standard amount (¥%(standard)s).")
            % {"cap": values["cap_person"], "standard": top},
            field="cap_person",
        )
    if top is not None and values["cap_household"] is not None and values["cap_household"] < top:
        raise DomainError(
            _("The cap per household (¥%(cap)s) cannot be below the standard amount (¥%(standard)s).")
            % {"cap": values["cap_household"], "standard": top},
            field="cap_household",
        )
    if (
        values["cap_person"] is not None
        and values["cap_household"] is not None
        and values["cap_household"] < values["cap_person"]
    ):
        raise DomainError(
            _("The cap per household cannot be below the cap per person."), field="cap_household"
        )
    with transaction.atomic():
        clash = AidRule.objects.filter(org=org, aid_type=aid_type, year=year)
        if rule is not None:
            clash = clash.exclude(pk=rule.pk)
        if clash.exists():
            raise DomainError(
                _("%(org)s already has a rule for this aid type and year; change that one.") % {"org": org},
                field="year",
            )
        if rule is None:
            rule = AidRule(org=org, aid_type=aid_type, year=year)
            before: dict[str, Any] = {}
        else:
            rule = AidRule.objects.select_for_update().get(pk=rule.pk)
            before = {
                f: getattr(rule, f) for f in (*RULE_FIELDS, "org_id", "aid_type", "year", "level_amounts")
            }
            rule.org, rule.aid_type, rule.year = org, aid_type, year
        for name, value in values.items():
            setattr(rule, name, value)
        rule.level_amounts = levels
        try:
            with transaction.atomic():  # another administrator may have saved the same rule a moment ago
                rule.save()
        except IntegrityError:
            raise DomainError(
                _("%(org)s already has a rule for this aid type and year; change that one.") % {"org": org},
                field="year",
            ) from None
        after = {f: getattr(rule, f) for f in (*RULE_FIELDS, "org_id", "aid_type", "year", "level_amounts")}
        record_event(rule, user=by, changes=_changes(before, after), note="aid rule saved")
    return rule


def standard_save(
    *,
    by: Any,
    region: Any,
    year: Any,
    urban: Any,
    rural: Any,
    standard: MinimumLivingStandard | None = None,
) -> MinimumLivingStandard:
    """Create or change the minimum-living standard of a region and year (monthly yuan per person)."""
    _admin_only(by)
    if region is None:
        raise DomainError(_("Choose the region."), field="region")
    year = check_year(year)
    urban_amount = _amount(urban, "urban", required=True)
    rural_amount = _amount(rural, "rural", required=True)
    for field, value in (("urban", urban_amount), ("rural", rural_amount)):
        if not value:
            raise DomainError(_("The amount must be more than zero."), field=field)
    with transaction.atomic():
        clash = MinimumLivingStandard.objects.filter(region=region, year=year)
        if standard is not None:
            clash = clash.exclude(pk=standard.pk)
        if clash.exists():
            raise DomainError(
                _("%(region)s already has a standard for %(year)s; change that one.")
                % {"region": region, "year": year},
                field="year",
            )
        if standard is None:
            standard = MinimumLivingStandard(region=region, year=year)
            before: dict[str, Any] = {}
        else:
            standard = MinimumLivingStandard.objects.select_for_update().get(pk=standard.pk)
            before = {"region_id": standard.region_id, "year": standard.year}
            before.update(urban=standard.urban, rural=standard.rural)
            standard.region, standard.year = region, year
        standard.urban, standard.rural = urban_amount, rural_amount
        try:
            with transaction.atomic():  # another administrator may have saved the same one a moment ago
                standard.save()
        except IntegrityError:
            raise DomainError(
                _("%(region)s already has a standard for %(year)s; change that one.")
                % {"region": region, "year": year},
                field="year",
            ) from None
        after = {"region_id": standard.region_id, "year": year, "urban": urban_amount, "rural": rural_amount}
        record_event(standard, user=by, changes=_changes(before, after), note="minimum-living standard saved")
    return standard
