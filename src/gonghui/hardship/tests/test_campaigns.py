"""Campaigns: setting up, the recipient list and its exclusions, approval, hand-over, reversal, closing."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

import pytest
from django.db import IntegrityError, transaction

from gonghui.core.errors import Conflict, DomainError, PermissionDenied
from gonghui.funds import queries as fund_queries
from gonghui.funds.models import LedgerEntry
from gonghui.hardship import campaigns
from gonghui.hardship.models import Campaign, CampaignGrant, SeparationPolicy
from gonghui.hardship.tests.conftest import YEAR, make_campaign, make_person

pytestmark = pytest.mark.django_db

C = Campaign.Status
G = CampaignGrant.Status


def grants(campaign: Campaign) -> dict[str, CampaignGrant]:
    return {g.person.name: g for g in campaign.grants.select_related("person")}


def generated(county: Any, drive: Any) -> Campaign:
    campaigns.campaign_generate(by=county.user("township1"), campaign=drive.campaign)
    return Campaign.objects.get(pk=drive.campaign.pk)


def approved(county: Any, drive: Any) -> Campaign:
    generated(county, drive)
    return campaigns.campaign_approve(by=county.user("township1"), campaign=drive.campaign)


def test_a_campaign_is_created_as_a_draft_with_its_standards_and_goods(county, drive):
    campaign = drive.campaign
    assert campaign.status == C.DRAFT
    assert campaign.category_list == ["deep", "relative"]
    assert dict(campaign.standards.values_list("group", "amount")) == {
        "deep": Decimal("1000.00"),
        "relative": Decimal("500.00"),
    }
    assert list(campaign.goods.values_list("item", "quantity")) == [(drive.quilt.pk, 1)]


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"name": " "}, "name"),
        ({"kind": "party"}, "kind"),
        ({"ends_on": datetime.date(YEAR - 1, 12, 1)}, "ends_on"),
        ({"budget": "-1"}, "budget"),
        ({"budget": "10.001"}, "budget"),
        ({"categories": ["poor"]}, "categories"),
        ({"categories": [], "occupations": []}, "categories"),
        ({"standards": {"rich": "100"}}, "standards"),
    ],
)
def test_a_campaign_with_bad_input_is_refused_beside_its_field(county, welfare, change, field):
    with pytest.raises(DomainError) as caught:
        make_campaign(county, welfare, **change)
    assert caught.value.field == field
    assert not Campaign.objects.exists()


def test_a_campaign_pays_only_from_a_fund_of_its_union_or_above(county, welfare):
    from gonghui.funds.models import Fund

    other = Fund.objects.create(org=county.township2, name="长赤镇资金", kind="project")
    with pytest.raises(DomainError) as caught:
        make_campaign(county, welfare, fund=other)
    assert caught.value.field == "fund"


def test_people_listed_by_hand_must_be_in_the_cadres_scope_and_under_the_campaigns_union(county, welfare):
    with pytest.raises(DomainError) as caught:
        make_campaign(county, welfare, listed=[welfare.zhao])  # township 2, by a township 1 cadre
    assert caught.value.field == "listed" and "in your scope" in str(caught.value.message)
    with pytest.raises(DomainError) as caught:
        make_campaign(county, welfare, by=county.user("admin"), listed=[welfare.zhao.pk])
    assert caught.value.field == "listed"  # the admin sees them, but township 1's campaign is not theirs
    campaign = make_campaign(
        county, welfare, by=county.user("admin"), org=county.federation, listed=[welfare.zhao.pk]
    )
    assert list(campaign.listed.all()) == [welfare.zhao]


def test_a_cadre_cannot_create_a_campaign_for_another_township(county, welfare):
    with pytest.raises(PermissionDenied):
        make_campaign(county, welfare, org=county.township2)


def test_generating_proposes_the_eligible_with_their_amounts_and_excludes_the_rest_with_reasons(
    county, drive
):
    preview = campaigns.campaign_generate(by=county.user("township1"), campaign=drive.campaign)
    rows = grants(drive.campaign)
    assert rows["王大伟"].status == G.PROPOSED and rows["王大伟"].amount == Decimal("1000.00")
    assert rows["李困难"].status == G.PROPOSED and rows["李困难"].amount == Decimal("500.00")
    assert rows["王大伟"].goods == {str(drive.quilt.pk): 1}
    assert rows["刘小红"].status == G.EXCLUDED and rows["刘小红"].exclusion == "deceased"
    assert rows["钱脱困"].status == G.EXCLUDED and rows["钱脱困"].exclusion == "file_lifted"
    assert rows["刘小红"].amount == 0 and rows["刘小红"].goods == {}
    assert "赵长赤" not in rows  # township 2 is outside the campaign's subtree
    assert "孙环卫" not in rows  # no file, and the campaign does not select by occupation
    assert preview.proposed == 2 and preview.amount == Decimal("1500.00")
    assert preview.excluded == {"deceased": 1, "file_lifted": 1}
    assert Campaign.objects.get(pk=drive.campaign.pk).status == C.GENERATED
    assert rows["李困难"].org_id == drive.welfare.li.hardship_files.get().org_id


def test_cancelled_and_pending_files_are_shown_with_their_reason(county, drive):
    from gonghui.hardship import services
    from gonghui.hardship.tests.conftest import open_file

    services.file_cancel(by=county.user("township1"), file=drive.wife_file, reason="moved")
    pending = make_person(county, county.township1, "周待批", 41)
    open_file(county, pending)
    from gonghui.hardship.models import HardshipFile

    HardshipFile.objects.filter(person=pending).update(category="deep")
    generated(county, drive)
    rows = grants(drive.campaign)
    assert rows["刘小红"].exclusion == "deceased"  # the person's state is the first reason shown
    assert rows["周待批"].exclusion == "file_pending"


def test_people_moved_away_are_excluded(county, drive):
    from gonghui.people.models import Person

    Person.objects.filter(pk=drive.welfare.li.pk).update(status="moved_away")
    generated(county, drive)
    assert grants(drive.campaign)["李困难"].exclusion == "moved_away"


def test_causes_narrow_the_files_and_occupations_add_workers_by_their_job(county, drive):
    campaign = make_campaign(county, drive.welfare, name="助学", causes=["education"])
    campaigns.campaign_generate(by=county.user("township1"), campaign=campaign)
    assert not campaign.grants.exists()  # every file of the fixture is for illness
    campaign = make_campaign(
        county,
        drive.welfare,
        name="困难职工和环卫工人",
        occupations="环卫工",
        goods=[{"item": drive.quilt, "quantity": 1, "group": "occupation"}],
    )
    campaigns.campaign_generate(by=county.user("township1"), campaign=campaign)
    rows = grants(campaign)
    assert {n: g.group for n, g in rows.items() if g.status == "proposed"} == {
        "王大伟": "deep",
        "李困难": "relative",
        "孙环卫": "occupation",
    }
    assert rows["王大伟"].goods == {} and rows["孙环卫"].goods == {str(drive.quilt.pk): 1}


def test_a_worker_with_a_file_is_on_the_list_once_in_the_files_group(county, drive):
    from gonghui.people.models import Person

    Person.objects.filter(pk=drive.welfare.li.pk).update(job="环卫工")
    campaign = make_campaign(county, drive.welfare, name="两者", occupations=["环卫工"])
    campaigns.campaign_generate(by=county.user("township1"), campaign=campaign)
    assert grants(campaign)["李困难"].group == "relative"


def test_an_occupation_campaign_finds_workers_by_their_job_and_people_listed_by_hand(county, drive):
    campaign = make_campaign(
        county,
        drive.welfare,
        name="夏送清凉",
        kind="summer",
        categories=[],
        occupations=["环卫工", "保洁员"],
        listed=[drive.lifted, drive.welfare.wang_wife],
        standards={"listed": "200.00"},
        goods=[{"item": drive.quilt, "quantity": 2, "group": "occupation"}],
    )
    preview = campaigns.campaign_generate(by=county.user("township1"), campaign=campaign)
    rows = grants(campaign)
    assert rows["孙环卫"].group == "occupation" and rows["孙环卫"].amount == 0
    assert rows["孙环卫"].goods == {str(drive.quilt.pk): 2}
    assert rows["孙环卫"].file_id is None and rows["孙环卫"].org_id == county.township1.pk
    assert rows["钱脱困"].group == "listed" and rows["钱脱困"].amount == Decimal("200.00")
    assert rows["刘小红"].exclusion == "deceased"
    assert preview.proposed == 2


def test_a_group_with_neither_money_nor_goods_is_excluded_with_that_reason(county, drive):
    campaign = make_campaign(county, drive.welfare, name="只有标准", standards={"deep": "1000.00"})
    campaigns.campaign_generate(by=county.user("township1"), campaign=campaign)
    assert grants(campaign)["李困难"].exclusion == "nothing_to_give"


def test_regenerating_replaces_unapproved_proposals_and_keeps_the_served(county, drive):
    from gonghui.hardship.models import HardshipFile

    campaign = approved(county, drive)
    campaigns.grant_disburse(by=county.user("finance"), grant=grants(campaign)["王大伟"])
    newcomer = make_person(county, county.township1, "吴新档", 42)
    from gonghui.hardship.tests.conftest import active_file

    active_file(county, newcomer)
    HardshipFile.objects.filter(person=newcomer).update(category="relative")
    old_ids = set(campaign.grants.values_list("pk", flat=True))
    preview = campaigns.campaign_generate(by=county.user("township1"), campaign=campaign)
    rows = grants(campaign)
    assert rows["王大伟"].status == G.DISBURSED and rows["王大伟"].pk in old_ids
    assert rows["李困难"].status == G.APPROVED and rows["李困难"].pk in old_ids
    assert rows["吴新档"].status == G.PROPOSED
    assert preview.already_served == 2 and preview.excluded["already_served"] == 2
    assert preview.proposed == 1
    assert Campaign.objects.get(pk=campaign.pk).status == C.DISTRIBUTING
    campaigns.campaign_approve(by=county.user("township1"), campaign=campaign)
    assert grants(campaign)["吴新档"].status == G.APPROVED


def test_regenerating_a_generated_list_replaces_its_proposals(county, drive):
    from gonghui.people.models import Person

    campaign = generated(county, drive)
    first = set(campaign.grants.values_list("pk", flat=True))
    Person.objects.filter(pk=drive.welfare.li.pk).update(status="deceased")
    campaigns.campaign_generate(by=county.user("township1"), campaign=campaign)
    rows = grants(campaign)
    assert rows["李困难"].exclusion == "deceased"
    assert not first & set(campaign.grants.values_list("pk", flat=True))


def test_one_grant_per_person_per_campaign_is_a_database_constraint(county, drive):
    campaign = generated(county, drive)
    row = grants(campaign)["王大伟"]
    with pytest.raises(IntegrityError), transaction.atomic():
        CampaignGrant.objects.create(
            org=row.org, campaign=campaign, person=row.person, group="deep", amount="1.00"
        )


# --- lifecycle ------------------------------------------------------------------------------------


def test_the_whole_lifecycle_draft_to_closed(county, drive):
    cadre, finance = county.user("township1"), county.user("finance")
    campaign = approved(county, drive)
    assert campaign.status == C.APPROVED and campaign.approved_by == cadre
    assert {g.status for g in campaign.grants.exclude(status=G.EXCLUDED)} == {G.APPROVED}
    grant = campaigns.grant_disburse(by=finance, grant=grants(campaign)["王大伟"], received_by="王大伟")
    campaign.refresh_from_db()
    assert campaign.status == C.DISTRIBUTING and campaign.disbursed == Decimal("1000.00")
    assert grant.disbursed_by == finance and grant.disbursed_at is not None
    assert grant.ledger_entry.kind == "expense" and grant.ledger_entry.amount == Decimal("1000.00")
    campaigns.grant_disburse(by=finance, grant=grants(campaign)["李困难"])
    closed = campaigns.campaign_close(by=cadre, campaign=campaign, note="圆满完成")
    assert closed.status == C.CLOSED and closed.closed_by == cadre
    assert closed.summary["recipients"] == 2
    assert Decimal(closed.summary["money"]) == Decimal("1500.00")
    assert closed.summary["goods"] == [{"item": drive.quilt.pk, "name": "棉被", "unit": "床", "quantity": 2}]
    assert closed.summary["excluded"] == 2 and closed.summary["note"] == "圆满完成"
    assert Decimal(closed.summary["remaining"]) == Decimal("3500.00")


@pytest.mark.parametrize(
    ("status", "verb"),
    [
        (C.DRAFT, "approve"),
        (C.DRAFT, "disburse_bulk"),
        (C.DRAFT, "close"),
        (C.GENERATED, "disburse_bulk"),
        (C.GENERATED, "close"),
        (C.APPROVED, "approve"),
        (C.CLOSED, "generate"),
        (C.CLOSED, "approve"),
        (C.CLOSED, "disburse_bulk"),
        (C.CLOSED, "close"),
    ],
)
def test_illegal_campaign_moves_are_refused_with_409_and_change_nothing(county, drive, status, verb):
    campaign = drive.campaign
    Campaign.objects.filter(pk=campaign.pk).update(status=status)
    campaign.refresh_from_db()
    actions = {
        "generate": lambda: campaigns.campaign_generate(by=county.user("township1"), campaign=campaign),
        "approve": lambda: campaigns.campaign_approve(by=county.user("township1"), campaign=campaign),
        "disburse_bulk": lambda: campaigns.grant_disburse_bulk(by=county.user("finance"), campaign=campaign),
        "close": lambda: campaigns.campaign_close(by=county.user("township1"), campaign=campaign),
    }
    with pytest.raises(Conflict) as caught:
        actions[verb]()
    assert caught.value.status == 409
    assert Campaign.objects.get(pk=campaign.pk).status == status
    assert not LedgerEntry.objects.filter(kind="expense").exists()


def test_approving_a_generated_list_with_nothing_proposed_is_refused(county, drive):
    from gonghui.people.models import Person

    Person.objects.filter(pk__in=[drive.welfare.wang.pk, drive.welfare.li.pk]).update(status="deceased")
    campaign = generated(county, drive)
    with pytest.raises(Conflict):
        campaigns.campaign_approve(by=county.user("township1"), campaign=campaign)
    assert Campaign.objects.get(pk=campaign.pk).status == C.GENERATED


def test_a_proposal_cannot_be_handed_over_before_approval(county, drive):
    campaign = generated(county, drive)
    with pytest.raises(Conflict):
        campaigns.grant_disburse(by=county.user("finance"), grant=grants(campaign)["王大伟"])


def test_an_excluded_person_cannot_be_handed_anything(county, drive):
    campaign = approved(county, drive)
    with pytest.raises(Conflict):
        campaigns.grant_disburse(by=county.user("finance"), grant=grants(campaign)["刘小红"])


def test_a_second_hand_over_of_the_same_grant_is_refused_and_changes_nothing(county, drive):
    campaign = approved(county, drive)
    grant = grants(campaign)["王大伟"]
    campaigns.grant_disburse(by=county.user("finance"), grant=grant)
    balance = fund_queries.balance(drive.welfare.fed_fund)
    with pytest.raises(Conflict) as caught:
        campaigns.grant_disburse(by=county.user("finance"), grant=grant)
    assert "already handed over" in str(caught.value)
    assert fund_queries.balance(drive.welfare.fed_fund) == balance
    assert Campaign.objects.get(pk=campaign.pk).disbursed == Decimal("1000.00")


def test_proposals_never_approved_are_dropped_on_close(county, drive):
    from gonghui.hardship.models import HardshipFile
    from gonghui.hardship.tests.conftest import active_file

    campaign = approved(county, drive)
    campaigns.grant_disburse(by=county.user("finance"), grant=grants(campaign)["王大伟"])
    late = make_person(county, county.township1, "郑迟到", 43)
    active_file(county, late)
    HardshipFile.objects.filter(person=late).update(category="deep")
    campaigns.campaign_generate(by=county.user("township1"), campaign=campaign)
    closed = campaigns.campaign_close(by=county.user("township1"), campaign=campaign)
    assert "郑迟到" not in grants(closed)
    assert closed.summary["not_handed_over"] == 1  # 李困难, approved but never collected


# --- money, budget, separation ---------------------------------------------------------------------


def test_money_leaves_the_fund_to_the_fen_and_goods_leave_the_stock(county, drive):
    campaign = make_campaign(
        county,
        drive.welfare,
        name="精确到分",
        standards={"deep": "999.99", "relative": "0.01"},
        goods=[{"item": drive.quilt, "quantity": 1}],
    )
    campaigns.campaign_generate(by=county.user("township1"), campaign=campaign)
    campaigns.campaign_approve(by=county.user("township1"), campaign=campaign)
    before = fund_queries.balance(drive.welfare.fed_fund)
    result = campaigns.grant_disburse_bulk(by=county.user("finance"), campaign=campaign)
    assert result.count == 2 and result.amount == Decimal("1000.00")
    assert before - fund_queries.balance(drive.welfare.fed_fund) == Decimal("1000.00")
    assert fund_queries.stock(drive.welfare.fed_fund, drive.quilt) == 8
    assert Campaign.objects.get(pk=campaign.pk).disbursed == Decimal("1000.00")
    wang = grants(campaign)["王大伟"]
    assert fund_queries.net_amount_for(wang) == Decimal("-999.99")
    assert fund_queries.net_quantity_for(wang, drive.quilt) == -1


def test_each_grant_of_a_bulk_hand_over_is_in_the_audit_log_with_its_payment(county, drive):
    from auditlog.models import LogEntry

    campaign = approved(county, drive)
    finance = county.user("finance")
    campaigns.grant_disburse_bulk(by=finance, campaign=campaign)
    for grant in campaign.grants.filter(status=G.DISBURSED):
        entry = LogEntry.objects.get_for_object(grant).order_by("pk").last()
        assert entry.actor == finance and entry.changes == {"status": ["approved", "disbursed"]}
        assert f"ledger entry {grant.ledger_entry_id}" in entry.changes_text


def test_proposals_dropped_at_closing_are_in_the_audit_log(county, drive):
    from auditlog.models import LogEntry
    from django.contrib.contenttypes.models import ContentType

    campaign = approved(county, drive)
    campaigns.grant_disburse(by=county.user("finance"), grant=grants(campaign)["王大伟"])
    newcomer = make_person(county, county.township1, "吴新档", 42)
    from gonghui.hardship.models import HardshipFile
    from gonghui.hardship.tests.conftest import active_file

    active_file(county, newcomer)
    HardshipFile.objects.filter(person=newcomer).update(category="relative")
    campaigns.campaign_generate(by=county.user("township1"), campaign=campaign)  # a new proposal
    dropped = grants(campaign)["吴新档"]
    campaigns.campaign_close(by=county.user("township1"), campaign=campaign)
    assert not CampaignGrant.objects.filter(pk=dropped.pk).exists()
    entry = LogEntry.objects.get(
        content_type=ContentType.objects.get_for_model(CampaignGrant), object_pk=str(dropped.pk)
    )
    assert entry.changes == {"status": ["proposed", "dropped"]}


def test_the_budget_is_never_overdrawn(county, drive):
    campaign = make_campaign(county, drive.welfare, name="小预算", budget="1200.00")
    campaigns.campaign_generate(by=county.user("township1"), campaign=campaign)
    campaigns.campaign_approve(by=county.user("township1"), campaign=campaign)
    finance = county.user("finance")
    campaigns.grant_disburse(by=finance, grant=grants(campaign)["王大伟"])
    with pytest.raises(Conflict) as caught:
        campaigns.grant_disburse(by=finance, grant=grants(campaign)["李困难"])
    assert "budget" in str(caught.value)
    with pytest.raises(Conflict):
        campaigns.grant_disburse_bulk(by=finance, campaign=campaign)
    assert Campaign.objects.get(pk=campaign.pk).disbursed == Decimal("1000.00")
    assert grants(campaign)["李困难"].status == G.APPROVED


def test_the_database_refuses_a_campaign_paid_beyond_its_budget(county, drive):
    with pytest.raises(IntegrityError), transaction.atomic():
        Campaign.objects.filter(pk=drive.campaign.pk).update(disbursed="5000.01")


def test_goods_stock_is_never_overdrawn(county, drive):
    from gonghui.funds import services as funds

    funds.post_goods_out(fund=drive.welfare.fed_fund, item=drive.quilt, quantity=9, by=county.user("finance"))
    campaign = approved(county, drive)
    campaigns.grant_disburse(by=county.user("finance"), grant=grants(campaign)["王大伟"])
    with pytest.raises(Conflict) as caught:
        campaigns.grant_disburse(by=county.user("finance"), grant=grants(campaign)["李困难"])
    assert "棉被" in str(caught.value)
    assert fund_queries.stock(drive.welfare.fed_fund, drive.quilt) == 0
    assert Campaign.objects.get(pk=campaign.pk).disbursed == Decimal("1000.00")
    assert grants(campaign)["李困难"].status == G.APPROVED


def test_a_bulk_hand_over_that_would_overdraw_writes_nothing(county, drive):
    from gonghui.funds import services as funds

    funds.post_goods_out(fund=drive.welfare.fed_fund, item=drive.quilt, quantity=9, by=county.user("finance"))
    campaign = approved(county, drive)
    count = LedgerEntry.objects.count()
    with pytest.raises(Conflict):
        campaigns.grant_disburse_bulk(by=county.user("finance"), campaign=campaign)
    assert LedgerEntry.objects.count() == count
    assert not campaign.grants.filter(status=G.DISBURSED).exists()


def test_whoever_approved_the_list_cannot_hand_it_over(county, drive):
    admin = county.user("admin")
    campaigns.campaign_generate(by=admin, campaign=drive.campaign)
    campaign = campaigns.campaign_approve(by=admin, campaign=drive.campaign)
    with pytest.raises(PermissionDenied):
        campaigns.grant_disburse(by=admin, grant=grants(campaign)["王大伟"])
    with pytest.raises(PermissionDenied):
        campaigns.grant_disburse_bulk(by=admin, campaign=campaign)
    SeparationPolicy.objects.create(org=county.federation, separate_approve_disburse=False)
    campaigns.grant_disburse(by=admin, grant=grants(campaign)["王大伟"])


def test_a_township_cadre_cannot_hand_over(county, drive):
    campaign = approved(county, drive)
    with pytest.raises(PermissionDenied):
        campaigns.grant_disburse(by=county.user("township2"), grant=grants(campaign)["王大伟"])


def test_a_reversal_restores_the_budget_the_fund_and_the_stock(county, drive):
    campaign = approved(county, drive)
    finance = county.user("finance")
    balance = fund_queries.balance(drive.welfare.fed_fund)
    grant = campaigns.grant_disburse(by=finance, grant=grants(campaign)["王大伟"])
    assert fund_queries.balance(drive.welfare.fed_fund) == balance - Decimal("1000.00")
    reversed_ = campaigns.grant_reverse(by=finance, grant=grant, reason="银行退票")
    assert reversed_.status == G.REVERSED and reversed_.reverse_reason == "银行退票"
    assert fund_queries.balance(drive.welfare.fed_fund) == balance
    assert fund_queries.stock(drive.welfare.fed_fund, drive.quilt) == 10
    assert Campaign.objects.get(pk=campaign.pk).disbursed == Decimal("0.00")
    assert fund_queries.net_amount_for(grant) == Decimal("0.00")
    entry = LedgerEntry.objects.get(pk=grant.ledger_entry_id)
    assert entry.amount == Decimal("1000.00") and entry.is_reversed  # the old entry is untouched
    with pytest.raises(Conflict):
        campaigns.grant_reverse(by=finance, grant=grant, reason="again")
    with pytest.raises(Conflict):
        campaigns.grant_disburse(by=finance, grant=grant)


def test_a_reversal_needs_a_reason(county, drive):
    campaign = approved(county, drive)
    grant = campaigns.grant_disburse(by=county.user("finance"), grant=grants(campaign)["王大伟"])
    with pytest.raises(DomainError) as caught:
        campaigns.grant_reverse(by=county.user("finance"), grant=grant, reason=" ")
    assert caught.value.field == "reason"


def test_every_step_is_audited(county, drive):
    from auditlog.models import LogEntry

    campaign = approved(county, drive)
    campaigns.grant_disburse_bulk(by=county.user("finance"), campaign=campaign)
    campaigns.campaign_close(by=county.user("township1"), campaign=campaign)
    notes = list(
        LogEntry.objects.filter(object_pk=str(campaign.pk), content_type__model="campaign")
        .order_by("pk")
        .values_list("changes", flat=True)
    )
    statuses = [n["status"] for n in notes if "status" in n]
    assert statuses == [
        ["", "draft"],
        ["draft", "generated"],
        ["generated", "approved"],
        ["approved", "distributing"],
        ["distributing", "closed"],
    ]
    for grant in campaign.grants.filter(status=G.DISBURSED):  # and each person's grant, step by step
        steps = LogEntry.objects.get_for_object(grant).order_by("pk").values_list("changes", flat=True)
        assert [c["status"] for c in steps] == [["proposed", "approved"], ["approved", "disbursed"]]
