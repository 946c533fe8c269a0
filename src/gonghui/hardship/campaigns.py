"""Campaigns (送温暖, 金秋助学, 夏送清凉, disaster relief): one function per verb, check then do.

A campaign moves only along ``CAMPAIGN_TRANSITIONS`` (draft → list generated → list approved →
distributing → closed); anything else is refused with ``Conflict`` (409) and nothing is written.

Locks and money
    Every write locks the campaign row first (``select_for_update``), then the grants, then the
    fund (through ``funds.services``, which locks funds in id order). Paying checks the campaign's
    budget against ``Campaign.disbursed`` under that lock, and the funds app checks the fund's
    balance and goods stock under its own: two hand-overs racing for the last yuan or the last quilt
    queue, and the second is refused (409). The database refuses ``disbursed`` above the budget;
    a second payment of a grant is refused by the grant's row lock and its status (approved →
    handed over, once). A returned hand-over is undone by reversing
    entries (``funds.services.post_reversal``); the budget used and the fund follow at once.

Separation of duties
    Whoever approved a campaign's list cannot hand its grants over, unless the organisation's
    ``SeparationPolicy`` says otherwise (``hardship.services.separation_required``).
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from gonghui.accounts.scoping import get_visible, has_perm, require
from gonghui.core.audit import record_event, record_events
from gonghui.core.errors import Conflict, DomainError, NotFound, PermissionDenied
from gonghui.core.imports import bulk
from gonghui.core.money import format_yuan, to_money
from gonghui.hardship.models import (
    Campaign,
    CampaignGoods,
    CampaignGrant,
    CampaignKind,
    CampaignStandard,
    Category,
    Cause,
    HardshipFile,
    RecipientGroup,
)
from gonghui.hardship.perms import HARDSHIP_APPROVE, HARDSHIP_CHANGE, HARDSHIP_DISBURSE
from gonghui.hardship.services import KEEPING_KINDS, _text, org_chain, separation_required

C = Campaign.Status
G = CampaignGrant.Status
X = CampaignGrant.Exclusion

# verb → {from: to}. Nothing else is a legal move. A generation after approval that finds newly
# eligible people sends the list back for approval (approved → generated); while distributing, the
# new proposals wait for approval and distribution goes on.
CAMPAIGN_MOVES: dict[str, dict[str, str]] = {
    "generate": {
        C.DRAFT: C.GENERATED,
        C.GENERATED: C.GENERATED,
        C.APPROVED: C.GENERATED,
        C.DISTRIBUTING: C.DISTRIBUTING,
    },
    "approve": {C.GENERATED: C.APPROVED, C.DISTRIBUTING: C.DISTRIBUTING},
    "disburse": {C.APPROVED: C.DISTRIBUTING, C.DISTRIBUTING: C.DISTRIBUTING},
    "close": {C.APPROVED: C.CLOSED, C.DISTRIBUTING: C.CLOSED},
}
GENERATE_FROM = tuple(CAMPAIGN_MOVES["generate"])
APPROVE_FROM = tuple(CAMPAIGN_MOVES["approve"])
DISBURSE_FROM = tuple(CAMPAIGN_MOVES["disburse"])
CLOSE_FROM = tuple(CAMPAIGN_MOVES["close"])

SERVED = (G.APPROVED, G.DISBURSED, G.REVERSED)  # kept by a new generation
# A file closed within this many days before the campaign starts still shows in the preview, with
# the reason it is left out; older closed files are not looked at.
RECENTLY_CLOSED_DAYS = 366
FILE_GROUPS = {c.value: c.value for c in Category}
PERSON_EXCLUSIONS = {"deceased": X.DECEASED, "moved_away": X.MOVED_AWAY, "merged": X.MERGED}
FILE_EXCLUSIONS = {
    HardshipFile.Status.APPLICATION: X.FILE_PENDING,
    HardshipFile.Status.TOWNSHIP_REVIEW: X.FILE_PENDING,
    HardshipFile.Status.FEDERATION_APPROVAL: X.FILE_PENDING,
    HardshipFile.Status.LIFTED: X.FILE_LIFTED,
    HardshipFile.Status.CANCELLED: X.FILE_CANCELLED,
}
# Which source wins when a person qualifies several ways (an included one always beats an excluded).
GROUP_ORDER = [
    Category.DEEP,
    Category.RELATIVE,
    Category.ACCIDENT,
    RecipientGroup.OCCUPATION,
    RecipientGroup.LISTED,
]


# --- helpers ----------------------------------------------------------------------------------------


def _codes(values: Any, known: Iterable[str], field: str, message: Any) -> str:
    if isinstance(values, str):
        values = values.replace("，", ",").split(",")
    values = [str(v).strip() for v in values or [] if str(v).strip()]
    known = list(known)
    bad = [v for v in values if v not in known]
    if bad:
        raise DomainError(message % {"value": ", ".join(bad)}, field=field)
    ordered = [k for k in known if k in values]
    return "," + ",".join(ordered) + "," if ordered else ""


def _occupations(values: Any) -> str:
    if isinstance(values, str):
        values = values.replace("，", ",").replace("、", ",").split(",")
    words = list(dict.fromkeys(str(v).strip() for v in values or [] if str(v).strip()))
    text = "," + ",".join(words) + "," if words else ""
    if len(text) > 300:
        raise DomainError(_("At most %(n)s characters.") % {"n": 300}, field="occupations")
    return text


def _illegal(current: str, target: str) -> Conflict:
    labels = dict(C.choices)
    return Conflict(
        _("This campaign is %(current)s and cannot move to %(target)s.")
        % {"current": labels.get(current, current), "target": labels.get(target, target)},
        field="status",
    )


def _locked(campaign: Campaign) -> Campaign:
    return Campaign.objects.select_for_update(of=("self",)).select_related("org", "fund").get(pk=campaign.pk)


def _audit(instance: Any, by: Any, changes: dict[str, list[Any]], note: str = "") -> None:
    record_event(instance, user=by, changes=changes, note=note)


def _check_fund(org: Any, fund: Any) -> Any:
    from gonghui.funds.models import Fund

    if not isinstance(fund, Fund) or fund.pk is None:
        raise DomainError(_("Choose the fund to pay from."), field="fund")
    if fund.org_id not in {o.pk for o in org_chain(org)}:
        raise DomainError(_("Pay from a fund of this union or one above it."), field="fund")
    if not fund.is_active:
        raise DomainError(_("This fund is closed."), field="fund")
    return fund


def _standards(values: Any) -> dict[str, Decimal]:
    found: dict[str, Decimal] = {}
    for group, amount in dict(values or {}).items():
        if group not in RecipientGroup.values:
            raise DomainError(
                _("Unknown group of recipients: %(value)s.") % {"value": group}, field="standards"
            )
        if amount in (None, ""):
            continue
        value = to_money(amount, field="standards")
        if value < 0:
            raise DomainError(_("The value cannot be negative."), field="standards")
        found[group] = value
    return found


def _goods(lines: Any) -> list[tuple[str, Any, int]]:
    from gonghui.funds.services import check_item, check_quantity

    found = []
    seen = set()
    for line in lines or []:
        group, item, quantity = line.get("group", "") or "", line.get("item"), line.get("quantity")
        if group and group not in RecipientGroup.values:
            raise DomainError(_("Unknown group of recipients: %(value)s.") % {"value": group}, field="goods")
        try:
            item, quantity = check_item(item), check_quantity(quantity)
        except DomainError as exc:
            raise DomainError(exc.message, field="goods") from None
        if (group, item.pk) in seen:
            raise DomainError(_("Each kind of goods once per group of recipients."), field="goods")
        seen.add((group, item.pk))
        found.append((group, item, quantity))
    return found


# --- create ----------------------------------------------------------------------------------------


def _listed_people(by: Any, org: Any, listed: Sequence[Any]) -> list[Any]:
    """The people listed by hand (objects or registry numbers): each one ``by`` may see, under ``org``.

    A cadre cannot list, and so reach through the campaign, a person of another township.
    """
    from gonghui.people.models import Person

    people = []
    for item in listed or ():
        pk = getattr(item, "pk", item)
        try:
            person = get_visible(by, Person.objects.select_related("org"), "people.view", pk=pk)
        except NotFound:
            raise DomainError(
                _("No person with registry number %(n)s in your scope.") % {"n": pk}, field="listed"
            ) from None
        if not person.org.path.startswith(org.path):
            raise DomainError(_("Recipients come from this union's own organisations."), field="listed")
        people.append(person)
    return people


@transaction.atomic
def campaign_create(
    *,
    by: Any,
    org: Any,
    kind: str,
    name: str,
    starts_on: datetime.date,
    ends_on: datetime.date,
    fund: Any,
    budget: Any,
    categories: Any = (),
    causes: Any = (),
    occupations: Any = (),
    eligible_org: Any | None = None,
    listed: Sequence[Any] = (),
    standards: dict[str, Any] | None = None,
    goods: Sequence[dict[str, Any]] = (),
    description: str = "",
) -> Campaign:
    """Set up a campaign (status draft): period, fund, budget, eligibility, standards and goods."""
    require(by, HARDSHIP_CHANGE, org)
    if not org.is_active:
        raise DomainError(_("This organisation is closed and takes no new records."), field="org")
    if kind not in CampaignKind.values:
        raise DomainError(_("Choose the kind of campaign."), field="kind")
    name = _text(name, "name", 100, required=True, message=_("Enter the campaign's name."))
    if not isinstance(starts_on, datetime.date) or not isinstance(ends_on, datetime.date):
        raise DomainError(_("Enter a date as YYYY-MM-DD."), field="starts_on")
    if ends_on < starts_on:
        raise DomainError(_("The campaign cannot end before it starts."), field="ends_on")
    fund = _check_fund(org, fund)
    if budget in (None, ""):
        raise DomainError(_("Enter an amount in yuan."), field="budget")
    budget = to_money(budget, field="budget")
    if budget < 0:
        raise DomainError(_("The value cannot be negative."), field="budget")
    if eligible_org is not None and not eligible_org.path.startswith(org.path):
        raise DomainError(_("Recipients come from this union's own organisations."), field="eligible_org")
    campaign = Campaign(
        org=org,
        kind=kind,
        name=name,
        starts_on=starts_on,
        ends_on=ends_on,
        fund=fund,
        budget=budget,
        categories=_codes(categories, Category.values, "categories", _("Unknown category: %(value)s.")),
        causes=_codes(causes, Cause.values, "causes", _("Unknown cause: %(value)s.")),
        occupations=_occupations(occupations),
        eligible_org=eligible_org,
        description=_text(description, "description", 4000),
        created_by=by,
    )
    listed = _listed_people(by, org, listed)
    if not (campaign.categories or campaign.occupations or listed):
        raise DomainError(
            _("Say who is eligible: file categories, occupations or people listed by hand."),
            field="categories",
        )
    amounts = _standards(standards)
    lines = _goods(goods)
    campaign.save()
    if listed:
        campaign.listed.set(listed)
    CampaignStandard.objects.bulk_create(
        [CampaignStandard(campaign=campaign, group=g, amount=a) for g, a in amounts.items()]
    )
    CampaignGoods.objects.bulk_create(
        [CampaignGoods(campaign=campaign, group=g, item=i, quantity=q) for g, i, q in lines]
    )
    _audit(campaign, by, {"status": ["", campaign.status], "budget": ["", budget]}, "created")
    return campaign


# --- generate -------------------------------------------------------------------------------------


@dataclass
class Candidate:
    """One person the eligibility rules found, with the group they qualify in or why they are left out."""

    person_id: int
    org_id: int
    group: str
    file_id: int | None = None
    exclusion: str = ""


@dataclass
class Preview:
    """What a generation proposed: counts and money, and every exclusion with its reason."""

    proposed: int = 0
    amount: Decimal = Decimal("0.00")
    excluded: dict[str, int] = field(default_factory=dict)
    already_served: int = 0
    over_budget: Decimal = Decimal("0.00")


def keeping_orgs(org_ids: Iterable[int]) -> dict[int, int]:
    """For each organisation id: the township (or street, industry) union that keeps its people's files."""
    from gonghui.orgs.models import Organisation

    ids = set(org_ids)
    if not ids:
        return {}
    rows = dict(Organisation.objects.filter(pk__in=ids).values_list("pk", "path"))
    step = Organisation.steplen
    prefixes = {p[:i] for p in rows.values() for i in range(step, len(p) + 1, step)}
    kinds = {
        path: (pk, kind)
        for pk, path, kind in Organisation.objects.filter(path__in=prefixes).values_list("pk", "path", "kind")
    }
    found = {}
    for pk, path in rows.items():
        chain = [kinds[path[:i]] for i in range(len(path), 0, -step) if path[:i] in kinds]
        found[pk] = next((o for o, kind in chain if kind in KEEPING_KINDS), chain[0][0] if chain else pk)
    return found


