"""Pages and API of households, memberships, duplicates, exports and the person detail panels."""

import datetime
import io
import json

import pytest
from auditlog.models import LogEntry
from django.test import override_settings
from openpyxl import load_workbook

from gonghui.people import services
from gonghui.people.models import DuplicateDecision, Household, HouseholdMember, Membership
from gonghui.people.panels import Panel
from gonghui.people.tests.conftest import id_for

pytestmark = pytest.mark.django_db


def post_json(client, url, body, method="post"):
    return getattr(client, method)(url, data=json.dumps(body), content_type="application/json")


def sheet(response):
    assert response.status_code == 200, response.content[:300]
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    rows = load_workbook(io.BytesIO(response.content), read_only=True).active.iter_rows(values_only=True)
    return [list(r) for r in rows]


def exports_logged():
    return LogEntry.objects.filter(action=LogEntry.Action.ACCESS, additional_data__reason="export")


@pytest.fixture
def family(county, registry):
    household = services.household_create(
        by=county.user("admin"), head=registry.zhang_sanfeng, address="南江镇", monthly_income="1000"
    )
    services.household_add_member(
        by=county.user("admin"),
        household=household,
        person=registry.li_si,
        relationship="spouse",
        monthly_income="333.33",
        health="chronic",
    )
    services.household_add_member(
        by=county.user("admin"),
        household=household,
        name="张小宝",
        id_number=id_for(datetime.date(2012, 9, 1), 5),
        relationship="child",
        employment="student",
        school_level="primary",
        school_name="南江县实验小学",
        enrolment_year=2019,
    )
    return household


# --- households


def test_person_detail_shows_the_household_panel_without_incomes(login, family, registry):
    page = login("township1").get(f"/people/{registry.li_si.pk}/").content.decode()
    assert 'data-testid="household-panel"' in page
    assert "张三丰" in page and "张小宝" in page and "333.33" not in page
    assert not LogEntry.objects.get_for_object(family).filter(action=LogEntry.Action.ACCESS).exists()


def test_person_without_household_offers_to_open_one(login, registry):
    page = login("township1").get(f"/people/{registry.zeng_guofan.pk}/").content.decode()
    assert f"/people/{registry.zeng_guofan.pk}/household/new/" in page
    assert (
        f"/people/{registry.zeng_guofan.pk}/household/new/"
        not in login("auditor").get(f"/people/{registry.zeng_guofan.pk}/").content.decode()
    )


def test_household_page_shows_incomes_and_per_capita_and_logs_the_read(login, family):
    page = login("township1").get(f"/people/households/{family.pk}/").content.decode()
    assert page.count('data-testid="member-row"') == 3
    assert "¥1,333.33" in page and "¥444.44" in page and "南江县实验小学" in page
    entry = LogEntry.objects.get_for_object(family).get(action=LogEntry.Action.ACCESS)
    assert entry.actor.username == "township1"
    assert set(entry.changes_dict["fields"]) == {"monthly_income", "health"}
    child = family.members.get(relationship="child")
    assert child.id_number not in page


def test_opening_a_household_from_the_person_page(login, county, registry):
    response = login("township1").post(
        f"/people/{registry.zeng_guofan.pk}/household/new/",
        {
            "org": county.township1.pk,
            "address": "南江镇北街",
            "monthly_income": "1200.50",
            "employment": "employed",
        },
    )
    household = Household.objects.get(head=registry.zeng_guofan)
    assert response.status_code == 302 and response["Location"] == f"/people/households/{household.pk}/"
    head = household.members.get()
    assert (head.relationship, str(head.monthly_income), head.employment) == ("head", "1200.50", "employed")


def test_adding_a_member_page_shows_errors_beside_fields_and_saves_nothing(login, family):
    response = login("township1").post(
        f"/people/households/{family.pk}/members/new/",
        {"name": "", "id_number": "123", "relationship": "child", "monthly_income": "-5"},
    )
    assert response.status_code == 200
    assert response.content.decode().count("invalid-feedback d-block") >= 1
    assert family.members.count() == 3


def test_adding_a_registered_person_by_id_number_on_the_page(login, family, registry):
    response = login("township1").post(
        f"/people/households/{family.pk}/members/new/",
        {"id_number": registry.zeng_guofan.id_number, "relationship": "sibling", "monthly_income": "0"},
    )
    assert response.status_code == 302
    assert family.members.get(relationship="sibling").person == registry.zeng_guofan


