"""Memberships from a spreadsheet (会员花名册): one member per row, keyed by the ID number.

The person must be registered (import the people first) and visible to the importer; the union is
a grassroots union named by its name or code, open and in the importer's scope. A person with no
active membership joins (a blank member number is generated, as ``membership_join`` does); one with
an active membership has it updated — its number, its date, and a different union is a transfer,
kept in the history like ``membership_transfer`` keeps it. Never a second active membership.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from gonghui.core.errors import DomainError
from gonghui.core.imports import bulk, cells
from gonghui.core.imports.registry import register
from gonghui.core.imports.spec import CommitCounts, Field, ImportContext, ImportSpec, Row
from gonghui.orgs.models import Organisation
from gonghui.people.imports import common
from gonghui.people.imports.common import PERM_CHANGE, PERM_VIEW
from gonghui.people.models import Membership, MembershipTransfer, Person
from gonghui.people.services.memberships import _generated, _number

ACTIVE = Membership.Status.ACTIVE
TRANSFER_NOTE = "import"


def member_number(value: Any) -> str:
    """A member number as ``membership_join`` keeps it (half-width, upper case, no spaces)."""
    try:
        return _number(cells.digits_text(value))
    except DomainError as exc:
        raise cells.CellError(exc.message) from None


class MembershipSpec(ImportSpec):
    kind = "memberships"
    verbose_name = _("Memberships")
    description = _(
        "Union members, one per row, by ID number and grassroots union (name or code); the people must be "
        "registered. A member's active membership is updated, never doubled."
    )
    perm = PERM_CHANGE
    key_fields = ("id_number",)
    batch_size = 1000
    analyze_models = (Membership, MembershipTransfer)
    fields = (
        Field(
            "member_number",
            _("Member number"),
            ("会员证号", "会员证号码", "会员号", "会员编号", "会员证编号"),
            False,
            member_number,
            True,
        ),
        Field("name", _("Name"), common.NAME_SYNONYMS, False, common.name),
        Field("id_number", _("ID number"), common.ID_SYNONYMS, True, common.id_number, True),
        Field(
            "union",
            _("Grassroots union"),
            (
                "所在基层工会",
                "基层工会",
                "所在工会",
                "所属工会",
                "工会",
                "工会名称",
                "基层工会名称",
                "工会代码",
            ),
            True,
            cells.text_max(200),
        ),
        Field("joined_on", _("Joined on"), ("入会日期", "入会时间", "入会年月"), False, cells.date),
    )

    def key(self, values: dict[str, Any]) -> str | None:
        return values["id_number"].number if "id_number" in values else None

    def template_example(self) -> list[list[Any]]:
        return [["", "张三", "511922199001011238", "南江镇中心小学工会", "2015-06-28"]]

    # --- checks

    def validate_rows(self, rows: list[Row], context: ImportContext) -> None:
        found = _lookup(rows, context, lock=context.committing)
        context.cache["batch"] = found
        numbers_seen: dict[str, int] = context.cache.setdefault("numbers", {})
        today = timezone.localdate()
        for row in rows:
            _check(row, found, context, today)
            number = row.values.get("member_number")
            if row.ok and number:
                first = numbers_seen.setdefault(number, row.number)
                if first != row.number:
                    row.add_error(
                        "member_number",
                        _("Row %(row)d of this file has the same member number.") % {"row": first},
                    )

    # --- writes

    def commit_rows(self, rows: list[Row], context: ImportContext) -> CommitCounts:
        found = context.cache.pop("batch", None)
        if found is None or not {r.values["id_number"].number for r in rows} <= found["numbers"]:
            found = _lookup(rows, context, lock=True)
        today = timezone.localdate()
        created: list[Membership] = []
        changed: list[tuple[Membership, Membership]] = []
        transfers: list[MembershipTransfer] = []
        counts = CommitCounts()
        for row in rows:
            values = row.values
            person = found["people"][values["id_number"].number]
            union = found["unions"][values["union"]]
            membership = found["active"].get(person.pk)
            if membership is None:
                joined_on = values.get("joined_on") or today
                created.append(
                    Membership(
                        org=union,
                        person=person,
                        joined_on=joined_on,
                        member_number=values.get("member_number", ""),
                    )
                )
                continue
            changes: dict[str, Any] = {"org": union}
            for name in ("member_number", "joined_on"):
                if name in values:
                    changes[name] = values[name]
            before = bulk.apply_values(membership, changes)
            if before is None:
                counts.unchanged += 1
                continue
            if before.org_id != membership.org_id:
                transfers.append(
                    MembershipTransfer(
                        membership=membership,
                        from_union_id=before.org_id,
                        to_union=union,
                        on=today,
                        by=context.user,
                        note=TRANSFER_NOTE,
                    )
                )
            changed.append((before, membership))
        _number_new(created)
        Membership.objects.bulk_create(created, batch_size=1000)
        bulk.bulk_update_changed(Membership, changed, ["org", "member_number", "joined_on"])
        MembershipTransfer.objects.bulk_create(transfers, batch_size=1000)
        bulk.log_created(created, user=context.user)
        bulk.log_updated(changed, user=context.user)
        bulk.log_created(transfers, user=context.user)
        counts.created += len(created)
        counts.updated += len(changed)
        return counts


def _lookup(rows: list[Row], context: ImportContext, *, lock: bool) -> dict[str, Any]:
    """People, their active memberships, the unions named and the member numbers in use: four queries."""
    numbers = {r.values["id_number"].number for r in rows}
    people = common.live_people(numbers)
    active_rows = Membership.objects.filter(person_id__in=[p.pk for p in people.values()], status=ACTIVE)
    active_rows = active_rows.select_related("person").annotate(org_path=F("org__path"))
    if lock:
        active_rows = active_rows.select_for_update(of=("self",))
    active = {m.person_id: m for m in active_rows}
    wanted_numbers = [r.values["member_number"] for r in rows if "member_number" in r.values]
    taken = dict(
        Membership.objects.filter(member_number__in=wanted_numbers).values_list("member_number", "person_id")
    )
    return {
        "numbers": numbers,
        "people": people,
        "active": active,
        "unions": _unions(rows, context),
        "taken": taken,
    }


def _unions(rows: list[Row], context: ImportContext) -> dict[str, Organisation | None]:
    """Grassroots unions named by the batch, by code or name, kept for the whole run; None when unknown."""
    known: dict[str, Organisation | None] = context.cache.setdefault("unions", {})
    wanted = {r.values["union"] for r in rows} - known.keys()
    if wanted:
        candidates: dict[str, list[Organisation]] = {}
        for org in Organisation.objects.filter(Q(code__in=wanted) | Q(name__in=wanted)):
            for key in {org.code, org.name} & wanted:
                candidates.setdefault(key, []).append(org)
        for key in wanted:
            matches = candidates.get(key, [])
            known[key] = matches[0] if len(matches) == 1 else None
    return known


def _check(row: Row, found: dict[str, Any], context: ImportContext, today: datetime.date) -> None:
    values = row.values
    person: Person | None = found["people"].get(values["id_number"].number)
    if person is None:
        row.add_error("id_number", common.not_registered_message())
        return
    if not common.allowed(context, PERM_VIEW, person.org_path):
        row.add_error("id_number", common.outside_scope_message())
        return
    if "name" in values and values["name"] != person.name:
        row.add_error("name", _("This ID number is registered as %(name)s.") % {"name": person.name})
    union = found["unions"].get(values["union"])
    if union is None:
        row.add_error(
            "union", _("No union is called %(name)s (or has this code).") % {"name": values["union"]}
        )
    elif union.kind != Organisation.Kind.GRASSROOTS:
        row.add_error("union", _("Members belong to a grassroots union."))
    elif not common.allowed(context, PERM_CHANGE, union.path):
        row.add_error("union", _("Not found, or outside your scope."))
    membership: Membership | None = found["active"].get(person.pk)
    if membership is None:
        if not person.is_active:
            row.add_error("id_number", _("Only a person with the status “active” can join a union."))
        if union is not None and not union.is_active:
            row.add_error("union", _("This union is closed."))
    elif union is not None and union.pk != membership.org_id:
        if not common.allowed(context, PERM_CHANGE, membership.org_path):
            row.add_error("union", _("This person is a member of a union outside your scope."))
        elif not union.is_active:
            row.add_error("union", _("This union is closed."))
    joined_on = values.get("joined_on")
    if joined_on is not None:
        if joined_on > today:
            row.add_error("joined_on", _("The date cannot be in the future."))
        elif joined_on < person.birth_date:
            row.add_error("joined_on", _("The date is before the person was born."))
    number = values.get("member_number")
    holder = found["taken"].get(number) if number else None
    if holder is not None and holder != person.pk:
        row.add_error("member_number", _("This member number is already in use."))
    elif holder == person.pk and (membership is None or membership.member_number != number):
        row.add_error(
            "member_number", _("This member number belongs to an earlier membership of this person.")
        )


def _number_new(created: list[Membership]) -> None:
    """Generate the blank member numbers, none already in use (one query per try)."""
    blank = [m for m in created if not m.member_number]
    for _attempt in range(5):
        if not blank:
            return
        for membership in blank:
            membership.member_number = _generated(membership.joined_on)
        proposed = {m.member_number for m in blank}
        clash = set(
            Membership.objects.filter(member_number__in=proposed).values_list("member_number", flat=True)
        )
        if len(proposed) < len(blank):
            clash |= {n for n in proposed if sum(1 for m in blank if m.member_number == n) > 1}
        blank = [m for m in blank if m.member_number in clash]
    if blank:
        raise DomainError(_("No free member number was found; enter one."), field="member_number")


register(MembershipSpec)
