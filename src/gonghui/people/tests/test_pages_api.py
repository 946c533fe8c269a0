"""Pages and API of the registry: masking, access events, forms, and scope on every endpoint."""

import datetime
import json

import factory
import pytest
from auditlog.models import LogEntry

from gonghui.people.models import Person
from gonghui.people.tests.conftest import id_for
from gonghui.people.tests.factories import PersonFactory

pytestmark = pytest.mark.django_db


def accesses(person):
    return LogEntry.objects.get_for_object(person).filter(action=LogEntry.Action.ACCESS)


# --- masking and access events


def test_detail_page_is_masked_until_an_allowed_role_asks_and_the_read_is_logged(login, registry):
    person = registry.zhang_sanfeng
    client = login("township1")
    page = client.get(f"/people/{person.pk}/").content.decode()
    assert person.id_number not in page and person.phone not in page
    assert person.id_number[:4] + "**********" + person.id_number[-4:] in page
    assert 'data-testid="reveal"' in page
    assert not accesses(person).exists()

    revealed = client.post(f"/people/{person.pk}/reveal/").content.decode()
    assert person.id_number in revealed and person.phone in revealed
    entry = accesses(person).get()
    assert entry.actor.username == "township1"
    assert set(entry.changes_dict["fields"]) == {"id_number", "phone"}


@pytest.mark.parametrize("user", ["auditor", "chair1", "finance"])
def test_roles_without_reveal_see_masked_values_only(login, registry, user):
    person = registry.zhang_san
    client = login(user)
    page = client.get(f"/people/{person.pk}/").content.decode()
    assert person.id_number not in page and 'data-testid="reveal"' not in page
    assert client.post(f"/people/{person.pk}/reveal/").status_code == 403
    assert not accesses(person).exists()


def test_auditor_gets_masked_values_from_the_api_and_no_access_is_logged(api, registry):
    person = registry.zhang_sanfeng
    body = api("auditor").get(f"/api/v1/people/{person.pk}").json()
    assert body["id_number"] == person.id_number[:4] + "*" * 10 + person.id_number[-4:]
    assert body["phone"] == "138****5678"
    assert body["revealed"] is False
    assert not accesses(person).exists()


def test_api_detail_gives_allowed_roles_full_values_and_logs_each_read(api, registry):
    person = registry.zhang_sanfeng
    client = api("township1")
    body = client.get(f"/api/v1/people/{person.pk}").json()
    assert (body["id_number"], body["phone"], body["revealed"]) == (person.id_number, person.phone, True)
    assert (body["sex"], body["birth_date"], body["name"]) == ("male", "1962-04-09", "张三丰")
    assert accesses(person).count() == 1
    masked = client.get(f"/api/v1/people/{person.pk}?reveal=false").json()
    assert masked["revealed"] is False and person.id_number not in json.dumps(masked)
    assert accesses(person).count() == 1


def test_api_list_always_masks(api, registry):
    body = api("admin").get("/api/v1/people/").json()
    assert body["count"] == 6
    text = json.dumps(body)
    assert registry.zhang_sanfeng.id_number not in text and "13812345678" not in text


# --- lists, search and filters


def test_list_page_searches_in_scope(login, registry):
    page = login("township1").get("/people/?q=张三").content.decode()
    assert page.count('data-testid="person-row"') == 2
    page = login("township2").get("/people/?q=张三").content.decode()
    assert page.count('data-testid="person-row"') == 1


def test_api_list_searches_ranks_and_filters(api, county, registry):
    client = api("township1")
    body = client.get("/api/v1/people/?q=zhangsan").json()
    assert [(i["name"], i["rank"]) for i in body["items"]] == [("张三", 0), ("张三丰", 10)]
    assert body["count"] == 2
    assert [i["name"] for i in client.get("/api/v1/people/?is_migrant=true").json()["items"]] == ["张三丰"]
    within = client.get(f"/api/v1/people/?org={county.grassroots1.pk}").json()
    assert [i["name"] for i in within["items"]] == ["张三"]
    assert client.get(f"/api/v1/people/?org={county.township2.pk}").json()["count"] == 0
    names = [i["name"] for i in client.get("/api/v1/people/").json()["items"]]
    assert names == ["李四", "曾国藩", "张三", "张三丰"]  # pinyin order
    assert client.get("/api/v1/people/?limit=1&offset=1").json()["items"][0]["name"] == "曾国藩"