def _better(new: Candidate, old: Candidate | None) -> bool:
    if old is None:
        return True
    if bool(new.exclusion) != bool(old.exclusion):
        return not new.exclusion
    return GROUP_ORDER.index(new.group) < GROUP_ORDER.index(old.group)


def candidates(campaign: Campaign) -> dict[int, Candidate]:
    """Everyone the campaign's eligibility finds, one per person, with their group or exclusion.

    Files of the chosen categories (narrowed to the chosen causes), active or closed recently
    (those show with the reason); people whose job matches one of the occupations; people listed
    by hand. Someone found several ways is on the list once, in the first group that includes them
    (file, then occupation, then by hand). A person recorded as deceased, moved away or merged is
    excluded with that reason.
    """
    from gonghui.people.models import Person

    root = campaign.eligible_org or campaign.org
    found: dict[int, Candidate] = {}

    def offer(c: Candidate) -> None:
        if _better(c, found.get(c.person_id)):
            found[c.person_id] = c

    words = campaign.occupation_list
    causes = set(campaign.cause_list)
    if campaign.category_list:
        since = campaign.starts_on - datetime.timedelta(days=RECENTLY_CLOSED_DAYS)
        rows = HardshipFile.objects.filter(
            Q(status__in=HardshipFile.OPEN) | Q(closed_on__gte=since),
            org__path__startswith=root.path,
            category__in=campaign.category_list,
        ).values_list("pk", "person_id", "org_id", "status", "category", "causes", "person__status")
        for pk, person_id, org_id, status, category, file_causes, person_status in rows.iterator(2000):
            if causes and not causes.intersection(c for c in file_causes.split(",") if c):
                continue
            reason = PERSON_EXCLUSIONS.get(person_status) or FILE_EXCLUSIONS.get(status, "")
            offer(Candidate(person_id, org_id, category, pk, reason))
    if words:
        match = Q()
        for w in words:
            match |= Q(job__contains=w)
        people = Person.objects.filter(match, org__path__startswith=root.path).values_list(
            "pk", "org_id", "status"
        )
        for pk, org_id, status in people.iterator(2000):
            offer(Candidate(pk, org_id, RecipientGroup.OCCUPATION, None, PERSON_EXCLUSIONS.get(status, "")))
    for pk, org_id, status in campaign.listed.values_list("pk", "org_id", "status"):
        offer(Candidate(pk, org_id, RecipientGroup.LISTED, None, PERSON_EXCLUSIONS.get(status, "")))
    return found


