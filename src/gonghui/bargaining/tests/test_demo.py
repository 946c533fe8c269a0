"""The demo county's 2015 reproduces the reference report: signing 97 %, fulfilment 98 %, openness 100 %,
satisfaction 95 %; loading it twice changes nothing."""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal
from typing import Any

import pytest
from django.db import transaction

from gonghui.accounts import demo as accounts_demo
from gonghui.accounts.models import User
from gonghui.bargaining import demo
from gonghui.bargaining.models import (
    CollectiveContract,
    ContractCoverage,
    FulfilmentCheck,
    OpennessRecord,
    SatisfactionSurvey,
    SurveyResponse,
)
from gonghui.core import demo as core_demo
from gonghui.enterprises import demo as enterprises_demo
from gonghui.insight.kpis.bargaining import fulfilment_rate, openness_rate, satisfaction_rate, signing_rate
from gonghui.orgs import demo as orgs_demo

pytestmark = pytest.mark.django_db
MODELS = [
    CollectiveContract,
    ContractCoverage,
    FulfilmentCheck,
    OpennessRecord,
    SatisfactionSurvey,
    SurveyResponse,
]


@pytest.fixture(scope="module")
def context(django_db_setup: Any, django_db_blocker: Any) -> Iterator[dict[str, Any]]:
    """Loaded once for the module inside a transaction rolled back at its end; each test runs in a
    savepoint of it, so none sees another's changes."""
    with django_db_blocker.unblock(), transaction.atomic():
        context: dict[str, Any] = dict(orgs_demo.load())
        accounts_demo.load(context)
        enterprises_demo.load(context)
        demo.load(context)
        yield context
        transaction.set_rollback(True)


def test_the_demo_year_2015_gives_the_reference_reports_four_rates(context):
    admin = User.objects.get(username="admin")
    assert signing_rate(admin, on=2015).rate == Decimal("97.0")
    assert fulfilment_rate(admin, on=2015).rate == Decimal("98.0")
    assert openness_rate(admin, on=2015).rate == Decimal("100.0")
    satisfaction = satisfaction_rate(admin, on=2015)
    assert satisfaction.rate == Decimal("95.0") and satisfaction.denominator >= 2000
    assert signing_rate(admin, on=2015).denominator > 800  # the demo's enterprises with a union


def test_every_kind_of_contract_and_both_answer_channels_are_in_the_demo(context):
    kinds = set(CollectiveContract.objects.values_list("kind", flat=True))
    assert kinds == {"wage_special", "comprehensive", "regional", "industry"}
    assert set(SurveyResponse.objects.values_list("channel", flat=True)) == {"paper", "online"}
    assert not CollectiveContract.objects.filter(filed_on__isnull=True).exists()


def test_loading_the_demo_twice_changes_nothing(context):
    before = [m.objects.count() for m in MODELS]
    demo.load(context)
    assert [m.objects.count() for m in MODELS] == before


def test_the_bargaining_loader_runs_after_the_enterprises_it_needs():
    loaders = core_demo.LOADERS
    assert loaders.index(enterprises_demo.load) < loaders.index(demo.load)


def test_count_for_finds_the_count_that_rounds_to_the_rate():
    assert demo.count_for(Decimal("97.0"), 896) == 869
    assert demo.count_for(Decimal("98.0"), 205) == 201
    assert demo.count_for(Decimal("97.0"), 3) is None