def test_api_list_refuses_a_bad_filter_value(api, registry):
    response = api("township1").get("/api/v1/people/?status=retired")
    assert response.status_code == 400
    assert response.json()["errors"][0]["field"] == "status"


# --- scope: township 2 cannot reach township 1's people by any page or endpoint


def _endpoints(pk):
    return [
        ("get", f"/people/{pk}/", None),
        ("post", f"/people/{pk}/reveal/", {}),
        ("get", f"/people/{pk}/edit/", None),
        ("post", f"/people/{pk}/edit/", {"name": "改名"}),
        ("post", f"/people/{pk}/status/", {"status": "moved_away"}),
    ]


def test_township2_gets_404_for_township1_person_on_every_page(login, registry):
    client = login("township2")
    for method, url, data in _endpoints(registry.zhang_sanfeng.pk):
        response = client.get(url) if method == "get" else client.post(url, data)
        assert response.status_code == 404, url


def test_township2_gets_404_for_township1_person_on_every_endpoint(api, registry):
    client = api("township2")
    pk = registry.zhang_sanfeng.pk
    assert client.get(f"/api/v1/people/{pk}").status_code == 404
    patch = client.patch(
        f"/api/v1/people/{pk}", data=json.dumps({"name": "改名"}), content_type="application/json"
    )
    assert patch.status_code == 404
    status = client.post(
        f"/api/v1/people/{pk}/status",
        data=json.dumps({"status": "moved_away"}),
        content_type="application/json",
    )
    assert status.status_code == 404
    assert status.json()["detail"]
    assert Person.objects.get(pk=pk).name == "张三丰"


def test_township2_cannot_find_township1_people_by_any_search_on_page_or_api(login, api, registry):
    person = registry.zhang_sanfeng
    client, page = api("township2"), login("township2")
    for query in [
        "丰",
        "三丰",
        "zhangsanfeng",
        "zsf",
        person.id_number,
        person.id_number[-4:],
        person.id_number[-6:],
        person.phone,
        person.phone[-4:],
    ]:
        assert client.get("/api/v1/people/", {"q": query}).json()["count"] == 0, query
        assert "张三丰" not in page.get("/people/", {"q": query}).content.decode(), query
        assert "张三丰" not in page.get("/search/", {"q": query}).content.decode(), query


def test_editor_and_worker_cannot_open_the_registry(login, api, registry):
    assert login("editor").get("/people/").status_code == 403
    assert api("editor").get("/api/v1/people/").json()["count"] == 0
    assert login("worker1").get("/people/").status_code == 403


# --- writing through the API