def _entitlements(campaign: Campaign) -> tuple[dict[str, Decimal], dict[str, dict[str, int]]]:
    """Amount and goods ({item id: quantity}) per group."""
    amounts = {g: Decimal("0.00") for g in RecipientGroup.values}
    amounts.update(dict(campaign.standards.values_list("group", "amount")))
    goods: dict[str, dict[str, int]] = {g: {} for g in RecipientGroup.values}
    for group, item_id, quantity in campaign.goods.values_list("group", "item_id", "quantity"):
        for g in [group] if group else RecipientGroup.values:
            goods[g][str(item_id)] = goods[g].get(str(item_id), 0) + quantity
    return amounts, goods


def campaign_generate(*, by: Any, campaign: Campaign) -> Preview:
    """Generate (or regenerate) the recipient list: proposals with amounts, exclusions with reasons.

    Unapproved proposals and exclusions of an earlier generation are replaced; grants already
    approved, handed over or reversed are kept, and those people count as already served.
    """
    require(by, HARDSHIP_CHANGE, campaign.org)
    with transaction.atomic():
        campaign = _locked(campaign)
        if campaign.status not in GENERATE_FROM:
            raise _illegal(campaign.status, C.GENERATED)
        found = candidates(campaign)
        served = set(campaign.grants.filter(status__in=SERVED).values_list("person_id", flat=True))
        replaced = campaign.grants.filter(status__in=[G.PROPOSED, G.EXCLUDED]).delete()[0]
        amounts, goods = _entitlements(campaign)
        keepers = keeping_orgs({c.org_id for c in found.values() if c.file_id is None})
        preview = Preview(already_served=len(served & set(found)))
        rows = []
        for person_id in sorted(found):
            if person_id in served:
                continue
            c = found[person_id]
            amount, things = amounts[c.group], goods[c.group]
            reason = c.exclusion or ("" if amount > 0 or things else X.NOTHING_TO_GIVE)
            rows.append(
                CampaignGrant(
                    org_id=c.org_id if c.file_id else keepers.get(c.org_id, c.org_id),
                    campaign=campaign,
                    person_id=person_id,
                    file_id=c.file_id,
                    group=c.group,
                    amount=Decimal("0.00") if reason else amount,
                    goods={} if reason else dict(things),
                    status=G.EXCLUDED if reason else G.PROPOSED,
                    exclusion=reason,
                )
            )
            if reason:
                preview.excluded[reason] = preview.excluded.get(reason, 0) + 1
            else:
                preview.proposed += 1
                preview.amount += amount
        if preview.already_served:
            preview.excluded[X.ALREADY_SERVED] = preview.already_served
        bulk.insert(rows)
        before = campaign.status
        if campaign.status != C.DISTRIBUTING:
            campaign.status = C.GENERATED if preview.proposed or before != C.APPROVED else C.APPROVED
        committed = campaign.disbursed + _approved_unpaid(campaign)
        preview.over_budget = max(committed + preview.amount - campaign.budget, Decimal("0.00"))
        campaign.generated_at = timezone.now()
        campaign.save(update_fields=["status", "generated_at", "updated_at"])
        _audit(
            campaign,
            by,
            {"status": [before, campaign.status], "proposed": [replaced, preview.proposed]},
            f"list generated: {preview.proposed} proposed, {sum(preview.excluded.values())} excluded",
        )
    return preview