def test_member_edit_and_remove_pages(login, family):
    client = login("township1")
    child = family.members.get(relationship="child")
    response = client.post(
        f"/people/households/{family.pk}/members/{child.pk}/edit/",
        {"name": "张小宝", "relationship": "child", "monthly_income": "0", "health": "disabled"},
    )
    assert response.status_code == 302
    child.refresh_from_db()
    assert child.health == "disabled" and child.id_number  # empty ID field keeps the stored number
    client.post(f"/people/households/{family.pk}/members/{child.pk}/remove/")
    assert not HouseholdMember.objects.filter(pk=child.pk).exists()
    head = family.members.get(relationship="head")
    client.post(f"/people/households/{family.pk}/members/{head.pk}/remove/")
    assert HouseholdMember.objects.filter(pk=head.pk).exists()


def test_household_edit_page_changes_the_head(login, family, registry):
    response = login("township1").post(
        f"/people/households/{family.pk}/edit/",
        {
            "address": "南江镇东街",
            "note": "",
            "head": registry.li_si.pk,
            "previous_head_relationship": "spouse",
        },
    )
    assert response.status_code == 302
    family.refresh_from_db()
    assert (family.head, family.address) == (registry.li_si, "南江镇东街")


def test_api_household_crud_and_members(api, county, registry):
    client = api("township1")
    created = post_json(
        client,
        "/api/v1/households/",
        {"head": registry.zhang_sanfeng.pk, "address": "南江镇", "head_details": {"monthly_income": "1000"}},
    )
    assert created.status_code == 201, created.content
    pk = created.json()["id"]
    assert created.json()["org"] == registry.zhang_sanfeng.org_id
    spouse = post_json(
        client,
        f"/api/v1/households/{pk}/members",
        {"person": registry.li_si.pk, "relationship": "spouse", "monthly_income": "333.33"},
    )
    assert spouse.status_code == 201, spouse.content
    number = id_for(datetime.date(2012, 9, 1), 5)
    child = post_json(
        client,
        f"/api/v1/households/{pk}/members",
        {"name": "张小宝", "id_number": number, "relationship": "child"},
    )
    assert child.status_code == 201 and child.json()["registered"] is False
    assert child.json()["id_number"] == number[:4] + "*" * 10 + number[-4:]
    detail = client.get(f"/api/v1/households/{pk}").json()
    assert (detail["total_income"], detail["per_capita_income"], detail["member_count"]) == (
        "1333.33",
        "444.44",
        3,
    )
    assert [m["relationship"] for m in detail["members"]] == ["head", "spouse", "child"]
    patched = post_json(
        client, f"/api/v1/households/{pk}/members/{child.json()['id']}", {"monthly_income": "0.02"}, "patch"
    )
    assert patched.status_code == 200 and patched.json()["monthly_income"] == "0.02"
    assert client.get(f"/api/v1/households/{pk}").json()["per_capita_income"] == "444.45"
    assert len(client.get(f"/api/v1/households/{pk}/members").json()) == 3
    assert client.delete(f"/api/v1/households/{pk}/members/{child.json()['id']}").status_code == 204
    listed = client.get("/api/v1/households/?q=zsf").json()
    assert listed["count"] == 1 and listed["items"][0]["head_name"] == "张三丰"
    assert client.delete(f"/api/v1/households/{pk}").status_code == 204
    assert not Household.objects.exists()


def test_api_household_errors_carry_fields(api, family, registry):
    client = api("township1")
    dup = post_json(
        client,
        f"/api/v1/households/{family.pk}/members",
        {"person": registry.li_si.pk, "relationship": "child"},
    )
    assert dup.status_code == 409 and dup.json()["errors"][0]["field"] == "person"
    bad = post_json(
        client,
        f"/api/v1/households/{family.pk}/members",
        {"name": "某", "relationship": "cousin", "monthly_income": "1.234"},
    )
    assert bad.status_code == 400
    assert {e["field"] for e in bad.json()["errors"]} == {"relationship", "monthly_income"}
    head = family.members.get(relationship="head")
    removed = client.delete(f"/api/v1/households/{family.pk}/members/{head.pk}")
    assert removed.status_code == 409