def test_api_create_defaults_to_the_callers_organisation(api, county):
    number = id_for(datetime.date(1980, 5, 6), 11)
    response = api("township1").post(
        "/api/v1/people/",
        data=json.dumps({"name": "孙八", "id_number": number, "phone": "139 0000 2222", "ethnicity": "01"}),
        content_type="application/json",
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["org"] == county.township1.pk
    assert body["id_number"] != number and body["phone"] == "139****2222"
    assert Person.objects.get(pk=body["id"]).id_number == number


def test_api_refuses_a_duplicate_and_a_contradicting_sex_with_field_errors(api, registry):
    client = api("township1")
    duplicate = client.post(
        "/api/v1/people/",
        data=json.dumps({"name": "张三丰", "id_number": registry.zhang_sanfeng.id_number.lower()}),
        content_type="application/json",
    )
    assert duplicate.status_code == 409
    assert duplicate.json()["errors"] == [{"field": "id_number", "message": duplicate.json()["detail"]}]
    number = id_for(datetime.date(1980, 5, 6), 11)  # male
    wrong_sex = client.post(
        "/api/v1/people/",
        data=json.dumps({"name": "孙八", "id_number": number, "sex": "female"}),
        content_type="application/json",
    )
    assert wrong_sex.status_code == 400
    assert [e["field"] for e in wrong_sex.json()["errors"]] == ["sex"]


def test_api_patch_and_status(api, registry):
    client = api("township1")
    pk = registry.li_si.pk
    patched = client.patch(
        f"/api/v1/people/{pk}",
        data=json.dumps({"work_city": "西安市", "is_migrant_worker": True}),
        content_type="application/json",
    )
    assert patched.status_code == 200 and patched.json()["work_city"] == "西安市"
    status = client.post(
        f"/api/v1/people/{pk}/status",
        data=json.dumps({"status": "moved_away", "note": "迁往巴中"}),
        content_type="application/json",
    )
    assert status.status_code == 200 and status.json()["status"] == "moved_away"
    assert client.get("/api/v1/people/?status=moved_away").json()["count"] == 1


def test_auditor_cannot_write_through_the_api(api, registry):
    response = api("auditor").post(
        f"/api/v1/people/{registry.li_si.pk}/status",
        data=json.dumps({"status": "deceased"}),
        content_type="application/json",
    )
    assert response.status_code == 403


# --- forms


def test_create_form_shows_errors_beside_fields_and_saves_nothing(login, county):
    response = login("township1").post(
        "/people/new/",
        {"org": county.township1.pk, "name": "周九", "id_number": "511922199001011234", "phone": "12345"},
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert page.count("invalid-feedback d-block") >= 2
    assert not Person.objects.exists()


def test_create_form_registers_and_redirects_to_the_detail(login, county):
    number = id_for(datetime.date(1975, 7, 7), 8)
    response = login("chair1").post(
        "/people/new/",
        {"org": county.grassroots1.pk, "name": "吴十", "id_number": number, "phone": "13511112222"},
    )
    person = Person.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/people/{person.pk}/"
    assert person.org == county.grassroots1 and person.sex == "female"


def test_edit_form_keeps_id_and_phone_when_left_empty_and_can_remove_the_phone(login, registry):
    person = registry.zhang_san
    client = login("township1")
    form = client.get(f"/people/{person.pk}/edit/").content.decode()
    assert person.id_number not in form and person.phone not in form
    base = {"org": person.org_id, "name": "张三", "address": "南江镇"}
    assert client.post(f"/people/{person.pk}/edit/", base).status_code == 302
    person.refresh_from_db()
    assert (person.address, person.phone) == ("南江镇", "13900001111")
    client.post(f"/people/{person.pk}/edit/", {**base, "remove_phone": "on"})
    person.refresh_from_db()
    assert person.phone == "" and person.id_number


def test_status_form_changes_status(login, registry):
    person = registry.li_si
    response = login("township1").post(
        f"/people/{person.pk}/status/", {"status": "deceased", "on": "2024-01-02"}
    )
    assert response.status_code == 302
    person.refresh_from_db()
    assert person.status == "deceased"


def test_home_shows_the_people_counter_and_the_menu_entry(login, registry):
    page = login("township1").get("/").content.decode()
    assert "/people/?status=active" in page
    assert 'href="/people/"' in page
    assert 'href="/people/"' not in login("editor").get("/").content.decode()


def test_api_pages_through_many_matches_in_rank_order(api, county):
    PersonFactory.create_batch(
        30, org=county.grassroots1, name=factory.Iterator(["王" + c for c in "一二三四五六七八九十"])
    )
    PersonFactory(org=county.township1, name="王")
    client = api("township1")
    first = client.get("/api/v1/people/", {"q": "王", "limit": 10}).json()
    assert first["count"] == 31
    assert [(i["name"], i["rank"]) for i in first["items"][:2]] == [
        ("王", 0),
        ("王八", 10),
    ]  # then pinyin order
    rest = client.get("/api/v1/people/", {"q": "王", "limit": 10, "offset": 30}).json()
    assert len(rest["items"]) == 1
    assert api("township2").get("/api/v1/people/", {"q": "王"}).json()["count"] == 0


# --- searches that match more than the cap


@pytest.fixture
def cap_of_five(monkeypatch):
    monkeypatch.setattr("gonghui.people.queries.persons.SEARCH_CAP", 5)


@pytest.fixture
def many_wang(county):
    """Twelve people with 王 in their name in township 1 (the exact 王 last), three in township 2."""
    PersonFactory.create_batch(
        10, org=county.grassroots1, name=factory.Iterator(["王" + c for c in "一二三四五六七八九十"])
    )
    PersonFactory(org=county.township1, name="小王")
    PersonFactory(org=county.township1, name="王")
    PersonFactory.create_batch(3, org=county.township2, name="王五")


def test_api_counts_a_search_up_to_the_cap_and_says_it_stopped(api, cap_of_five, many_wang):
    client = api("township1")
    body = client.get("/api/v1/people/", {"q": "王", "limit": 3}).json()
    assert (body["count"], body["count_capped"]) == (5, True)
    assert [(i["name"], i["rank"]) for i in body["items"]][:1] == [("王", 0)]  # the exact match first
    rest = client.get("/api/v1/people/", {"q": "王", "limit": 3, "offset": 3}).json()
    names = [i["name"] for i in body["items"] + rest["items"]]
    assert len(names) == len(set(names)) == 5 and "王五" not in names  # paged without repeats, in scope
    assert all(i["rank"] > 0 for i in body["items"][1:] + rest["items"])


def test_api_search_under_the_cap_is_counted_and_ranked_in_full(api, cap_of_five, many_wang):
    body = api("township2").get("/api/v1/people/", {"q": "王"}).json()
    assert (body["count"], body["count_capped"]) == (3, False)
    body = api("township1").get("/api/v1/people/", {"q": "王一"}).json()
    assert (body["count"], body["count_capped"], body["items"][0]["name"]) == (1, False, "王一")
    assert api("township1").get("/api/v1/people/").json()["count_capped"] is False  # no search: full count


def test_capped_pinyin_search_lists_exact_initials_and_pinyin_first(api, county, cap_of_five):
    PersonFactory.create_batch(
        8, org=county.township1, name=factory.Iterator(["王伟" + c for c in "一二三四五六七八"])
    )
    PersonFactory(org=county.township1, name="汪伟")  # wangwei, initials ww
    PersonFactory(org=county.township1, name="王巍")
    body = api("township1").get("/api/v1/people/", {"q": "ww"}).json()
    assert (body["count"], body["count_capped"]) == (5, True)
    assert [(i["name"], i["rank"]) for i in body["items"][:2]] == [("汪伟", 0), ("王巍", 0)]
    body = api("township1").get("/api/v1/people/", {"q": "wangwei"}).json()
    assert body["count_capped"] is True and {i["name"] for i in body["items"][:2]} == {"汪伟", "王巍"}
    assert [i["rank"] for i in body["items"][:2]] == [0, 0]


def test_capped_search_with_a_filter_counts_only_the_filtered_people(api, county, cap_of_five, many_wang):
    Person.objects.filter(name__in=["王一", "王二"]).update(status="deceased")
    body = api("township1").get("/api/v1/people/", {"q": "王", "status": "deceased"}).json()
    assert (body["count"], body["count_capped"]) == (2, False)
    assert {i["name"] for i in body["items"]} == {"王一", "王二"}
    body = api("township1").get("/api/v1/people/", {"q": "王", "status": "active"}).json()
    assert (body["count"], body["count_capped"], body["items"][0]["name"]) == (5, True, "王")


def test_list_page_says_more_than_the_cap_match(login, cap_of_five, many_wang):
    page = login("township1").get("/people/?q=王").content.decode()
    assert page.count('data-testid="person-row"') == 5
    assert 'data-testid="count-capped"' in page
    page = login("township2").get("/people/?q=王").content.decode()
    assert page.count('data-testid="person-row"') == 3 and 'data-testid="count-capped"' not in page
