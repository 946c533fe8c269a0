"""enterprise_create / enterprise_update / enterprise_close: permissions first, then every rule."""

from __future__ import annotations

import datetime
from typing import Any
from unittest import mock

import pytest
from auditlog.models import LogEntry
from django.utils import timezone

from gonghui.conftest import add_org
from gonghui.core.errors import Conflict, DomainError, PermissionDenied
from gonghui.enterprises import services
from gonghui.enterprises.models import Enterprise
from gonghui.enterprises.tests.conftest import USCC1
from gonghui.enterprises.tests.factories import make_uscc
from gonghui.orgs.models import Organisation


def _create(county: Any, user: str = "township1", **fields: Any) -> Enterprise:
    values = {"name": "南江县南慧建材有限公司", "type": "private", **fields}
    org = values.pop("org", county.township1)
    return services.enterprise_create(by=county.user(user), org=org, **values)


# --- create --------------------------------------------------------------------------------------


def test_township_cadre_registers_an_enterprise_with_normalised_code_and_pinyin(county, regions):
    e = _create(
        county,
        uscc=" " + make_uscc(7).lower()[:9] + " " + make_uscc(7).lower()[9:],
        industry="c",
        employee_count=35,
        township=regions["t1"],
        union=county.grassroots1,
        contact_phone="０８２７-８２２２３５１",
    )
    e.refresh_from_db()
    assert e.uscc == make_uscc(7)
    assert e.industry == "C"
    assert (e.name_pinyin, e.name_initials) == ("nanjiangxiannanhuijiancaiyouxiangongsi", "njxnhjcyxgs")
    assert e.contact_phone == "0827-8222351"
    assert e.org == county.township1 and e.status == "active"


def test_creating_is_logged_in_the_audit_log(county):
    e = _create(county, uscc=make_uscc(8))
    entry = LogEntry.objects.get_for_object(e).get()
    assert entry.action == LogEntry.Action.CREATE
    assert "name_pinyin" not in (entry.changes or {})


def test_an_individual_business_without_a_code_can_be_registered_twice(county):
    _create(county, name="南江镇王记餐馆", type="individual")
    _create(county, name="南江镇李记面馆", type="individual")
    assert Enterprise.objects.filter(uscc="").count() == 2


def test_a_duplicate_code_is_refused_naming_the_enterprise_that_has_it(county, ent1):
    with pytest.raises(DomainError) as exc:
        _create(county, uscc=USCC1.lower())
    assert exc.value.field == "uscc"
    assert "光雾山米业" in str(exc.value)
    assert Enterprise.objects.count() == 1


def test_a_duplicate_code_from_another_township_is_refused_without_naming_it(county, ent2, english):
    with pytest.raises(DomainError) as exc:
        _create(county, uscc=ent2.uscc)
    assert exc.value.field == "uscc"
    assert "长赤" not in str(exc.value)
    assert "already registered" in str(exc.value)


def test_a_duplicate_saved_meanwhile_is_refused_by_the_database_with_the_same_message(county, ent1):
    # Two clerks at once: the check passes for both; the unique constraint refuses the second.
    skip_check = mock.patch.object(services, "check_uscc", side_effect=lambda v, **kw: v)
    with skip_check, pytest.raises(DomainError) as exc:
        _create(county, uscc=USCC1)
    assert exc.value.field == "uscc"
    assert "光雾山米业" in str(exc.value)
    assert Enterprise.objects.count() == 1


def test_a_bad_code_is_refused_and_nothing_is_saved(county):
    with pytest.raises(DomainError) as exc:
        _create(
            county,
            uscc=make_uscc(9)[:-1] + "0" if not make_uscc(9).endswith("0") else make_uscc(9)[:-1] + "1",
        )
    assert exc.value.field == "uscc"
    assert not Enterprise.objects.exists()


def test_every_bad_field_is_reported_at_once(county):
    with pytest.raises(DomainError) as exc:
        _create(county, name=" ", type="shop", industry="Z", employee_count=-1, contact_phone="call me")
    fields = {e.field for e in exc.value.errors}
    assert fields == {"name", "type", "industry", "employee_count", "contact_phone"}


def test_township_cadre_cannot_register_under_another_township(county):
    with pytest.raises(PermissionDenied):
        _create(county, org=county.township2)
    assert not Enterprise.objects.exists()


def test_enterprises_are_kept_by_township_industry_unions_or_the_federation_not_grassroots(county):
    with pytest.raises(DomainError) as exc:
        _create(county, org=county.grassroots1)
    assert exc.value.field == "org"


def test_the_union_must_be_a_grassroots_union(county):
    with pytest.raises(DomainError) as exc:
        _create(county, union=county.group1)
    assert exc.value.field == "union"


def test_the_union_must_be_in_the_users_scope(county):
    with pytest.raises(DomainError) as exc:
        _create(county, union=county.grassroots2)
    assert exc.value.field == "union"
    assert not Enterprise.objects.exists()


def test_a_closed_union_cannot_be_chosen(county):
    Organisation.objects.filter(pk=county.grassroots1.pk).update(
        status="closed", closed_on=timezone.localdate()
    )
    with pytest.raises(DomainError) as exc:
        _create(county, union=Organisation.objects.get(pk=county.grassroots1.pk))
    assert exc.value.field == "union"


