"""Contract rules: kinds against the number of enterprises, the three-year term, state on a date,
filing, termination and who may do what."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

import pytest
from auditlog.models import LogEntry
from django.db import IntegrityError

from gonghui.bargaining import services
from gonghui.bargaining.choices import ContractKind, ContractState, ContractStatus
from gonghui.bargaining.models import CollectiveContract
from gonghui.bargaining.tests.factories import make_contract
from gonghui.core.errors import Conflict, DomainError, PermissionDenied

D = datetime.date
pytestmark = pytest.mark.django_db


def _create(county: Any, enterprises: list[Any], by: str = "township1", **fields: Any) -> CollectiveContract:
    values = {
        "kind": ContractKind.WAGE_SPECIAL,
        "title": "2015年度工资专项集体合同",
        "signed_on": D(2014, 12, 20),
        "term_start": D(2015, 1, 1),
        "term_end": D(2015, 12, 31),
        "covered_employees": 120,
        "wage_increase": Decimal("8.5"),
        "minimum_wage": Decimal("1500"),
    }
    values.update(fields)
    org = values.pop("org", county.township1)
    return services.contract_create(by=county.user(by), org=org, enterprises=enterprises, **values)


def _fields(exc: Any) -> set[str | None]:
    return {e.field for e in exc.value.errors}


# --- kinds and covered enterprises -----------------------------------------------------------------


def test_a_wage_special_contract_covering_one_enterprise_is_recorded_signed(county, firms):
    contract = _create(county, [firms.rice])
    assert contract.status == ContractStatus.SIGNED
    assert list(contract.enterprises.all()) == [firms.rice]
    assert contract.wage_increase == Decimal("8.50") and contract.minimum_wage == Decimal("1500.00")


@pytest.mark.parametrize("kind", [ContractKind.WAGE_SPECIAL, ContractKind.COMPREHENSIVE])
def test_a_single_enterprise_kind_covering_two_enterprises_is_refused(county, firms, kind):
    with pytest.raises(DomainError) as exc:
        _create(county, [firms.rice, firms.bricks], kind=kind)
    assert _fields(exc) == {"enterprises"}
    assert not CollectiveContract.objects.exists()


@pytest.mark.parametrize("kind", [ContractKind.REGIONAL, ContractKind.INDUSTRY])
def test_a_regional_or_industry_contract_covers_one_or_many_enterprises(county, firms, kind):
    one = _create(county, [firms.tea], kind=kind, title="一家")
    many = _create(county, [firms.rice, firms.bricks, firms.shop], kind=kind, title="多家")
    assert one.enterprises.count() == 1 and many.enterprises.count() == 3


def test_a_contract_covering_no_enterprise_is_refused(county, firms):
    with pytest.raises(DomainError) as exc:
        _create(county, [], kind=ContractKind.REGIONAL)
    assert _fields(exc) == {"enterprises"}


def test_the_same_enterprise_chosen_twice_is_covered_once(county, firms):
    contract = _create(county, [firms.rice, firms.rice], kind=ContractKind.REGIONAL)
    assert contract.coverage.count() == 1


def test_an_enterprise_of_another_township_cannot_be_covered(county, firms):
    with pytest.raises(DomainError) as exc:
        _create(county, [firms.rice, firms.hotel], kind=ContractKind.REGIONAL, by="admin")
    assert _fields(exc) == {"enterprises"} and "长赤酒店" in str(exc.value.errors[0].message)


def test_a_grassroots_union_covers_the_enterprise_of_its_own_union_kept_by_the_township(county, firms):
    contract = _create(county, [firms.rice], org=county.grassroots1, by="chair1")
    assert contract.org == county.grassroots1


def test_a_closed_enterprise_cannot_be_newly_covered(county, firms):
    firms.tea.status, firms.tea.closed_on = "closed", D(2014, 6, 1)
    firms.tea.save()
    with pytest.raises(DomainError) as exc:
        _create(county, [firms.tea])
    assert _fields(exc) == {"enterprises"}


# --- the term -------------------------------------------------------------------------------------


def test_a_term_of_exactly_three_years_is_accepted(county, firms):
    contract = _create(county, [firms.rice], term_start=D(2015, 1, 1), term_end=D(2017, 12, 31))
    assert contract.term_end == D(2017, 12, 31)


def test_a_term_longer_than_three_years_is_refused(county, firms):
    with pytest.raises(DomainError) as exc:
        _create(county, [firms.rice], term_start=D(2015, 1, 1), term_end=D(2018, 1, 1))
    assert _fields(exc) == {"term_end"} and "2017-12-31" in str(exc.value.errors[0].message)


def test_a_term_starting_on_29_february_may_end_on_28_february_three_years_on(county, firms):
    assert services.latest_term_end(D(2016, 2, 29)) == D(2019, 2, 27)
    contract = _create(county, [firms.rice], term_start=D(2016, 2, 29), term_end=D(2019, 2, 27))
    assert contract.pk


def test_a_term_ending_before_it_starts_is_refused(county, firms):
    with pytest.raises(DomainError) as exc:
        _create(county, [firms.rice], term_start=D(2015, 6, 1), term_end=D(2015, 6, 1))
    assert _fields(exc) == {"term_end"}


def test_the_database_refuses_a_term_ending_before_it_starts(county, firms):
    with pytest.raises(IntegrityError):
        make_contract(county.township1, [firms.rice], term_start=D(2015, 6, 1), term_end=D(2015, 5, 1))


def test_every_bad_value_is_reported_at_once(county, firms):
    with pytest.raises(DomainError) as exc:
        _create(
            county,
            [firms.rice, firms.bricks],
            title=" ",
            term_end=D(2019, 1, 1),
            wage_increase="abc",
            minimum_wage=Decimal("-1"),
            covered_employees=-5,
        )
    assert _fields(exc) == {
        "title",
        "term_end",
        "wage_increase",
        "minimum_wage",
        "covered_employees",
        "enterprises",
    }


def test_a_signing_date_in_the_future_is_refused(county, firms):
    future = datetime.date.today() + datetime.timedelta(days=3)
    with pytest.raises(DomainError) as exc:
        _create(
            county,
            [firms.rice],
            signed_on=future,
            term_start=future,
            term_end=future + datetime.timedelta(300),
        )
    assert _fields(exc) == {"signed_on"}


def test_two_signed_wage_special_contracts_of_one_enterprise_cannot_overlap(county, firms):
    _create(county, [firms.rice])
    with pytest.raises(DomainError) as exc:
        _create(county, [firms.rice], title="重复", term_start=D(2015, 7, 1), term_end=D(2016, 6, 30))
    assert _fields(exc) == {"term_start"}
    renewal = _create(county, [firms.rice], title="续签", term_start=D(2016, 1, 1), term_end=D(2016, 12, 31))
    assert renewal.pk


# --- state on a date --------------------------------------------------------------------------------


def test_a_draft_is_never_in_force(county, firms):
    draft = _create(county, [firms.rice], signed_on=None)
    assert draft.status == ContractStatus.DRAFT
    assert draft.state_on(D(2015, 6, 1)) == ContractState.DRAFT
    assert not CollectiveContract.objects.in_force(D(2015, 6, 1)).exists()


def test_a_signed_contract_is_pending_before_its_term_in_force_during_it_and_expired_after(county, firms):
    c = _create(county, [firms.rice])
    assert c.state_on(D(2014, 12, 31)) == ContractState.PENDING
    assert c.state_on(D(2015, 1, 1)) == ContractState.IN_FORCE
    assert c.state_on(D(2015, 12, 31)) == ContractState.IN_FORCE
    assert c.state_on(D(2016, 1, 1)) == ContractState.EXPIRED
    in_force = CollectiveContract.objects.in_force
    assert [
        in_force(d).count() for d in (D(2014, 12, 31), D(2015, 1, 1), D(2015, 12, 31), D(2016, 1, 1))
    ] == [
        0,
        1,
        1,
        0,
    ]


def test_a_contract_signed_after_its_term_began_is_in_force_from_the_signing_day(county, firms):
    c = _create(county, [firms.rice], signed_on=D(2015, 3, 10))
    assert c.state_on(D(2015, 3, 9)) == ContractState.PENDING and c.is_in_force(D(2015, 3, 10))
    assert not CollectiveContract.objects.in_force(D(2015, 3, 9)).exists()


def test_a_terminated_contract_is_no_longer_in_force_from_its_termination_day(county, firms):
    c = _create(county, [firms.rice])
    services.contract_terminate(by=county.user("township1"), contract=c, on=D(2015, 6, 30), reason="企业停产")
    c.refresh_from_db()
    assert c.status == ContractStatus.TERMINATED
    assert c.state_on(D(2015, 6, 29)) == ContractState.IN_FORCE
    assert c.state_on(D(2015, 6, 30)) == ContractState.TERMINATED
    assert CollectiveContract.objects.in_force(D(2015, 6, 29)).exists()
    assert not CollectiveContract.objects.in_force(D(2015, 6, 30)).exists()


def test_the_database_refuses_a_terminated_status_without_a_date(county, firms):
    c = make_contract(county.township1, [firms.rice])
    with pytest.raises(IntegrityError):
        CollectiveContract.objects.filter(pk=c.pk).update(status=ContractStatus.TERMINATED)


# --- update, filing, termination ------------------------------------------------------------------


def test_a_draft_becomes_signed_when_its_signing_date_is_set(county, firms):
    draft = _create(county, [firms.rice], signed_on=None)
    services.contract_update(by=county.user("township1"), contract=draft, signed_on=D(2014, 12, 28))
    draft.refresh_from_db()
    assert draft.status == ContractStatus.SIGNED


def test_a_signed_contract_cannot_go_back_to_draft(county, firms):
    c = _create(county, [firms.rice])
    with pytest.raises(DomainError) as exc:
        services.contract_update(by=county.user("township1"), contract=c, signed_on=None)
    assert _fields(exc) == {"signed_on"}


def test_an_update_changes_the_covered_enterprises_and_logs_them(county, firms):
    c = _create(county, [firms.rice], kind=ContractKind.REGIONAL)
    services.contract_update(by=county.user("township1"), contract=c, enterprises=[firms.rice, firms.tea])
    assert set(c.enterprises.all()) == {firms.rice, firms.tea}
    assert LogEntry.objects.get_for_object(c).exists()


def test_changing_the_kind_to_wage_special_with_two_enterprises_is_refused(county, firms):
    c = _create(county, [firms.rice, firms.bricks], kind=ContractKind.REGIONAL)
    with pytest.raises(DomainError):
        services.contract_update(by=county.user("township1"), contract=c, kind=ContractKind.WAGE_SPECIAL)
    c.refresh_from_db()
    assert c.kind == ContractKind.REGIONAL


def test_filing_records_the_date_and_number(county, firms):
    c = _create(county, [firms.rice])
    services.contract_file(
        by=county.user("township1"),
        contract=c,
        filed_on=D(2015, 1, 5),
        filing_number="南人社集备〔2015〕001号",
    )
    c.refresh_from_db()
    assert c.filed_on == D(2015, 1, 5) and c.filing_number == "南人社集备〔2015〕001号"


def test_a_draft_cannot_be_filed(county, firms):
    draft = _create(county, [firms.rice], signed_on=None)
    with pytest.raises(Conflict):
        services.contract_file(
            by=county.user("township1"), contract=draft, filed_on=D(2015, 1, 5), filing_number="1"
        )


def test_filing_before_signing_is_refused(county, firms):
    c = _create(county, [firms.rice])
    with pytest.raises(DomainError) as exc:
        services.contract_file(
            by=county.user("township1"), contract=c, filed_on=D(2014, 12, 1), filing_number="1"
        )
    assert _fields(exc) == {"filed_on"}


def test_termination_needs_a_reason_and_a_date_within_the_term(county, firms):
    c = _create(county, [firms.rice])
    by = county.user("township1")
    with pytest.raises(DomainError) as exc:
        services.contract_terminate(by=by, contract=c, on=D(2016, 3, 1), reason="")
    assert _fields(exc) == {"on", "reason"}


def test_a_terminated_contract_cannot_be_terminated_again_or_changed(county, firms):
    c = _create(county, [firms.rice])
    by = county.user("township1")
    services.contract_terminate(by=by, contract=c, on=D(2015, 6, 30), reason="企业停产")
    with pytest.raises(Conflict):
        services.contract_terminate(by=by, contract=c, on=D(2015, 7, 1), reason="再次")
    with pytest.raises(Conflict):
        services.contract_update(by=by, contract=c, title="改名")


# --- who may ----------------------------------------------------------------------------------------


def test_a_cadre_of_another_township_may_not_record_a_contract_there(county, firms):
    with pytest.raises(PermissionDenied):
        _create(county, [firms.rice], by="township2")


@pytest.mark.parametrize("user", ["lawyer", "auditor", "finance", "worker1"])
def test_readers_and_other_roles_may_not_record_contracts(county, firms, user):
    with pytest.raises(PermissionDenied):
        _create(county, [firms.rice], org=county.federation, by=user)


def test_a_chair_may_not_change_the_townships_regional_contract_covering_its_enterprise(county, firms):
    c = _create(county, [firms.rice, firms.bricks], kind=ContractKind.REGIONAL)
    with pytest.raises(PermissionDenied):
        services.contract_update(by=county.user("chair1"), contract=c, title="改名")
