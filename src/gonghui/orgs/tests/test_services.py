"""The rules of the organisation tree and service points, as the services enforce them."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from auditlog.models import LogEntry

from gonghui.accounts.models import RoleAssignment
from gonghui.accounts.roles import Role
from gonghui.core.errors import Conflict, DomainError, PermissionDenied
from gonghui.orgs import services
from gonghui.orgs.models import Organisation, ServicePoint
from gonghui.orgs.tests.factories import OrganisationFactory, ServicePointFactory

Status = Organisation.Status


def fresh(org: Organisation) -> Organisation:
    return Organisation.objects.get(pk=org.pk)


# --- Adding ----------------------------------------------------------------------------------------


def test_cadre_adds_a_grassroots_union_under_own_township_numbered_after_it(county: Any) -> None:
    org = services.org_create(
        by=county.user("township1"), parent=county.township1, name=" 南江镇供电所工会 ", kind="grassroots"
    )
    assert org.name == "南江镇供电所工会"
    assert org.code == "T1-002"
    assert Organisation.objects.get_parent(fresh(org)) == county.township1
    assert LogEntry.objects.get_for_object(org).filter(action=LogEntry.Action.CREATE).exists()


@pytest.mark.parametrize(
    ("kind", "parent"),
    [
        ("township", "grassroots1"),
        ("township", "township1"),
        ("grassroots", "group1"),
        ("group", "township1"),
        ("federation", "federation"),
    ],
)
def test_an_organisation_of_the_wrong_kind_for_its_parent_is_refused(
    kind: str, parent: str, county: Any
) -> None:
    with pytest.raises(DomainError) as refused:
        services.org_create(by=county.user("admin"), parent=getattr(county, parent), name="新组织", kind=kind)
    assert refused.value.field == "parent"
    assert Organisation.objects.count() == 6


def test_an_unknown_kind_is_refused_beside_the_kind(county: Any) -> None:
    with pytest.raises(DomainError) as refused:
        services.org_create(by=county.user("admin"), parent=county.township1, name="新组织", kind="club")
    assert refused.value.field == "kind"


def test_an_organisation_without_a_name_is_refused(county: Any) -> None:
    with pytest.raises(DomainError) as refused:
        services.org_create(by=county.user("admin"), parent=county.township1, name="  ", kind="grassroots")
    assert refused.value.field == "name"


def test_a_code_already_in_use_is_refused_when_adding_and_when_changing(county: Any) -> None:
    admin = county.user("admin")
    with pytest.raises(DomainError) as refused:
        services.org_create(by=admin, parent=county.township1, name="新组织", kind="grassroots", code="T2-G1")
    assert refused.value.field == "code"
    with pytest.raises(DomainError) as refused:
        services.org_update(by=admin, org=county.grassroots1, code="T2-G1")
    assert refused.value.field == "code"
    assert fresh(county.grassroots1).code == "T1-G1"


def test_nothing_can_be_added_under_a_closed_organisation(county: Any) -> None:
    services.org_close(by=county.user("admin"), org=county.group1, reason="撤销")
    services.org_close(by=county.user("admin"), org=county.grassroots1, reason="企业关停")
    with pytest.raises(DomainError):
        services.org_create(by=county.user("admin"), parent=county.grassroots1, name="新组", kind="group")


def test_cadre_cannot_add_under_another_township(county: Any) -> None:
    with pytest.raises(PermissionDenied):
        services.org_create(
            by=county.user("township1"), parent=county.township2, name="新组织", kind="grassroots"
        )


# --- Changing --------------------------------------------------------------------------------------


def test_changing_details_is_logged_with_before_and_after_values(county: Any) -> None:
    services.org_update(
        by=county.user("township1"), org=county.grassroots1, chair_name="王芳", member_count=48
    )
    org = fresh(county.grassroots1)
    assert (org.chair_name, org.member_count) == ("王芳", 48)
    entry = LogEntry.objects.get_for_object(org).filter(action=LogEntry.Action.UPDATE).latest("pk")
    assert entry.changes_dict["chair_name"] == ["", "王芳"]


def test_the_region_can_be_cleared_but_an_omitted_field_stays(county: Any) -> None:
    admin = county.user("admin")
    services.org_update(by=admin, org=county.grassroots1, region=county.region, phone="0827-8881234")
    services.org_update(by=admin, org=county.grassroots1, region=None, phone=None)
    org = fresh(county.grassroots1)
    assert org.region is None
    assert org.phone == "0827-8881234"


def test_a_kind_its_children_could_not_stand_under_is_refused(county: Any) -> None:
    with pytest.raises(DomainError) as refused:
        services.org_update(by=county.user("admin"), org=county.grassroots1, kind="group")
    assert refused.value.field in ("parent", "kind")


def test_chair_cannot_change_own_union(county: Any) -> None:
    with pytest.raises(PermissionDenied):
        services.org_update(by=county.user("chair1"), org=county.grassroots1, name="改名")


# --- Moving ----------------------------------------------------------------------------------------


def test_moving_a_grassroots_union_takes_its_groups_along_and_is_logged(county: Any) -> None:
    services.org_move(by=county.user("admin"), org=county.grassroots1, new_parent=county.township2)
    org = fresh(county.grassroots1)
    assert Organisation.objects.get_parent(org) == county.township2
    assert Organisation.objects.get_parent(fresh(county.group1)) == org
    assert fresh(county.township1).numchild == 0
    note = LogEntry.objects.get_for_object(org).latest("pk")
    assert note.changes_dict["parent"] == ["南江镇工会", "长赤镇工会"]


@pytest.mark.parametrize("target", ["grassroots1", "group1"])
def test_an_organisation_cannot_be_moved_under_itself_or_under_one_below_it(target: str, county: Any) -> None:
    before = fresh(county.grassroots1).path
    with pytest.raises(DomainError) as refused:
        services.org_move(by=county.user("admin"), org=county.grassroots1, new_parent=getattr(county, target))
    assert refused.value.field == "parent"
    assert fresh(county.grassroots1).path == before


def test_a_group_cannot_be_moved_under_a_township(county: Any) -> None:
    with pytest.raises(DomainError) as refused:
        services.org_move(by=county.user("admin"), org=county.group1, new_parent=county.township2)
    assert refused.value.field == "parent"


def test_a_closed_organisation_cannot_be_moved(county: Any) -> None:
    services.org_close(by=county.user("admin"), org=county.group1, reason="撤销")
    with pytest.raises(Conflict):
        services.org_move(by=county.user("admin"), org=county.group1, new_parent=county.grassroots2)


def test_the_federation_cannot_be_moved_merged_or_closed(county: Any) -> None:
    admin = county.user("admin")
    with pytest.raises(DomainError):
        services.org_close(by=admin, org=county.federation, reason="x")
    with pytest.raises(DomainError):
        services.org_move(by=admin, org=county.federation, new_parent=county.township1)


def test_cadre_cannot_move_or_close_own_township(county: Any) -> None:
    cadre = county.user("township1")
    with pytest.raises(PermissionDenied):
        services.org_move(by=cadre, org=county.township1, new_parent=county.federation)
    with pytest.raises(PermissionDenied):
        services.org_close(by=cadre, org=county.township1, reason="撤乡并镇")
    assert fresh(county.township1).status == Status.ACTIVE


def test_cadre_cannot_move_a_union_into_another_township(county: Any) -> None:
    with pytest.raises(PermissionDenied):
        services.org_move(by=county.user("township1"), org=county.grassroots1, new_parent=county.township2)


def test_cadre_moves_a_group_between_unions_of_own_township(county: Any) -> None:
    other = OrganisationFactory(parent=county.township1, code="T1-G2")
    services.org_move(by=county.user("township1"), org=county.group1, new_parent=other)
    assert Organisation.objects.get_parent(fresh(county.group1)) == other


# --- Merging ---------------------------------------------------------------------------------------


def test_merging_moves_children_service_points_and_roles_and_keeps_the_merged_one_as_history(
    county: Any,
) -> None:
    admin = county.user("admin")
    point = ServicePointFactory(org=county.grassroots2, name="卫生院职工之家")
    chair2 = county.user("finance")
    RoleAssignment.objects.create(user=chair2, role=Role.CHAIR, org=county.grassroots2)
    group2 = OrganisationFactory(parent=county.grassroots2, kind="group", code="T2-G1-1")

    merged = services.org_merge(
        by=admin, org=county.grassroots2, into=county.grassroots1, on=datetime.date(2024, 6, 28)
    )

    assert merged.status == Status.MERGED
    assert merged.merged_into == county.grassroots1
    assert merged.closed_on == datetime.date(2024, 6, 28)
    assert Organisation.objects.filter(pk=county.grassroots2.pk).exists()
    assert Organisation.objects.get_parent(fresh(group2)) == county.grassroots1
    assert ServicePoint.objects.get(pk=point.pk).org == county.grassroots1
    assert RoleAssignment.objects.filter(user=chair2, role=Role.CHAIR, org=county.grassroots1).exists()
    assert not RoleAssignment.objects.filter(org=county.grassroots2).exists()
    assert fresh(county.grassroots2).numchild == 0
    assert LogEntry.objects.get_for_object(merged).filter(changes_text__contains="merge").exists()


def test_merging_drops_a_role_the_user_already_holds_at_the_target(county: Any) -> None:
    user = county.user("finance")
    RoleAssignment.objects.create(user=user, role=Role.CHAIR, org=county.grassroots1)
    RoleAssignment.objects.create(user=user, role=Role.CHAIR, org=county.grassroots2)
    services.org_merge(by=county.user("admin"), org=county.grassroots2, into=county.grassroots1)
    assert RoleAssignment.objects.filter(user=user, role=Role.CHAIR).count() == 1


def test_merging_into_an_organisation_of_another_kind_is_refused(county: Any) -> None:
    with pytest.raises(DomainError) as refused:
        services.org_merge(by=county.user("admin"), org=county.grassroots2, into=county.township1)
    assert refused.value.field == "into"
    assert fresh(county.grassroots2).status == Status.ACTIVE


@pytest.mark.parametrize("target", ["township1", "grassroots1"])
def test_merging_into_itself_or_one_below_it_is_refused(target: str, county: Any) -> None:
    org = county.township1
    into = fresh(getattr(county, target))
    with pytest.raises(DomainError):
        services.org_merge(by=county.user("admin"), org=org, into=into)
    assert fresh(org).status == Status.ACTIVE


def test_merging_into_a_closed_organisation_is_refused(county: Any) -> None:
    admin = county.user("admin")
    services.org_close(by=admin, org=county.group1, reason="撤销")
    services.org_close(by=admin, org=county.grassroots1, reason="企业关停")
    with pytest.raises(Conflict):
        services.org_merge(by=admin, org=county.grassroots2, into=county.grassroots1)


def test_cadre_cannot_merge_a_union_into_one_of_another_township(county: Any) -> None:
    with pytest.raises(PermissionDenied):
        services.org_merge(by=county.user("township1"), org=county.grassroots1, into=county.grassroots2)
    assert fresh(county.grassroots1).status == Status.ACTIVE


# --- Closing ---------------------------------------------------------------------------------------


def test_closing_with_open_sub_organisations_is_refused(county: Any) -> None:
    with pytest.raises(DomainError):
        services.org_close(by=county.user("township1"), org=county.grassroots1, reason="企业关停")
    assert fresh(county.grassroots1).status == Status.ACTIVE


def test_cadre_closes_a_grassroots_union_under_own_township_and_its_history_stays(county: Any) -> None:
    cadre = county.user("township1")
    services.org_close(by=cadre, org=county.group1, reason="并入其他组", on=datetime.date(2024, 1, 2))
    closed = services.org_close(by=cadre, org=county.grassroots1, reason="企业关停")
    assert closed.status == Status.CLOSED
    assert closed.close_reason == "企业关停"
    assert closed.closed_on is not None
    assert fresh(county.group1).closed_on == datetime.date(2024, 1, 2)
    assert Organisation.objects.filter(pk=closed.pk).exists()
    actions = set(LogEntry.objects.get_for_object(closed).values_list("action", flat=True))
    assert {LogEntry.Action.CREATE, LogEntry.Action.UPDATE} <= actions


def test_closing_needs_a_reason(county: Any) -> None:
    with pytest.raises(DomainError) as refused:
        services.org_close(by=county.user("township1"), org=county.group1, reason="  ")
    assert refused.value.field == "reason"


def test_a_closed_organisation_cannot_be_changed_closed_again_or_merged(county: Any) -> None:
    admin = county.user("admin")
    services.org_close(by=admin, org=county.group1, reason="撤销")
    with pytest.raises(Conflict):
        services.org_update(by=admin, org=county.group1, name="新名字")
    with pytest.raises(Conflict):
        services.org_close(by=admin, org=county.group1, reason="again")
    other = OrganisationFactory(parent=county.grassroots1, kind="group", code="T1-G1-2")
    with pytest.raises(Conflict):
        services.org_merge(by=admin, org=county.group1, into=other)
    assert fresh(county.group1).name == "一年级组"


# --- Service points --------------------------------------------------------------------------------


def test_an_out_of_town_migrant_worker_station_keeps_city_address_phone_hours_and_services(
    county: Any,
) -> None:
    point = services.service_point_save(
        by=county.user("admin"),
        org=county.federation,
        name="驻西安农民工法律服务站",
        kind="migrant_station",
        city="西安",
        address="西安市未央区",
        phone="029-88886666",
        hours="周一至周五 9:00-17:00",
        services="法律咨询\n欠薪维权",
    )
    point.refresh_from_db()
    assert (point.city, point.phone, point.hours) == ("西安", "029-88886666", "周一至周五 9:00-17:00")
    assert point.services == "法律咨询\n欠薪维权"


def test_an_out_of_town_station_without_its_city_is_refused(county: Any) -> None:
    with pytest.raises(DomainError) as refused:
        services.service_point_save(
            by=county.user("admin"), org=county.federation, name="驻青岛服务站", kind="migrant_station"
        )
    assert refused.value.field == "city"
    assert not ServicePoint.objects.filter(name="驻青岛服务站").exists()


def test_two_service_points_of_one_organisation_cannot_share_a_name(county: Any) -> None:
    with pytest.raises(DomainError) as refused:
        services.service_point_save(
            by=county.user("township1"), org=county.township1, name="南江镇维权工作点", kind="point"
        )
    assert refused.value.field == "name"


def test_cadre_cannot_add_or_take_over_a_service_point_of_another_township(county: Any) -> None:
    cadre = county.user("township1")
    with pytest.raises(PermissionDenied):
        services.service_point_save(by=cadre, org=county.township2, name="新服务点", kind="point")
    theirs = ServicePoint.objects.get(org=county.township2)
    with pytest.raises(PermissionDenied):
        services.service_point_save(by=cadre, org=county.township1, point=theirs, name="抢来的")
    assert ServicePoint.objects.get(pk=theirs.pk).org == county.township2


def test_a_closed_organisation_takes_no_new_service_point_but_its_old_ones_can_be_corrected(
    county: Any,
) -> None:
    admin = county.user("admin")
    point = ServicePointFactory(org=county.group1, name="一年级组活动室")
    services.org_close(by=admin, org=county.group1, reason="撤销")
    group = fresh(county.group1)
    with pytest.raises(DomainError) as refused:
        services.service_point_save(by=admin, org=group, name="新服务点", kind="point")
    assert refused.value.field == "org"
    services.service_point_save(by=admin, org=group, point=point, is_active=False)
    assert ServicePoint.objects.get(pk=point.pk).is_active is False