def _approved_unpaid(campaign: Campaign) -> Decimal:
    from django.db.models import Sum

    total = campaign.grants.filter(status=G.APPROVED).aggregate(s=Sum("amount"))["s"]
    return total or Decimal("0.00")


# --- approve --------------------------------------------------------------------------------------


def campaign_approve(*, by: Any, campaign: Campaign, note: str = "") -> Campaign:
    """Approve the proposed list: every proposal becomes an approved grant, ready to hand over."""
    require(by, HARDSHIP_APPROVE, campaign.org)
    note = _text(note, "note", 300)
    with transaction.atomic():
        campaign = _locked(campaign)
        if campaign.status not in APPROVE_FROM:
            raise _illegal(campaign.status, C.APPROVED)
        now = timezone.now()
        proposals = list(campaign.grants.filter(status=G.PROPOSED).select_related("person"))
        count = campaign.grants.filter(pk__in=[g.pk for g in proposals]).update(
            status=G.APPROVED, approved_at=now, updated_at=now
        )
        if not count:
            raise Conflict(_("There is no proposal on the list to approve."), field="status")
        # Each person's grant is logged, as a hand-over is.
        record_events([(g, {"status": [G.PROPOSED, G.APPROVED]}, note) for g in proposals], user=by)
        before = campaign.status
        if campaign.status == C.GENERATED:
            campaign.status = C.APPROVED
        campaign.approved_at, campaign.approved_by = now, by
        campaign.save(update_fields=["status", "approved_at", "approved_by", "updated_at"])
        _audit(campaign, by, {"status": [before, campaign.status], "approved": [0, count]}, note)
    return campaign


