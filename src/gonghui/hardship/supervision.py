"""The supervision report (廉洁监督) for the auditor: aid payments that deserve a second look.

Reads only. Each check returns ``Finding`` rows naming the payments concerned:

- ``shared_phone``: one phone number (by its blind index) on several recipients;
- ``shared_bank``: one bank account paid to for several recipients;
- ``staff``: a recipient who is a staff user (matched by phone) or in a staff user's household;
- ``deceased``: aid paid on or after the recorded death of the recipient;
- ``closed_file``: aid paid on a hardship file after the file was lifted or cancelled;
- ``over_cap``: a person's or household's paid aid of a year and type above the rule's cap;
- ``no_receipt``: aid paid without the signed receipt after ``days`` days.

The scope is ``supervision.view`` (the auditor's ``*.view`` and the federation administrator);
township cadres hold no such permission and see nothing.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import Count, F, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from gonghui.accounts.scoping import visible_to
from gonghui.core.errors import DomainError
from gonghui.core.masking import mask_generic, mask_phone
from gonghui.hardship.models import AidApplication, HardshipFile

SUPERVISE = "supervision.view"

KINDS = {
    "shared_phone": _("One phone number for several recipients"),
    "shared_bank": _("One bank account for several recipients"),
    "staff": _("Recipient is a staff user or in a staff user's household"),
    "deceased": _("Aid paid after the recipient's death"),
    "closed_file": _("Aid paid after the hardship file was closed"),
    "over_cap": _("Paid aid above the yearly cap"),
    "no_receipt": _("Aid paid without a signed receipt"),
}


MAX_DAYS = 3650  # the longest wait for a receipt a reader may ask about


def receipt_days() -> int:
    """Days a paid aid may wait for its signed receipt (``hardship.queries.receipt_days``)."""
    from gonghui.hardship.queries import receipt_days as days

    return days()


@dataclass
class Finding:
    kind: str
    detail: str
    aid: list[AidApplication] = field(default_factory=list)

    @property
    def label(self) -> str:
        return str(KINDS[self.kind])

    @property
    def amount(self) -> Decimal:
        return sum((a.amount_approved or Decimal("0.00") for a in self.aid), Decimal("0.00"))

    @property
    def people(self) -> list[Any]:
        seen: dict[int, Any] = {}
        for a in self.aid:
            seen.setdefault(a.person_id, a.person)
        return list(seen.values())


def paid(user: Any, year: int | None = None) -> QuerySet[AidApplication]:
    """Aid paid (and not reversed) in the reader's supervision scope, of ``year`` when given."""
    rows = visible_to(
        user,
        AidApplication.objects.select_related("person", "org", "fund", "file", "household"),
        SUPERVISE,
    ).filter(status=AidApplication.Status.DISBURSED)
    if year:
        rows = rows.filter(disbursed_at__year=year)
    return rows.order_by("disbursed_at", "pk")


def _grouped(rows: QuerySet[AidApplication], key: str) -> dict[str, list[AidApplication]]:
    shared = (
        rows.exclude(**{f"{key}__isnull": True})
        .exclude(**{key: ""})
        .order_by()
        .values(key)
        .annotate(n=Count("person", distinct=True))
        .filter(n__gt=1)
        .values_list(key, flat=True)
    )
    groups: dict[str, list[AidApplication]] = defaultdict(list)
    for a in rows.filter(**{f"{key}__in": list(shared)}):
        groups[_attr(a, key)].append(a)
    return groups


def _attr(obj: Any, path: str) -> Any:
    for part in path.split("__"):
        obj = getattr(obj, part)
    return obj


def shared_phones(rows: QuerySet[AidApplication]) -> list[Finding]:
    out = []
    for group in _grouped(rows, "person__phone_bidx").values():
        phone = mask_phone(group[0].person.phone)
        names = "、".join(p.name for p in Finding("shared_phone", "", group).people)
        out.append(Finding("shared_phone", f"{phone}: {names}", group))
    return out