def test_reading_household_members_through_the_api_is_logged(api, family):
    api("auditor").get(f"/api/v1/households/{family.pk}/members")
    assert LogEntry.objects.get_for_object(family).filter(action=LogEntry.Action.ACCESS).count() == 1
    assert api("auditor").delete(f"/api/v1/households/{family.pk}").status_code == 403


# --- memberships


@pytest.fixture
def member(county, registry):
    return services.membership_join(
        by=county.user("admin"),
        person=registry.zhang_sanfeng,  # registered by township 1, member of grassroots 1
        union=county.grassroots1,
        member_number="NJ-0001",
        joined_on=datetime.date(2015, 6, 28),
    )


def test_person_detail_shows_memberships_with_transfers(login, county, member):
    services.membership_transfer(
        by=county.user("admin"), membership=member, to_union=county.grassroots2, on=datetime.date(2020, 1, 1)
    )
    page = login("admin").get(f"/people/{member.person_id}/").content.decode()
    assert 'data-testid="membership-panel"' in page
    assert "NJ-0001" in page and "南江镇中心小学工会 → 长赤镇卫生院工会" in page


def test_the_chair_keeps_the_roll_of_their_union_including_people_registered_above_it(login, member):
    client = login("chair1")
    page = client.get("/people/memberships/").content.decode()
    assert page.count('data-testid="member-row"') == 1 and "NJ-0001" in page and "张三丰" in page
    assert member.person.id_number not in page
    assert (
        client.get(f"/people/{member.person_id}/").status_code == 404
    )  # the person record is the township's
    response = client.post(
        f"/people/memberships/{member.pk}/leave/", {"status": "left", "on": "2021-01-01", "reason": "退休"}
    )
    assert response.status_code == 302 and response["Location"].startswith("/people/memberships/")
    member.refresh_from_db()
    assert member.status == "left"


def test_roll_filters_by_union_status_and_search(api, county, member, registry):
    services.membership_join(by=county.user("admin"), person=registry.zhang_san, union=county.grassroots1)
    client = api("township1")
    assert client.get("/api/v1/memberships/?q=zsf").json()["count"] == 1
    assert client.get(f"/api/v1/memberships/?q={member.person.id_number[-4:]}").json()["count"] == 1
    assert client.get(f"/api/v1/memberships/?union={county.grassroots1.pk}").json()["count"] == 2
    assert client.get("/api/v1/memberships/?status=left").json()["count"] == 0
    assert client.get("/api/v1/memberships/?status=gone").status_code == 400


def test_join_transfer_and_leave_pages(login, county, registry):
    client = login("township1")
    response = client.post(
        f"/people/{registry.zeng_guofan.pk}/membership/new/",
        {"union": county.grassroots1.pk, "joined_on": "2019-05-01", "member_number": "nj-0099"},
    )
    assert response.status_code == 302
    membership = Membership.objects.get(person=registry.zeng_guofan)
    assert membership.member_number == "NJ-0099"
    refused = client.post(
        f"/people/memberships/{membership.pk}/transfer/",
        {"to_union": county.grassroots2.pk, "on": "2020-01-01"},
    )
    assert refused.status_code == 200  # not a union this cadre may choose
    left = client.post(
        f"/people/memberships/{membership.pk}/leave/", {"status": "left", "on": "2020-01-01", "reason": ""}
    )
    assert left.status_code == 200 and "invalid-feedback" in left.content.decode()
    membership.refresh_from_db()
    assert (membership.org, membership.status) == (county.grassroots1, "active")


def test_api_membership_join_transfer_leave(api, county, registry):
    client = api("admin")
    joined = post_json(
        client,
        "/api/v1/memberships/",
        {"person": registry.li_si.pk, "union": county.grassroots1.pk, "joined_on": "2016-03-08"},
    )
    assert joined.status_code == 201, joined.content
    pk = joined.json()["id"]
    again = post_json(
        client, "/api/v1/memberships/", {"person": registry.li_si.pk, "union": county.grassroots2.pk}
    )
    assert again.status_code == 409 and again.json()["errors"][0]["field"] == "person"
    moved = post_json(
        client,
        f"/api/v1/memberships/{pk}/transfer",
        {"to_union": county.grassroots2.pk, "on": "2020-02-02", "note": "调动"},
    )
    assert moved.status_code == 200
    body = moved.json()
    assert body["union"] == county.grassroots2.pk
    assert body["transfers"] == [
        {
            "from_union": county.grassroots1.pk,
            "from_union_name": "南江镇中心小学工会",
            "to_union": county.grassroots2.pk,
            "to_union_name": "长赤镇卫生院工会",
            "on": "2020-02-02",
            "by": "admin",
            "note": "调动",
        }
    ]
    no_reason = post_json(client, f"/api/v1/memberships/{pk}/leave", {"on": "2021-01-01"})
    assert no_reason.status_code == 400 and no_reason.json()["errors"][0]["field"] == "reason"
    left = post_json(
        client,
        f"/api/v1/memberships/{pk}/leave",
        {"on": "2021-01-01", "reason": "调往外县", "status": "transferred"},
    )
    assert left.status_code == 200 and left.json()["status"] == "transferred"
    assert client.get(f"/api/v1/memberships/{pk}").json()["left_reason"] == "调往外县"