# --- hand over ------------------------------------------------------------------------------------


def _check_disburser(campaign: Campaign, by: Any) -> None:
    if campaign.status not in DISBURSE_FROM:
        raise _illegal(campaign.status, C.DISTRIBUTING)
    if _approved_it(campaign, by):
        raise PermissionDenied(_("Whoever approved a campaign's list may not also hand it over."))


def _approved_it(campaign: Campaign, user: Any) -> bool:
    """Separation of duties: the user approved the list, and the organisation keeps the two apart."""
    return separation_required(campaign.org) and campaign.approved_by_id == user.pk


def may_disburse(user: Any, campaign: Campaign) -> bool:
    """Whether ``user`` may hand grants of ``campaign`` over now (the pages show the buttons by it)."""
    return (
        campaign.status in DISBURSE_FROM
        and has_perm(user, HARDSHIP_DISBURSE, campaign.org)
        and not _approved_it(campaign, user)
    )


def may_reverse(user: Any, campaign: Campaign) -> bool:
    """Whether ``user`` may undo hand-overs of ``campaign`` (until it is closed)."""
    return campaign.status != C.CLOSED and has_perm(user, HARDSHIP_DISBURSE, campaign.org)


def _check_budget(campaign: Campaign, amount: Decimal) -> None:
    if campaign.disbursed + amount > campaign.budget:
        raise Conflict(
            _("The campaign's budget would be overdrawn: %(left)s left of %(budget)s, this needs %(amount)s.")
            % {
                "left": format_yuan(campaign.remaining),
                "budget": format_yuan(campaign.budget),
                "amount": format_yuan(amount),
            },
            field="amount",
        )