def shared_banks(rows: QuerySet[AidApplication]) -> list[Finding]:
    out = []
    for group in _grouped(rows, "bank_account_bidx").values():
        account = mask_generic(group[0].bank_account)
        names = "、".join(p.name for p in Finding("shared_bank", "", group).people)
        out.append(Finding("shared_bank", f"{account}: {names}", group))
    return out


def _staff_people() -> dict[int, Any]:
    """People of the registry whose phone is a staff user's phone: person id → user."""
    from gonghui.accounts.models import User
    from gonghui.people.models import Person
    from gonghui.people.phones import normalise

    index = Person._meta.get_field("phone_bidx")
    by_hash: dict[str, Any] = {}
    for user in User.objects.filter(kind=User.Kind.STAFF, is_active=True).only("pk", "phone", "username"):
        try:
            number = normalise(user.phone)
        except DomainError:
            continue
        if number:
            by_hash[index.hash_of(number)] = user
    if not by_hash:
        return {}
    found = Person.objects.filter(phone_bidx__in=list(by_hash)).values_list("pk", "phone_bidx")
    return {pk: by_hash[digest] for pk, digest in found}


def staff_recipients(rows: QuerySet[AidApplication]) -> list[Finding]:
    from gonghui.people.models import HouseholdMember

    staff = _staff_people()
    if not staff:
        return []
    households: dict[int, Any] = {}
    for household_id, person_id in HouseholdMember.objects.filter(person__in=list(staff)).values_list(
        "household_id", "person_id"
    ):
        households[household_id] = staff[person_id]
    members = dict(
        HouseholdMember.objects.filter(household__in=list(households), person__isnull=False).values_list(
            "person_id", "household_id"
        )
    )
    near = Q(person__in=list(staff)) | Q(household__in=list(households)) | Q(person__in=list(members))
    groups: dict[Any, list[AidApplication]] = defaultdict(list)
    for a in rows.filter(near):
        user = staff.get(a.person_id)
        if user is None:
            user = households.get(a.household_id) or households.get(members.get(a.person_id))
        groups[user].append(a)
    out = []
    for user, group in groups.items():
        own = any(a.person_id in staff for a in group)
        how = _("the staff user themself") if own else _("a member of the staff user's household")
        out.append(Finding("staff", f"{user} ({user.username}): {how}", group))
    return out


def deceased(rows: QuerySet[AidApplication]) -> list[Finding]:
    dead = rows.filter(person__status="deceased").filter(
        Q(person__status_changed_on__isnull=True) | Q(disbursed_at__date__gte=F("person__status_changed_on"))
    )
    out = []
    for a in dead:
        when = a.person.status_changed_on
        detail = (
            _("%(name)s, recorded deceased on %(date)s") % {"name": a.person.name, "date": when}
            if when
            else _("%(name)s, recorded deceased (date not recorded)") % {"name": a.person.name}
        )
        out.append(Finding("deceased", str(detail), [a]))
    return out


def closed_files(rows: QuerySet[AidApplication]) -> list[Finding]:
    closed = rows.filter(
        file__status__in=[HardshipFile.Status.LIFTED, HardshipFile.Status.CANCELLED],
        disbursed_at__date__gt=F("file__closed_on"),
    )
    return [
        Finding(
            "closed_file",
            str(
                _("%(name)s: file %(status)s on %(date)s")
                % {"name": a.person.name, "status": a.file.get_status_display(), "date": a.file.closed_on}
            ),
            [a],
        )
        for a in closed
    ]