# --- exports


def test_people_export_is_masked_by_default_and_logged_with_filter_and_count(login, registry):
    rows = sheet(login("township1").get("/people/export/?q=张"))
    assert len(rows) == 3  # header, 张三, 张三丰
    text = str(rows)
    assert registry.zhang_sanfeng.id_number not in text and "13812345678" not in text
    assert registry.zhang_sanfeng.id_number[:4] + "*" * 10 in text
    entry = exports_logged().get()
    assert entry.actor.username == "township1"
    assert entry.additional_data["filters"] == {"q": "张"}
    assert (entry.additional_data["count"], entry.additional_data["full"]) == (2, False)


def test_full_export_needs_reveal_over_every_row(login, api, registry):
    full = sheet(login("township1").get("/people/export/?full=1"))
    assert registry.zhang_sanfeng.id_number in str(full) and "13812345678" in str(full)
    entry = exports_logged().get()
    assert entry.additional_data["full"] is True and entry.additional_data["count"] == 4
    assert login("chair1").get("/people/export/?full=1").status_code == 403
    assert login("auditor").get("/people/export/?full=1").status_code == 403
    assert api("auditor").get("/api/v1/people/export?full=true").status_code == 403
    assert exports_logged().count() == 1
    masked = sheet(api("auditor").get("/api/v1/people/export"))
    assert len(masked) == 7 and registry.wang_wu.id_number not in str(masked)


def test_roll_export_masks_and_full_values_follow_the_persons_scope(login, api, member):
    masked = sheet(login("chair1").get("/people/memberships/export/"))
    assert masked[1][0] == "NJ-0001" and member.person.id_number not in str(masked)
    assert login("chair1").get("/people/memberships/export/?full=1").status_code == 403
    full = sheet(api("township1").get("/api/v1/memberships/export?full=true"))
    assert member.person.id_number in str(full)
    assert [e.additional_data["full"] for e in exports_logged().order_by("pk")] == [False, True]


def test_list_pages_offer_the_export_with_the_current_filters(login, member):
    page = login("township1").get("/people/?status=active&page=1").content.decode()
    assert 'href="/people/export/?status=active"' in page
    assert "full=1" in page
    assert "full=1" not in login("chair1").get("/people/").content.decode()


# --- duplicates


@pytest.fixture
def twins(county):
    admin = county.user("admin")
    born = datetime.date(1980, 5, 6)
    a = services.person_create(
        by=admin, org=county.township1, name="赵六", id_number=id_for(born, 1), phone="13811112222"
    )
    b = services.person_create(
        by=admin, org=county.grassroots1, name="赵六", id_number=id_for(born, 2), address="南江镇"
    )
    return a, b


def test_review_page_shows_pairs_side_by_side_masked(login, twins):
    a, b = twins
    page = login("township1").get("/people/duplicates/").content.decode()
    assert page.count('data-testid="pair"') == 1 and page.count('data-testid="side"') == 2
    assert page.count("badge text-bg-warning") == 1  # one reason: same name and birth date
    assert a.id_number not in page and b.id_number not in page and "13811112222" not in page
    assert login("auditor").get("/people/duplicates/").status_code == 403


def test_merging_from_the_review_page(login, twins):
    a, b = twins
    response = login("township1").post("/people/duplicates/merge/", {"a": a.pk, "b": b.pk, "survivor": b.pk})
    assert response.status_code == 302
    a.refresh_from_db()
    assert a.merged_into_id == b.pk
    assert 'data-testid="pair"' not in login("township1").get("/people/duplicates/").content.decode()