def _postings(campaign: Campaign, grant: CampaignGrant, items: dict[int, Any], reference: str) -> list[Any]:
    from gonghui.funds.services import Posting

    memo = f"{campaign.name} {grant.person.name}"[:300]
    common = {"fund": campaign.fund, "source": grant, "reference": reference, "memo": memo}
    lines = []
    if grant.amount > 0:
        lines.append(Posting(kind="expense", amount=grant.amount, **common))
    for item_id, quantity in grant.goods_items:
        lines.append(Posting(kind="goods_out", item=items[item_id], quantity=quantity, **common))
    return lines


def _items(grants: Iterable[CampaignGrant]) -> dict[int, Any]:
    from gonghui.funds.models import GoodsItem

    ids = {item_id for g in grants for item_id, _q in g.goods_items}
    return GoodsItem.objects.in_bulk(ids)


def _already(grant: CampaignGrant) -> Conflict:
    if grant.status == G.DISBURSED:
        return Conflict(
            _("This grant was already handed over on %(at)s; nothing was changed.")
            % {"at": timezone.localtime(grant.disbursed_at).strftime("%Y-%m-%d %H:%M")},
            field="status",
        )
    labels = dict(G.choices)
    return Conflict(
        _("This grant is %(status)s and cannot be handed over.") % {"status": labels.get(grant.status)},
        field="status",
    )


def grant_disburse(
    *,
    by: Any,
    grant: CampaignGrant,
    reference: str = "",
    received_by: str = "",
) -> CampaignGrant:
    """Hand one approved grant over: money out of the fund and goods out of its stock, via the ledger.

    Refused (409, nothing written) when the grant was handed over already, the budget or the
    fund's balance or stock would be overdrawn, or the campaign is not distributing.
    """
    from gonghui.funds.services import post_many

    campaign = Campaign.objects.select_related("org").get(pk=grant.campaign_id)
    require(by, HARDSHIP_DISBURSE, campaign.org)
    reference = _text(reference, "reference", 100)
    received_by = _text(received_by, "received_by", 50)
    with transaction.atomic():
        campaign = _locked(campaign)
        grant = (
            CampaignGrant.objects.select_for_update(of=("self",)).select_related("person").get(pk=grant.pk)
        )
        if grant.status != G.APPROVED:
            raise _already(grant)
        _check_disburser(campaign, by)
        _check_budget(campaign, grant.amount)
        items = _items([grant])
        # The same postings, written the same way, as a bulk hand-over's (one rule for both).
        entries = post_many(postings=_postings(campaign, grant, items, reference), by=by, authorised=True)
        if not entries:
            raise Conflict(_("This grant gives neither money nor goods."), field="amount")
        grant.status, grant.ledger_entry = G.DISBURSED, entries[0]
        grant.disbursed_at, grant.disbursed_by = timezone.now(), by
        grant.reference, grant.received_by = reference, received_by
        grant.save()
        before = campaign.status
        campaign.disbursed += grant.amount
        campaign.status = C.DISTRIBUTING
        campaign.save(update_fields=["disbursed", "status", "updated_at"])
        _audit(grant, by, {"status": [G.APPROVED, G.DISBURSED]}, f"ledger entry {entries[0].pk}")
        if before != campaign.status:
            _audit(campaign, by, {"status": [before, campaign.status]})
    return grant