def test_a_union_of_an_industry_union_may_serve_an_enterprise_kept_by_a_township(county):
    industry = add_org(county.federation, name="县卫生健康工会", code="HEA", kind="industry")
    hospital_union = add_org(industry, name="县人民医院工会", code="HEA-1", kind="grassroots")
    e = _create(county, user="admin", union=hospital_union, type="public_institution")
    assert e.union == hospital_union and e.org == county.township1


@pytest.mark.parametrize("user", ["auditor", "finance", "lawyer", "counsellor", "editor", "chair1"])
def test_read_only_roles_and_chairs_cannot_register_enterprises(county, user):
    with pytest.raises((PermissionDenied, DomainError)):
        _create(county, user=user)
    assert not Enterprise.objects.exists()


# --- update --------------------------------------------------------------------------------------


def test_updating_changes_given_fields_only_and_recomputes_pinyin(county, ent1):
    e = services.enterprise_update(
        by=county.user("township1"), enterprise=ent1, name="南江县南慧建材有限公司"
    )
    e.refresh_from_db()
    assert e.name_initials == "njxnhjcyxgs"
    assert e.uscc == USCC1 and e.union == county.grassroots1


def test_updating_to_a_code_another_enterprise_has_is_refused(county, ent1):
    other = _create(county, name="南江县红叶茶业有限公司", uscc=make_uscc(40))
    with pytest.raises(DomainError) as exc:
        services.enterprise_update(by=county.user("township1"), enterprise=other, uscc=USCC1)
    assert exc.value.field == "uscc"
    other.refresh_from_db()
    assert other.uscc == make_uscc(40)


def test_keeping_its_own_code_is_not_a_duplicate(county, ent1):
    services.enterprise_update(by=county.user("township1"), enterprise=ent1, uscc=USCC1.lower())
    ent1.refresh_from_db()
    assert ent1.uscc == USCC1


def test_the_union_can_be_cleared(county, ent1):
    services.enterprise_update(by=county.user("township1"), enterprise=ent1, union=None)
    ent1.refresh_from_db()
    assert ent1.union is None


def test_handing_an_enterprise_to_another_township_needs_the_right_over_both(county, ent1):
    with pytest.raises(PermissionDenied):
        services.enterprise_update(by=county.user("township1"), enterprise=ent1, org=county.township2)
    services.enterprise_update(by=county.user("admin"), enterprise=ent1, org=county.township2)
    ent1.refresh_from_db()
    assert ent1.org == county.township2


def test_a_chair_keeps_the_record_of_the_enterprise_of_their_union(county, ent1):
    services.enterprise_update(by=county.user("chair1"), enterprise=ent1, employee_count=150)
    ent1.refresh_from_db()
    assert ent1.employee_count == 150


def test_a_chair_cannot_hand_the_enterprise_to_another_keeper(county, ent1):
    with pytest.raises(PermissionDenied):
        services.enterprise_update(by=county.user("chair1"), enterprise=ent1, org=county.federation)


def test_township_cadre_cannot_update_another_townships_enterprise(county, ent2):
    with pytest.raises(PermissionDenied):
        services.enterprise_update(by=county.user("township1"), enterprise=ent2, name="改名")
    ent2.refresh_from_db()
    assert ent2.name == "南江县长赤米业有限公司"


def test_a_closed_enterprise_cannot_be_changed(county, ent1):
    services.enterprise_close(by=county.user("township1"), enterprise=ent1, reason="注销")
    with pytest.raises(Conflict):
        services.enterprise_update(by=county.user("township1"), enterprise=ent1, name="改名")


# --- close ---------------------------------------------------------------------------------------


def test_closing_keeps_the_record_with_date_and_reason(county, ent1):
    on = timezone.localdate() - datetime.timedelta(days=3)
    services.enterprise_close(by=county.user("township1"), enterprise=ent1, reason="企业注销", on=on)
    ent1.refresh_from_db()
    assert (ent1.status, ent1.closed_on, ent1.close_reason) == ("closed", on, "企业注销")
    assert LogEntry.objects.get_for_object(ent1).filter(action=LogEntry.Action.UPDATE).exists()


def test_closing_needs_a_reason_and_happens_once(county, ent1):
    with pytest.raises(DomainError) as exc:
        services.enterprise_close(by=county.user("township1"), enterprise=ent1, reason=" ")
    assert exc.value.field == "reason"
    services.enterprise_close(by=county.user("township1"), enterprise=ent1, reason="关停")
    with pytest.raises(Conflict):
        services.enterprise_close(by=county.user("township1"), enterprise=ent1, reason="关停")


def test_closing_on_a_future_date_is_refused(county, ent1):
    with pytest.raises(DomainError) as exc:
        services.enterprise_close(
            by=county.user("township1"),
            enterprise=ent1,
            reason="关停",
            on=timezone.localdate() + datetime.timedelta(days=1),
        )
    assert exc.value.field == "on"


def test_the_auditor_cannot_close(county, ent1):
    with pytest.raises(PermissionDenied):
        services.enterprise_close(by=county.user("auditor"), enterprise=ent1, reason="关停")
    ent1.refresh_from_db()
    assert ent1.status == "active"


def test_the_database_refuses_a_second_enterprise_with_the_same_code(county, ent1):
    from django.db import IntegrityError, transaction

    with pytest.raises(IntegrityError), transaction.atomic():
        Enterprise.objects.create(org=county.township1, name="另一家", uscc=USCC1, type="private")
