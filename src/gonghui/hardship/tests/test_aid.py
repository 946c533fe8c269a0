import datetime
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from gonghui.core.errors import Conflict, DomainError, PermissionDenied
from gonghui.funds import queries as fund_queries
from gonghui.funds.models import LedgerEntry
from gonghui.hardship import queries, services
from gonghui.hardship.models import AidApplication, SeparationPolicy
from gonghui.hardship.tests.conftest import YEAR, approved_aid

A = AidApplication.Status


def _apply(county, person, amount="800.00", aid_type="living", **extra):
    return services.aid_apply(
        by=county.user("township1"), person=person, aid_type=aid_type, amount_requested=amount, **extra
    )


def test_apply_review_approve_disburse_posts_one_ledger_expense(county, welfare):
    aid = approved_aid(county, welfare.wang, fund=welfare.fund1)
    assert (aid.status, aid.amount_approved) == (A.APPROVED, Decimal("800.00"))
    aid = services.aid_disburse(by=county.user("finance"), aid=aid, reference="银行回单 001")
    assert aid.status == A.DISBURSED
    assert aid.ledger_entry.kind == LedgerEntry.Kind.EXPENSE
    assert aid.ledger_entry.amount == Decimal("800.00")
    assert fund_queries.balance(welfare.fund1) == Decimal("9200.00")
    assert fund_queries.net_amount_for(aid) == Decimal("-800.00")


def test_a_second_disbursement_answers_409_and_changes_nothing(county, welfare):
    aid = approved_aid(county, welfare.wang, fund=welfare.fund1)
    services.aid_disburse(by=county.user("finance"), aid=aid)
    entries = LedgerEntry.objects.count()
    with pytest.raises(Conflict) as err:
        services.aid_disburse(by=county.user("finance"), aid=aid)
    assert err.value.status == 409
    assert "already" in str(err.value)
    assert LedgerEntry.objects.count() == entries
    assert fund_queries.balance(welfare.fund1) == Decimal("9200.00")


def test_insufficient_balance_answers_409_and_writes_nothing(county, welfare):
    aid = approved_aid(county, welfare.wang, amount="900.00", fund=welfare.fund1)
    services.aid_disburse(by=county.user("finance"), aid=aid, fund=welfare.fund1)
    from gonghui.funds import services as funds

    funds.post_expense(fund=welfare.fund1, amount="9000.00", by=county.user("finance"))
    other = approved_aid(county, welfare.wang_wife, amount="200.00", fund=welfare.fund1)
    with pytest.raises(Conflict):
        services.aid_disburse(by=county.user("finance"), aid=other)
    other.refresh_from_db()
    assert (other.status, other.ledger_entry) == (A.APPROVED, None)


def test_reversal_restores_the_yearly_totals_and_the_fund_balance_at_once(county, welfare):
    aid = approved_aid(county, welfare.wang, amount="2000.00", fund=welfare.fed_fund)
    services.aid_disburse(by=county.user("finance"), aid=aid)
    key = f"person:{welfare.wang.pk}"
    assert queries.yearly_total(key, YEAR, "living") == Decimal("2000.00")
    with pytest.raises(Conflict):
        approved_aid(county, welfare.wang, amount="0.01")
    aid = services.aid_reverse(by=county.user("finance"), aid=aid, reason="银行退票")
    assert aid.status == A.REVERSED
    assert queries.yearly_total(key, YEAR, "living") == Decimal("0.00")
    assert queries.yearly_total(f"household:{aid.household_id}", YEAR, "living") == Decimal("0.00")
    assert fund_queries.balance(welfare.fed_fund) == Decimal("100000.00")
    assert fund_queries.net_amount_for(aid) == Decimal("0.00")
    assert approved_aid(county, welfare.wang, amount="2000.00").status == A.APPROVED
    with pytest.raises(Conflict):
        services.aid_reverse(by=county.user("finance"), aid=aid, reason="again")


def test_the_person_cap_holds_to_the_fen(county, welfare):
    approved_aid(county, welfare.wang, amount="999.99")
    approved_aid(county, welfare.wang, amount="1000.00")
    with pytest.raises(Conflict) as err:
        approved_aid(county, welfare.wang, amount="0.02")
    assert "¥0.01 left" in str(err.value)
    assert approved_aid(county, welfare.wang, amount="0.01").amount_approved == Decimal("0.01")