@dataclass
class BulkResult:
    """What a bulk hand-over did."""

    count: int = 0
    amount: Decimal = Decimal("0.00")
    goods: dict[int, int] = field(default_factory=dict)


def grant_disburse_bulk(
    *,
    by: Any,
    campaign: Campaign,
    grant_ids: Iterable[int] | None = None,
    reference: str = "",
) -> BulkResult:
    """Hand over many approved grants at once (all of them when ``grant_ids`` is None). All or nothing.

    One transaction, one lock of the campaign and the fund, one budget, balance and stock check for
    the whole batch, and the ledger entries written in bulk (``funds.services.post_many``).
    """
    from django.contrib.contenttypes.models import ContentType
    from django.db.models import OuterRef, Subquery

    from gonghui.funds.models import LedgerEntry
    from gonghui.funds.services import post_many

    require(by, HARDSHIP_DISBURSE, campaign.org)
    reference = _text(reference, "reference", 100)
    with transaction.atomic():
        campaign = _locked(campaign)
        _check_disburser(campaign, by)
        rows = CampaignGrant.objects.select_for_update(of=("self",)).filter(
            campaign=campaign, status=G.APPROVED
        )
        if grant_ids is not None:
            rows = rows.filter(pk__in=list(grant_ids))
        grants = list(rows.select_related("person").order_by("pk"))
        if not grants:
            raise Conflict(_("There is no approved grant left to hand over."), field="status")
        result = BulkResult(count=len(grants), amount=sum((g.amount for g in grants), Decimal("0.00")))
        _check_budget(campaign, result.amount)
        items = _items(grants)
        postings = []
        for g in grants:
            lines = _postings(campaign, g, items, reference)
            if not lines:
                raise Conflict(_("This grant gives neither money nor goods."), field="amount")
            postings.extend(lines)
            for item_id, quantity in g.goods_items:
                result.goods[item_id] = result.goods.get(item_id, 0) + quantity
        post_many(postings=postings, by=by, authorised=True)
        # One UPDATE for the batch: each grant links the first entry posted for it (its payment).
        now = timezone.now()
        payment = (
            LedgerEntry.objects.filter(
                source_type=ContentType.objects.get_for_model(CampaignGrant), source_id=OuterRef("pk")
            )
            .order_by("pk")
            .values("pk")[:1]
        )
        for chunk in range(0, len(grants), 5000):
            CampaignGrant.objects.filter(pk__in=[g.pk for g in grants[chunk : chunk + 5000]]).update(
                status=G.DISBURSED,
                ledger_entry=Subquery(payment),
                disbursed_at=now,
                disbursed_by=by,
                reference=reference,
                updated_at=now,
            )
        # Each grant's hand-over is logged as a single one is, naming its payment.
        paid = {}
        for chunk in range(0, len(grants), 5000):
            ids = [g.pk for g in grants[chunk : chunk + 5000]]
            paid.update(CampaignGrant.objects.filter(pk__in=ids).values_list("pk", "ledger_entry_id"))
        record_events(
            [
                (g, {"status": [G.APPROVED, G.DISBURSED]}, f"bulk hand-over, ledger entry {paid.get(g.pk)}")
                for g in grants
            ],
            user=by,
        )
        before = campaign.status
        campaign.disbursed += result.amount
        campaign.status = C.DISTRIBUTING
        campaign.save(update_fields=["disbursed", "status", "updated_at"])
        _audit(
            campaign,
            by,
            {
                "status": [before, campaign.status],
                "disbursed": [campaign.disbursed - result.amount, campaign.disbursed],
            },
            f"bulk hand-over of {result.count} grants",
        )
    return result


