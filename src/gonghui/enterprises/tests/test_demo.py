"""The demo registry: about 1,500 enterprises matching the reference document, loaded twice unchanged."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from django.db import transaction

from gonghui.accounts import demo as accounts_demo
from gonghui.accounts.models import User
from gonghui.enterprises import codes, demo
from gonghui.enterprises.models import Enterprise
from gonghui.enterprises.queries import enterprise_search
from gonghui.orgs import demo as orgs_demo

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def context(django_db_setup: Any, django_db_blocker: Any) -> Iterator[dict[str, Any]]:
    """Loaded once for the module inside a transaction rolled back at its end; each test runs in a
    savepoint of it, so none sees another's changes."""
    with django_db_blocker.unblock(), transaction.atomic():
        context: dict[str, Any] = dict(orgs_demo.load())
        accounts_demo.load(context)
        demo.load(context)
        yield context
        transaction.set_rollback(True)


def test_the_demo_has_1500_enterprises_with_the_reference_documents_figures(context):
    assert Enterprise.objects.count() == demo.TOTAL == 1500
    assert Enterprise.objects.filter(is_caring=True).count() == 12
    assert Enterprise.objects.filter(type__in=["organ", "public_institution"]).count() == 107
    share = Enterprise.objects.filter(union__isnull=False).count() / 1500
    assert 0.57 <= share <= 0.63
    for name in ("南江县光雾山米业有限公司", "南江县南慧建材有限公司"):
        assert Enterprise.objects.get(name=name).is_caring


def test_every_demo_credit_code_is_valid_and_some_individual_businesses_have_none(context):
    with_code = Enterprise.objects.exclude(uscc="")
    assert all(codes.is_valid(code) for code in with_code.values_list("uscc", flat=True))
    assert Enterprise.objects.filter(uscc="", type="individual").exists()
    assert not Enterprise.objects.filter(uscc="").exclude(type="individual").exists()


def test_every_demo_union_is_a_grassroots_union_under_the_keeper_or_an_industry_union(context):
    for e in Enterprise.objects.filter(union__isnull=False).select_related("org", "union"):
        assert e.union.kind == "grassroots"
        assert e.union.path.startswith(e.org.path)


def test_demo_enterprises_spread_over_every_township(context):
    kept_by = set(Enterprise.objects.values_list("org__name", flat=True))
    assert {"南江镇工会", "长赤镇工会", "集州街道工会", "南江县总工会", "县教育工会"} <= kept_by
    assert not Enterprise.objects.filter(township__isnull=True).exists()


def test_loading_the_demo_twice_changes_nothing(context):
    before = list(Enterprise.objects.order_by("pk").values("pk", "uscc", "name", "union_id", "is_caring"))
    demo.load(context)
    assert (
        list(Enterprise.objects.order_by("pk").values("pk", "uscc", "name", "union_id", "is_caring"))
        == before
    )


def test_demo_township_cadre_finds_the_rice_company_by_initials(context):
    found = [e.name for e in enterprise_search(User.objects.get(username="township1"), "gwsmy")]
    assert "南江县光雾山米业有限公司" in found
    assert not enterprise_search(User.objects.get(username="township2"), "gwsmy").filter(
        org=context["township1"]
    )
