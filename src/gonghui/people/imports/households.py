"""Households from a spreadsheet (家庭成员表): one member per row, under the head's ID number.

The head must be registered (import the people first); the head's household is opened when it has
none. A member is a registered person (found by their ID number) or, when not registered, a name
and, if known, an ID number — as ``people.services.households`` keeps them. A row for a member
already listed updates their details; the head's own details come from the row whose relationship
is 户主 (or 本人). A person, or an unregistered ID number, belongs to one household only.

Rows are keyed by (head, member): the member's ID number, else the head's for the head's row, else
the member's name.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Hashable
from dataclasses import dataclass, field
from typing import Any

from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from gonghui.core.imports import bulk, cells
from gonghui.core.imports.registry import register
from gonghui.core.imports.spec import CommitCounts, Field, ImportContext, ImportSpec, Row
from gonghui.people import choices
from gonghui.people.imports import common
from gonghui.people.imports.common import PERM_CHANGE, PERM_VIEW
from gonghui.people.models import Household, HouseholdMember, Person
from gonghui.people.services.households import FIRST_ENROLMENT_YEAR

HEAD = choices.Relationship.HEAD
DETAILS = (
    "relationship",
    "monthly_income",
    "health",
    "employment",
    "school_level",
    "school_name",
    "enrolment_year",
    "note",
)
_YEAR = re.compile(r"^(\d{4})(?:年|[-/.]\d{1,2}.*|年\d{1,2}月.*)?$")


def enrolment_year(value: Any) -> int:
    """A year from 2021, 2021年, 2021-09, 2021年9月 or a date cell."""
    if isinstance(value, (datetime.date, datetime.datetime)):
        year = value.year
    elif isinstance(value, (int, float)) and not isinstance(value, bool):
        year = cells.integer(value)
    else:
        match = _YEAR.match(cells.text(value).replace(" ", ""))
        if not match:
            raise cells.CellError(_("Enter a year such as %(year)s.") % {"year": timezone.localdate().year})
        year = int(match.group(1))
    if not FIRST_ENROLMENT_YEAR <= year <= timezone.localdate().year + 1:
        raise cells.CellError(_("Enter a year such as %(year)s.") % {"year": timezone.localdate().year})
    return year


def income(value: Any) -> Any:
    amount = cells.money(value)
    if amount < 0:
        raise cells.CellError(_("An income cannot be negative."))
    return amount


@dataclass
class Lookup:
    """What a batch refers to, found in a few queries: people, their households and member rows."""

    people: dict[str, Person]
    households: dict[int, Household]  # by head id
    by_person: dict[int, HouseholdMember]
    by_hash: dict[str, HouseholdMember]
    by_name: dict[tuple[int, str], HouseholdMember]
    numbers: set[str] = field(default_factory=set)

    def member_row(self, household: Household | None, values: dict[str, Any]) -> HouseholdMember | None:
        person = self.people.get(_member_number(values) or "")
        if person is not None:
            return self.by_person.get(person.pk)
        number = _member_number(values)
        if number:
            return self.by_hash.get(common.id_hash(number))
        if household is not None and household.pk and "member_name" in values:
            return self.by_name.get((household.pk, values["member_name"]))
        return None


def _member_number(values: dict[str, Any]) -> str | None:
    if "member_id_number" in values:
        return values["member_id_number"].number
    if values.get("relationship") == HEAD:
        return values["head_id_number"].number
    return None


class HouseholdSpec(ImportSpec):
    kind = "households"
    verbose_name = _("Households")
    description = _(
        "Household members, one per row, under the head's ID number; the head must be registered. "
        "A member already listed is updated."
    )
    perm = PERM_CHANGE
    key_fields = ("head_id_number",)
    batch_size = 1000
    analyze_models = (Household, HouseholdMember)
    fields = (
        Field(
            "head_id_number",
            _("Head's ID number"),
            ("户主身份证号", "户主身份证号码", "户主公民身份号码", "户主身份证", "户主证件号码"),
            True,
            common.id_number,
            True,
        ),
        Field(
            "member_name",
            _("Member's name"),
            ("成员姓名", "家庭成员姓名", "家庭成员", "成员", "姓名", "名字"),
            False,
            common.name,
        ),
        Field(
            "member_id_number",
            _("Member's ID number"),
            ("成员身份证号", "成员身份证号码", "成员公民身份号码", "身份证号", "身份证号码", "公民身份号码"),
            False,
            common.id_number,
            True,
        ),
        Field(
            "relationship",
            _("Relationship to the head"),
            ("与户主关系", "与户主的关系", "关系", "家庭关系", "称谓"),
            True,
            common.choice(choices.Relationship, common.RELATIONSHIP_WORDS),
        ),
        Field(
            "monthly_income", _("Monthly income"), ("月收入", "个人月收入", "收入", "月均收入"), False, income
        ),
        Field(
            "health",
            _("Health"),
            ("健康", "健康状况", "身体状况"),
            False,
            common.choice(choices.MemberHealth, common.MEMBER_HEALTH_WORDS),
        ),
        Field(
            "employment",
            _("Employment"),
            ("就业", "就业状况", "就业情况", "从业状况"),
            False,
            common.choice(choices.Employment, common.EMPLOYMENT_WORDS),
        ),
        Field(
            "school_level",
            _("School level"),
            ("在读学段", "学段", "就读学段", "就读阶段", "在读阶段"),
            False,
            common.choice(choices.SchoolLevel, common.SCHOOL_WORDS),
        ),
        Field(
            "school_name",
            _("School"),
            ("学校", "就读学校", "学校名称", "在读学校"),
            False,
            cells.text_max(200),
        ),
        Field(
            "enrolment_year",
            _("Year of enrolment"),
            ("入学年份", "入学时间", "入学年度"),
            False,
            enrolment_year,
        ),
        Field("note", _("Note"), ("备注",), False, cells.text_max(300)),
    )

    def key(self, values: dict[str, Any]) -> Hashable | None:
        head = values["head_id_number"].number
        number = _member_number(values)
        if number:
            return (head, number)
        if "member_name" in values:
            return (head, "name", values["member_name"])
        return None

    def template_example(self) -> list[list[Any]]:
        return [
            ["511922197005061233", "", "", "户主", "2800", "健康", "在岗", "", "", "", ""],
            [
                "511922197005061233",
                "李芳",
                "511922197208153429",
                "配偶",
                "1200",
                "慢性病",
                "灵活就业",
                "",
                "",
                "",
                "",
            ],
            ["511922197005061233", "张小明", "", "子女", "0", "健康", "在读", "本科", "四川大学", "2023", ""],
        ]

    # --- checks

    def validate_rows(self, rows: list[Row], context: ImportContext) -> None:
        found = _lookup(rows, lock=context.committing)
        context.cache["batch"] = found
        placed: dict[Hashable, tuple[str, int]] = context.cache.setdefault("placed", {})
        for row in rows:
            _check(row, found, context, placed)

    # --- writes

    def commit_rows(self, rows: list[Row], context: ImportContext) -> CommitCounts:
        found: Lookup | None = context.cache.pop("batch", None)
        numbers = {n for r in rows for n in _numbers(r.values)}
        if found is None or not numbers <= found.numbers:
            found = _lookup(rows, lock=True)
        counts = CommitCounts()
        new_households = _open_households(rows, found)
        Household.objects.bulk_create([h for h, _m in new_households], batch_size=1000)
        new_rows = [m for _h, m in new_households]
        fresh = {id(m) for m in new_rows}
        changed: list[tuple[HouseholdMember, HouseholdMember]] = []
        for row in rows:
            values = row.values
            head = found.people[values["head_id_number"].number]
            household = found.households[head.pk]
            details = {k: values[k] for k in DETAILS if k in values}
            member = found.member_row(household, values)
            if member is None:
                member = _new_member(household, values, found)
                new_rows.append(member)
                fresh.add(id(member))
                _remember(found, household, member, values)
            if id(member) in fresh:
                for name, value in details.items():
                    setattr(member, name, value)
                continue
            before = bulk.apply_values(member, details)
            if before is None:
                counts.unchanged += 1
            else:
                changed.append((before, member))
        HouseholdMember.objects.bulk_create(new_rows, batch_size=1000)
        bulk.bulk_update_changed(
            HouseholdMember, changed, {n for r in rows for n in r.values if n in DETAILS}
        )
        bulk.log_created([h for h, _m in new_households], user=context.user)
        bulk.log_created(new_rows, user=context.user)
        bulk.log_updated(changed, user=context.user)
        counts.created += len(new_rows)
        counts.updated += len(changed)
        return counts


def _numbers(values: dict[str, Any]) -> set[str]:
    out = {values["head_id_number"].number}
    if "member_id_number" in values:
        out.add(values["member_id_number"].number)
    return out


def _lookup(rows: list[Row], *, lock: bool) -> Lookup:
    """People, households and member rows the batch names: four queries whatever its size."""
    numbers = {n for r in rows for n in _numbers(r.values)}
    people = common.live_people(numbers, lock=False)
    heads = [people[n].pk for n in {r.values["head_id_number"].number for r in rows} if n in people]
    households_qs = Household.objects.filter(head_id__in=heads).annotate(org_path=F("org__path"))
    if lock:
        households_qs = households_qs.select_for_update(of=("self",))
    households = {h.head_id: h for h in households_qs}
    unregistered = [common.id_hash(n) for n in numbers if n not in people]
    names = {r.values["member_name"] for r in rows if "member_name" in r.values}
    query = Q(person_id__in=[p.pk for p in people.values()]) | Q(id_number_bidx__in=unregistered)
    if households and names:
        query |= Q(household_id__in=[h.pk for h in households.values()], person=None, name__in=names)
    by_person, by_hash, by_name = {}, {}, {}
    for member in HouseholdMember.objects.filter(query):
        if member.person_id:
            by_person[member.person_id] = member
        else:
            if member.id_number_bidx:
                by_hash[member.id_number_bidx] = member
            by_name.setdefault((member.household_id, member.name), member)
    return Lookup(people, households, by_person, by_hash, by_name, numbers)


def _check(row: Row, found: Lookup, context: ImportContext, placed: dict[Hashable, tuple[str, int]]) -> None:
    values = row.values
    head_number = values["head_id_number"].number
    head = found.people.get(head_number)
    if head is None:
        row.add_error("head_id_number", common.not_registered_message())
        return
    household = found.households.get(head.pk)
    owner_path = household.org_path if household is not None else head.org_path
    if not common.allowed(context, PERM_CHANGE, owner_path):
        row.add_error("head_id_number", common.outside_scope_message())
        return
    row_of_head = found.by_person.get(head.pk)
    if household is None and row_of_head is not None and row_of_head.relationship != HEAD:
        row.add_error("head_id_number", _("This person is listed as a member of another household."))
        return
    relationship = values["relationship"]
    member_number = values["member_id_number"].number if "member_id_number" in values else None
    if relationship == HEAD:
        if member_number and member_number != head_number:
            row.add_error("member_id_number", _("The head's row must carry the head's own ID number."))
        if "member_name" in values and values["member_name"] != head.name:
            row.add_warning("member_name", _("The head is registered as %(name)s.") % {"name": head.name})
    elif member_number == head_number:
        row.add_error("relationship", _("This is the head's ID number: enter the relationship as 户主."))
    elif not member_number and "member_name" not in values:
        row.add_error("member_name", _("Enter the member's name or ID number."))
    if not row.ok:
        return
    _check_member(row, found, context, household, head)
    _check_placed(row, placed)


def _check_member(
    row: Row, found: Lookup, context: ImportContext, household: Household | None, head: Person
) -> None:
    values = row.values
    number = _member_number(values)
    person = found.people.get(number or "")
    if number and person is None and "member_name" not in values:
        row.add_error("member_name", _("Enter the name of a member who is not registered."))
        return
    if person is not None and person.pk != head.pk:
        if not common.allowed(context, PERM_VIEW, person.org_path):
            row.add_error("member_id_number", common.outside_scope_message())
            return
        if "member_name" in values and values["member_name"] != person.name:
            row.add_warning(
                "member_name", _("This ID number is registered as %(name)s.") % {"name": person.name}
            )
    member = found.member_row(household, values)
    if member is None:
        return
    if household is None or member.household_id != household.pk:
        field_name = "member_id_number" if "member_id_number" in values else "member_name"
        row.add_error(field_name, _("This person already belongs to another household."))
    elif member.is_head != (values["relationship"] == HEAD):
        row.add_error(
            "relationship",
            _("The head of the household is changed on the household, not by an import."),
        )


def _check_placed(row: Row, placed: dict[Hashable, tuple[str, int]]) -> None:
    """One household per person in the file as in the register: the same member under two heads is refused."""
    number = _member_number(row.values)
    if not number:
        return
    head = row.values["head_id_number"].number
    first = placed.setdefault(number, (head, row.number))
    if first[0] != head:
        field_name = "member_id_number" if "member_id_number" in row.values else "head_id_number"
        row.add_error(
            field_name,
            _("Row %(row)d of this file puts this person in another household.") % {"row": first[1]},
        )


def _open_households(rows: list[Row], found: Lookup) -> list[tuple[Household, HouseholdMember]]:
    """A household (and the head's member row) for every head of the batch who has none yet."""
    opened = []
    for row in rows:
        head = found.people[row.values["head_id_number"].number]
        if head.pk in found.households:
            continue
        household = Household(org_id=head.org_id, head=head)
        household.org_path = head.org_path
        found.households[head.pk] = household
        member = HouseholdMember(household=household, org_id=head.org_id, person=head, relationship=HEAD)
        found.by_person[head.pk] = member
        opened.append((household, member))
    return opened


def _new_member(household: Household, values: dict[str, Any], found: Lookup) -> HouseholdMember:
    number = _member_number(values)
    person = found.people.get(number or "")
    if person is not None:
        return HouseholdMember(household=household, org_id=household.org_id, person=person)
    return HouseholdMember(
        household=household, org_id=household.org_id, name=values["member_name"], id_number=number or ""
    )


def _remember(found: Lookup, household: Household, member: HouseholdMember, values: dict[str, Any]) -> None:
    """A member added by this batch is found again by a later row of it (the file's own repeats aside)."""
    if member.person_id:
        found.by_person[member.person_id] = member
    elif member.id_number:
        found.by_hash[common.id_hash(member.id_number)] = member
    elif household.pk:
        found.by_name[(household.pk, member.name)] = member


register(HouseholdSpec)