def grant_reverse(*, by: Any, grant: CampaignGrant, reason: str) -> CampaignGrant:
    """Undo a returned hand-over with reversing ledger entries; the budget used and the fund follow."""
    from gonghui.funds.models import LedgerEntry
    from gonghui.funds.queries import entries_for
    from gonghui.funds.services import reverse_entries

    campaign = Campaign.objects.select_related("org").get(pk=grant.campaign_id)
    require(by, HARDSHIP_DISBURSE, campaign.org)
    reason = _text(reason, "reason", 300, required=True, message=_("Give a reason."))
    with transaction.atomic():
        campaign = _locked(campaign)
        grant = CampaignGrant.objects.select_for_update(of=("self",)).get(pk=grant.pk)
        if grant.status != G.DISBURSED:
            labels = dict(G.choices)
            raise Conflict(
                _("This grant is %(status)s; only a grant handed over can be reversed.")
                % {"status": labels.get(grant.status)},
                field="status",
            )
        if campaign.status == C.CLOSED:
            raise Conflict(_("The campaign is closed; its grants can no longer change."), field="status")
        entries = list(
            entries_for(grant).exclude(kind=LedgerEntry.Kind.REVERSAL).filter(reversed_by__isnull=True)
        )
        reverse_entries(entries, by=by, reason=reason, authorised=True)
        grant.status, grant.reversed_at, grant.reverse_reason = G.REVERSED, timezone.now(), reason
        grant.save(update_fields=["status", "reversed_at", "reverse_reason", "updated_at"])
        campaign.disbursed -= grant.amount
        campaign.save(update_fields=["disbursed", "updated_at"])
        _audit(grant, by, {"status": [G.DISBURSED, G.REVERSED]}, reason)
    return grant


# --- close ----------------------------------------------------------------------------------------


def summary(campaign: Campaign) -> dict[str, Any]:
    """Recipients, money and goods handed over (net of reversals), and what was left undone."""
    from django.db.models import Count, Sum

    from gonghui.funds.models import GoodsItem

    by_status = {
        row["status"]: row
        for row in campaign.grants.values("status").annotate(n=Count("pk"), amount=Sum("amount"))
    }

    def n(status: str) -> int:
        return by_status.get(status, {}).get("n", 0)

    goods: dict[int, int] = {}
    for row in campaign.grants.filter(status=G.DISBURSED).exclude(goods={}).values_list("goods", flat=True):
        for item_id, quantity in row.items():
            goods[int(item_id)] = goods.get(int(item_id), 0) + int(quantity)
    items = GoodsItem.objects.in_bulk(goods)
    money = Decimal(by_status.get(G.DISBURSED, {}).get("amount") or 0).quantize(Decimal("0.01"))
    handed = campaign.grants.filter(status=G.DISBURSED)
    return {
        "recipients": n(G.DISBURSED),
        "money_recipients": handed.filter(amount__gt=0).count(),
        "goods_recipients": handed.exclude(goods={}).count(),
        "money": str(money),
        "goods": [
            {"item": pk, "name": items[pk].name, "unit": items[pk].unit, "quantity": q}
            for pk, q in sorted(goods.items())
        ],
        "reversed": n(G.REVERSED),
        "not_handed_over": n(G.APPROVED),
        "excluded": n(G.EXCLUDED),
        "budget": str(campaign.budget),
        "remaining": str(campaign.budget - campaign.disbursed),
    }


def campaign_close(*, by: Any, campaign: Campaign, note: str = "") -> Campaign:
    """Close the campaign with its summary; proposals never approved are dropped from the list."""
    require(by, HARDSHIP_APPROVE, campaign.org)
    note = _text(note, "note", 300)
    with transaction.atomic():
        campaign = _locked(campaign)
        if campaign.status not in CLOSE_FROM:
            raise _illegal(campaign.status, C.CLOSED)
        dropped = list(campaign.grants.filter(status=G.PROPOSED).select_related("person"))
        record_events(
            [(g, {"status": [G.PROPOSED, "dropped"]}, "never approved; dropped at closing") for g in dropped],
            user=by,
        )
        campaign.grants.filter(pk__in=[g.pk for g in dropped]).delete()
        before = campaign.status
        campaign.summary = {**summary(campaign), "note": note}
        campaign.status, campaign.closed_at, campaign.closed_by = C.CLOSED, timezone.now(), by
        campaign.save(update_fields=["summary", "status", "closed_at", "closed_by", "updated_at"])
        _audit(campaign, by, {"status": [before, C.CLOSED]}, note)
    return campaign