def test_the_household_cap_counts_every_member(county, welfare):
    approved_aid(county, welfare.wang, amount="1000.00")
    approved_aid(county, welfare.wang, amount="1000.00")
    approved_aid(county, welfare.wang_wife, amount="1000.00")
    with pytest.raises(Conflict) as err:
        approved_aid(county, welfare.wang_wife, amount="1.00")
    assert "per household" in str(err.value)
    approved_aid(county, welfare.li, amount="1000.00")  # another household


def test_a_rejected_application_takes_nothing_from_the_cap(county, welfare):
    aid = _apply(county, welfare.wang, amount="2000.00")
    services.aid_reject(by=county.user("township1"), aid=aid, reason="收入超过标准")
    assert queries.yearly_total(f"person:{welfare.wang.pk}", YEAR, "living") == Decimal("0.00")


def test_above_the_cadre_limit_only_the_federation_approves(county, welfare):
    aid = _apply(county, welfare.wang, amount="1500.00")
    services.aid_review(by=county.user("township1"), aid=aid)
    with pytest.raises(PermissionDenied):
        services.aid_approve(by=county.user("township1"), aid=aid)
    assert services.aid_approve(by=county.user("admin"), aid=aid).status == A.APPROVED


def test_whoever_approved_cannot_disburse_unless_the_organisation_allows_it(county, welfare):
    aid = _apply(county, welfare.wang, amount="500.00", fund=welfare.fed_fund)
    services.aid_review(by=county.user("admin"), aid=aid)
    services.aid_approve(by=county.user("admin"), aid=aid)
    with pytest.raises(PermissionDenied):
        services.aid_disburse(by=county.user("admin"), aid=aid)
    SeparationPolicy.objects.create(org=county.township1, separate_approve_disburse=False)
    assert services.aid_disburse(by=county.user("admin"), aid=aid).status == A.DISBURSED


def test_a_cadre_cannot_disburse_and_finance_cannot_approve(county, welfare):
    aid = _apply(county, welfare.wang)
    services.aid_review(by=county.user("township1"), aid=aid)
    with pytest.raises(PermissionDenied):
        services.aid_approve(by=county.user("finance"), aid=aid)
    services.aid_approve(by=county.user("township1"), aid=aid, fund=welfare.fund1)
    with pytest.raises(PermissionDenied):
        services.aid_disburse(by=county.user("township1"), aid=aid)


@pytest.mark.parametrize(
    ("start", "verb", "kwargs"),
    [
        (A.APPLIED, "aid_approve", {}),
        (A.APPLIED, "aid_disburse", {}),
        (A.APPLIED, "aid_reverse", {"reason": "x"}),
        (A.IN_REVIEW, "aid_review", {}),
        (A.IN_REVIEW, "aid_disburse", {}),
        (A.APPROVED, "aid_review", {}),
        (A.APPROVED, "aid_approve", {}),
        (A.APPROVED, "aid_reject", {"reason": "x"}),
        (A.APPROVED, "aid_reverse", {"reason": "x"}),
        (A.REJECTED, "aid_review", {}),
        (A.REJECTED, "aid_approve", {}),
        (A.REJECTED, "aid_disburse", {}),
        (A.DISBURSED, "aid_reject", {"reason": "x"}),
        (A.DISBURSED, "aid_disburse", {}),
        (A.REVERSED, "aid_disburse", {}),
        (A.REVERSED, "aid_reverse", {"reason": "x"}),
    ],
)
def test_illegal_application_moves_answer_409_and_change_nothing(county, welfare, start, verb, kwargs):
    aid = _apply(county, welfare.wang, fund=welfare.fund1)
    AidApplication.objects.filter(pk=aid.pk).update(status=start)
    by = county.user("finance" if verb in ("aid_disburse", "aid_reverse") else "admin")
    with pytest.raises(Conflict):
        getattr(services, verb)(by=by, aid=aid, **kwargs)
    aid.refresh_from_db()
    assert aid.status == start


def test_rejecting_needs_a_reason_and_works_from_applied_or_in_review(county, welfare):
    aid = _apply(county, welfare.wang)
    with pytest.raises(DomainError):
        services.aid_reject(by=county.user("township1"), aid=aid, reason="")
    assert services.aid_reject(by=county.user("township1"), aid=aid, reason="不符合条件").status == A.REJECTED
    other = _apply(county, welfare.wang)
    services.aid_review(by=county.user("township1"), aid=other)
    assert services.aid_reject(by=county.user("township1"), aid=other, reason="资料不全").reject_reason