def over_caps(rows: QuerySet[AidApplication]) -> list[Finding]:
    from gonghui.hardship.services import rule_for

    rules: dict[tuple[int, str, int], Any] = {}
    people: dict[tuple[int, int, str], list[AidApplication]] = defaultdict(list)
    homes: dict[tuple[int, int, str], list[AidApplication]] = defaultdict(list)
    for a in rows:
        people[(a.person_id, a.year, a.aid_type)].append(a)
        if a.household_id:
            homes[(a.household_id, a.year, a.aid_type)].append(a)

    def rule(a: AidApplication) -> Any:
        key = (a.org_id, a.aid_type, a.year)
        if key not in rules:
            rules[key] = rule_for(a.org, a.aid_type, a.year)
        return rules[key]

    out = []
    for groups, cap_field, label in (
        (people, "cap_person", _("per person")),
        (homes, "cap_household", _("per household")),
    ):
        for group in groups.values():
            found = rule(group[0])
            cap = getattr(found, cap_field, None) if found else None
            total = Finding("over_cap", "", group).amount
            if cap is not None and total > cap:
                detail = _("%(name)s: ¥%(total)s of %(type)s in %(year)s, cap %(label)s ¥%(cap)s") % {
                    "name": group[0].person.name,
                    "total": total,
                    "type": group[0].get_aid_type_display(),
                    "year": group[0].year,
                    "label": label,
                    "cap": cap,
                }
                out.append(Finding("over_cap", str(detail), group))
    return out


def without_receipt(rows: QuerySet[AidApplication], days: int, now: datetime.datetime) -> list[Finding]:
    from gonghui.hardship.queries import receipt_late

    late = receipt_late(rows, days, now)
    return [
        Finding(
            "no_receipt",
            str(
                _("%(name)s: paid %(date)s, no receipt after %(days)s days")
                % {"name": a.person.name, "date": timezone.localdate(a.disbursed_at), "days": days}
            ),
            [a],
        )
        for a in late
    ]


def report(
    user: Any,
    *,
    year: int | None = None,
    days: int | None = None,
    kinds: Iterable[str] | None = None,
    now: datetime.datetime | None = None,
) -> list[Finding]:
    """Every finding in the reader's scope, kind by kind (none for readers without the permission)."""
    from gonghui.hardship.configuration import check_year

    if year is not None:
        year = check_year(year)
    if days is not None and not 0 <= days <= MAX_DAYS:
        raise DomainError(_("Enter a number of days from 0 to %(max)s.") % {"max": MAX_DAYS}, field="days")
    rows = paid(user, year)
    days = receipt_days() if days is None else days
    now = now or timezone.now()
    wanted = set(kinds or KINDS)
    checks = {
        "shared_phone": lambda: shared_phones(rows),
        "shared_bank": lambda: shared_banks(rows),
        "staff": lambda: staff_recipients(rows),
        "deceased": lambda: deceased(rows),
        "closed_file": lambda: closed_files(rows),
        "over_cap": lambda: over_caps(rows),
        "no_receipt": lambda: without_receipt(rows, days, now),
    }
    out: list[Finding] = []
    for kind, check in checks.items():
        if kind in wanted:
            out.extend(check())
    return out


def report_xlsx(user: Any, findings: list[Finding], params: Any) -> bytes:
    """The findings as xlsx, one row per payment concerned; the export is logged as an access event."""
    from django.utils.translation import gettext

    from gonghui.core.audit import record_access
    from gonghui.core.exports import write_xlsx

    headers = [
        gettext("Finding"),
        gettext("Details"),
        gettext("Aid application"),
        gettext("Person"),
        gettext("Organisation"),
        gettext("Aid type"),
        gettext("Amount"),
        gettext("Fund"),
        gettext("Paid on"),
    ]
    rows = [
        [
            f.label,
            f.detail,
            a.pk,
            a.person.name,
            a.org.name,
            a.get_aid_type_display(),
            a.amount_approved,
            a.fund.name if a.fund_id else "",
            timezone.localdate(a.disbursed_at) if a.disbursed_at else None,
        ]
        for f in findings
        for a in f.aid
    ]
    content = write_xlsx(headers, rows, sheet=gettext("Supervision report"))
    filters = "&".join(f"{k}={v}" for k, v in sorted(params.items()) if v not in ("", None))
    record_access(
        user,
        user=user,
        fields=["supervision_report"],
        reason=f"supervision report export ({len(findings)} findings){': ' + filters if filters else ''}"[
            :500
        ],
    )
    return content