def test_marking_distinct_from_the_review_page_takes_the_pair_off_the_list(login, twins):
    a, b = twins
    login("township1").post("/people/duplicates/distinct/", {"a": a.pk, "b": b.pk, "note": "父子同名"})
    assert DuplicateDecision.objects.get().note == "父子同名"
    assert 'data-testid="pair"' not in login("township1").get("/people/duplicates/").content.decode()


def test_api_lists_merges_and_marks_distinct(api, county, twins):
    a, b = twins
    client = api("township1")
    body = client.get("/api/v1/people/duplicates").json()
    assert body["count"] == 1
    pair = body["items"][0]
    assert {pair["a"]["id"], pair["b"]["id"]} == {a.pk, b.pk} and pair["reasons"] == ["same_name_birth"]
    assert a.id_number not in json.dumps(body)
    c = services.person_create(
        by=county.user("admin"),
        org=county.township1,
        name="赵六",
        id_number=id_for(datetime.date(1980, 5, 6), 3),
    )
    distinct = post_json(client, "/api/v1/people/duplicates/distinct", {"a": c.pk, "b": a.pk})
    assert distinct.status_code == 201 and (distinct.json()["a"], distinct.json()["b"]) == (a.pk, c.pk)
    merged = post_json(client, f"/api/v1/people/{a.pk}/merge", {"duplicate": b.pk})
    assert merged.status_code == 200, merged.content
    assert merged.json()["address"] == "南江镇" and merged.json()["phone"] == "138****2222"
    assert client.get("/api/v1/people/duplicates").json()["count"] == 0
    assert api("auditor").get("/api/v1/people/duplicates").status_code == 403


def test_a_merged_records_page_leads_to_the_survivor_and_the_api_answers_its_tombstone(
    login, api, county, twins
):
    a, b = twins
    services.person_merge(by=county.user("admin"), survivor=a, duplicate=b)
    response = login("township1").get(f"/people/{b.pk}/")
    assert response.status_code == 302 and response["Location"] == f"/people/{a.pk}/"
    body = api("township1").get(f"/api/v1/people/{b.pk}").json()
    assert (body["status"], body["merged_into"], body["id_number"]) == ("merged", a.pk, "")
    assert api("township2").get(f"/api/v1/people/{b.pk}").status_code == 404
    assert login("township1").get(f"/people/{b.pk}/edit/").status_code == 404
    assert b.pk not in [p["id"] for p in api("township1").get("/api/v1/people/").json()["items"]]


# --- the panels extension point


def extra_panel(request, person):
    return [Panel("困难档案（测试）", "people/_duplicate_side.html", {"p": person})]


def nothing(request, person):
    return []


@override_settings(
    GONGHUI_PERSON_PANELS=[
        "gonghui.people.panels.household_panel",
        "gonghui.people.tests.test_registry_pages.nothing",
        "gonghui.people.tests.test_registry_pages.extra_panel",
    ]
)
def test_apps_add_panels_to_the_person_page_through_one_setting(login, registry):
    page = login("township1").get(f"/people/{registry.li_si.pk}/").content.decode()
    assert page.count('data-testid="panel"') == 2
    assert "困难档案（测试）" in page
    assert 'data-testid="household-panel"' in page and 'data-testid="membership-panel"' not in page


def test_the_registry_registers_its_own_panels(login, registry):
    page = login("township1").get(f"/people/{registry.li_si.pk}/").content.decode()
    # Other apps (hardship, rights) add panels of their own through the same setting.
    assert page.count('data-testid="panel"') >= 2
    assert 'data-testid="household-panel"' in page and 'data-testid="membership-panel"' in page


def test_the_openapi_description_lists_the_new_endpoints(client, county):
    paths = client.get("/api/v1/openapi.json").json()["paths"]
    for path in [
        "/api/v1/households/",
        "/api/v1/households/{household_id}/members",
        "/api/v1/households/{household_id}/members/{member_id}",
        "/api/v1/memberships/",
        "/api/v1/memberships/{membership_id}/transfer",
        "/api/v1/memberships/{membership_id}/leave",
        "/api/v1/memberships/export",
        "/api/v1/people/export",
        "/api/v1/people/duplicates",
        "/api/v1/people/duplicates/distinct",
        "/api/v1/people/{person_id}/merge",
    ]:
        assert path in paths, path