def test_a_policy_consultation_is_recorded_without_money(county, welfare):
    aid = _apply(county, welfare.wang, amount="300", aid_type="policy", reason="咨询医保报销政策")
    assert aid.amount_requested == Decimal("0.00")
    services.aid_review(by=county.user("township1"), aid=aid)
    aid = services.aid_approve(by=county.user("township1"), aid=aid)
    assert aid.amount_approved == Decimal("0.00")
    with pytest.raises(Conflict):
        services.aid_disburse(by=county.user("finance"), aid=aid, fund=welfare.fund1)


def test_education_aid_takes_the_child_from_the_household_and_the_amount_by_level(county, welfare):
    aid = services.aid_apply(
        by=county.user("township1"), person=welfare.wang, aid_type="education", member=welfare.wang_child
    )
    assert (aid.school_level, aid.amount_requested) == ("bachelor", Decimal("5000.00"))
    with pytest.raises(DomainError) as err:
        services.aid_apply(
            by=county.user("township1"), person=welfare.li, aid_type="education", member=welfare.wang_child
        )
    assert err.value.field == "member"
    with pytest.raises(DomainError):
        services.aid_apply(by=county.user("township1"), person=welfare.wang, aid_type="education")


def test_the_standard_amount_of_the_rule_fills_an_empty_request(county, welfare):
    assert _apply(county, welfare.wang, amount=None).amount_requested == Decimal("800.00")


def test_money_is_kept_to_the_fen_and_floats_are_refused(county, welfare):
    with pytest.raises(DomainError):
        _apply(county, welfare.wang, amount="100.005")
    with pytest.raises(TypeError):
        _apply(county, welfare.wang, amount=100.5)
    assert _apply(county, welfare.wang, amount="0.10").amount_requested == Decimal("0.10")


def test_a_deceased_person_gets_no_new_aid(county, welfare):
    welfare.li.status = "deceased"
    welfare.li.save()
    with pytest.raises(Conflict):
        _apply(county, welfare.li)


def test_the_review_queue_shows_the_longest_waiting_first_and_how_long(county, welfare):
    now = timezone.now()
    late = _apply(county, welfare.wang, applied_at=now - datetime.timedelta(hours=1))
    early = _apply(county, welfare.li, applied_at=now - datetime.timedelta(hours=5))
    done = _apply(county, welfare.wang_wife, applied_at=now - datetime.timedelta(hours=9))
    services.aid_reject(by=county.user("township1"), aid=done, reason="x")
    queue = list(queries.review_queue(county.user("township1")))
    assert queue == [early, late]
    wait = queries.waiting(queue[0], now=now)
    assert datetime.timedelta(hours=5) <= wait < datetime.timedelta(hours=5, minutes=1)


def test_time_to_decision_is_tracked_against_the_same_day_target(county, welfare):
    aid = _apply(county, welfare.wang, applied_at=timezone.now() - datetime.timedelta(minutes=30))
    services.aid_review(by=county.user("township1"), aid=aid)
    aid = services.aid_approve(by=county.user("township1"), aid=aid)
    assert datetime.timedelta(minutes=30) <= aid.time_to_decision < datetime.timedelta(minutes=31)
    old = _apply(county, welfare.li, applied_at=timezone.now() - datetime.timedelta(days=3))
    old = services.aid_reject(by=county.user("township1"), aid=old, reason="x")
    assert queries.decided_same_day(old) is False
    assert queries.decided_same_day(_apply(county, welfare.li)) is None


def test_a_receipt_attaches_to_a_paid_aid_and_a_missing_one_is_flagged_after_seven_days(county, welfare):
    aid = approved_aid(county, welfare.wang, fund=welfare.fund1)
    services.aid_disburse(by=county.user("finance"), aid=aid)
    AidApplication.objects.filter(pk=aid.pk).update(disbursed_at=timezone.now() - datetime.timedelta(days=8))
    assert list(queries.receipt_overdue(county.user("auditor"))) == [aid]
    scan = SimpleUploadedFile("receipt.jpg", b"\xff\xd8\xff fake jpeg", content_type="image/jpeg")
    aid = services.aid_attach_receipt(by=county.user("finance"), aid=aid, receipt=scan)
    assert aid.receipt.name.startswith("hardship/receipts/")
    assert not queries.receipt_overdue(county.user("auditor")).exists()
