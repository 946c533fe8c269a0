"""/api/v1/aid-rules/ and /api/v1/minimum-living-standards/: read in scope, written by administrators only."""

from __future__ import annotations

from typing import Any

import pytest
from auditlog.models import LogEntry

from gonghui.hardship.models import AidRule, MinimumLivingStandard
from gonghui.hardship.tests.conftest import YEAR
from gonghui.orgs.models import Region

pytestmark = pytest.mark.django_db

RULES = "/api/v1/aid-rules/"
STANDARDS = "/api/v1/minimum-living-standards/"
EN = {"HTTP_ACCEPT_LANGUAGE": "en"}


@pytest.fixture
def rule(county: Any) -> AidRule:
    """The federation's living-aid rule: 800 yuan, caps 2,000 per person and 3,000 per household."""
    return AidRule.objects.create(
        org=county.federation,
        aid_type="living",
        year=YEAR,
        standard_amount="800.00",
        cap_person="2000.00",
        cap_household="3000.00",
        cadre_limit="1000.00",
    )


@pytest.fixture
def standard(county: Any) -> MinimumLivingStandard:
    return MinimumLivingStandard.objects.create(
        region=county.region, year=YEAR, urban="500.00", rural="300.00"
    )


def _send(client: Any, method: str, url: str, data: dict[str, Any]) -> Any:
    return getattr(client, method)(url, data, content_type="application/json", **EN)


def _snapshot() -> tuple[Any, ...]:
    """Everything a refused write must leave as it was."""
    return (
        list(AidRule.objects.order_by("pk").values()),
        list(MinimumLivingStandard.objects.order_by("pk").values()),
        LogEntry.objects.count(),
    )


# --- reading -------------------------------------------------------------------------------------------


def test_a_township_cadre_lists_their_own_rules_and_the_federations_but_never_another_townships(
    county, rule, api
):
    AidRule.objects.create(org=county.federation, aid_type="medical", year=YEAR - 1, cap_person="9000.00")
    own = AidRule.objects.create(org=county.township1, aid_type="living", year=YEAR, standard_amount="600")
    other = AidRule.objects.create(org=county.township2, aid_type="living", year=YEAR, standard_amount="700")
    client = api("township1")
    body = client.get(RULES).json()
    assert body["count"] == 3
    assert other.pk not in {r["id"] for r in body["items"]}
    assert {r["id"] for r in client.get(RULES, {"year": YEAR}).json()["items"]} == {rule.pk, own.pk}
    assert [r["aid_type"] for r in client.get(RULES, {"aid_type": "medical"}).json()["items"]] == ["medical"]
    assert [r["id"] for r in client.get(RULES, {"org": county.township1.pk}).json()["items"]] == [own.pk]
    assert client.get(RULES, {"org": county.township2.pk}).json() == {"items": [], "count": 0}
    assert client.get(f"{RULES}{other.pk}").status_code == 404
    assert _send(client, "patch", f"{RULES}{other.pk}", {"cap_person": "1"}).status_code == 404
    assert api("auditor").get(RULES).json()["count"] == 4


def test_the_rules_list_is_paged_and_shows_amounts_to_the_fen(county, rule, api):
    AidRule.objects.create(org=county.federation, aid_type="medical", year=YEAR)
    body = api("township1").get(RULES, {"limit": 1, "offset": 0}).json()
    assert body["count"] == 2 and len(body["items"]) == 1
    item = api("township1").get(f"{RULES}{rule.pk}").json()
    assert (item["org"], item["standard_amount"], item["cap_household"]) == (
        county.federation.pk,
        "800.00",
        "3000.00",
    )


def test_the_standards_are_listed_by_year_and_region(county, standard, api):
    town = Region.objects.create(
        code="511922100", name="南江镇", level=Region.Level.TOWNSHIP, parent=county.region
    )
    MinimumLivingStandard.objects.create(region=county.region, year=YEAR - 1, urban="480.00", rural="290.00")
    MinimumLivingStandard.objects.create(region=town, year=YEAR, urban="520.00", rural="310.00")
    client = api("township2")
    assert client.get(STANDARDS).json()["count"] == 3
    rows = client.get(STANDARDS, {"year": YEAR, "region": county.region.pk}).json()["items"]
    assert [(r["id"], r["region_name"], r["urban"], r["rural"]) for r in rows] == [
        (standard.pk, "南江县", "500.00", "300.00")
    ]


def test_someone_who_may_not_read_hardship_gets_403_on_the_lists(county, rule, standard, api):
    client = api("editor")
    for url in (RULES, f"{RULES}{rule.pk}", STANDARDS, f"{STANDARDS}{standard.pk}"):
        assert client.get(url).status_code == 403


# --- writing -------------------------------------------------------------------------------------------


def test_an_administrator_creates_a_rule_and_the_audit_log_records_it(county, api):
    res = _send(
        api("admin"),
        "post",
        RULES,
        {
            "org": county.township1.pk,
            "aid_type": "education",
            "year": YEAR,
            "level_amounts": {"bachelor": "5000", "college": 3000},
            "cap_person": "5000.00",
            "cadre_limit": "1500.5",
        },
    )
    assert res.status_code == 201, res.content
    body = res.json()
    assert (body["org"], body["aid_type"], body["year"]) == (county.township1.pk, "education", YEAR)
    assert body["level_amounts"] == {"bachelor": "5000.00", "college": "3000.00"}
    assert (body["cap_person"], body["cap_household"], body["cadre_limit"]) == ("5000.00", None, "1500.50")
    entry = LogEntry.objects.get(object_pk=str(body["id"]), changes_text="aid rule saved")
    assert entry.actor == county.user("admin")
    assert entry.changes["cap_person"] == ["", "5000.00"]


def test_a_patch_changes_only_the_fields_sent_and_the_audit_log_keeps_before_and_after(county, rule, api):
    res = _send(api("admin"), "patch", f"{RULES}{rule.pk}", {"cap_person": "2500", "cadre_limit": None})
    assert res.status_code == 200, res.content
    assert (res.json()["cap_person"], res.json()["cadre_limit"]) == ("2500.00", None)
    rule.refresh_from_db()
    assert (str(rule.standard_amount), str(rule.cap_household), rule.year) == ("800.00", "3000.00", YEAR)
    entry = LogEntry.objects.get(object_pk=str(rule.pk), changes_text="aid rule saved")
    assert entry.actor == county.user("admin")
    assert entry.changes == {"cap_person": ["2000.00", "2500.00"], "cadre_limit": ["1000.00", "None"]}


def test_an_administrator_creates_and_changes_a_standard_and_both_are_audited(county, standard, api):
    client = api("admin")
    res = _send(
        client,
        "post",
        STANDARDS,
        {"region": county.region.pk, "year": YEAR + 1, "urban": "560", "rural": 420.5},
    )
    assert res.status_code == 201, res.content
    assert (res.json()["urban"], res.json()["rural"], res.json()["region_name"]) == (
        "560.00",
        "420.50",
        "南江县",
    )
    res = _send(client, "patch", f"{STANDARDS}{standard.pk}", {"rural": "320"})
    assert res.status_code == 200, res.content
    standard.refresh_from_db()
    assert (str(standard.urban), str(standard.rural)) == ("500.00", "320.00")
    entry = LogEntry.objects.get(object_pk=str(standard.pk), changes_text="minimum-living standard saved")
    assert entry.changes == {"rural": ["300.00", "320.00"]}
    assert LogEntry.objects.filter(changes_text="minimum-living standard saved").count() == 2


@pytest.mark.parametrize("username", ["township1", "auditor"])
def test_a_township_cadre_or_an_auditor_gets_403_on_every_write_and_nothing_changes(
    county, rule, standard, api, username
):
    own = AidRule.objects.create(org=county.township1, aid_type="medical", year=YEAR)
    client = api(username)
    before = _snapshot()
    writes = [
        ("post", RULES, {"org": county.township1.pk, "aid_type": "legal", "year": YEAR}),
        ("post", RULES, {"org": county.federation.pk, "aid_type": "legal", "year": YEAR}),
        ("patch", f"{RULES}{rule.pk}", {"cap_person": "99999"}),
        ("patch", f"{RULES}{own.pk}", {"cap_person": "99999"}),
        ("post", STANDARDS, {"region": county.region.pk, "year": YEAR + 1, "urban": "1", "rural": "1"}),
        ("patch", f"{STANDARDS}{standard.pk}", {"urban": "1"}),
    ]
    for method, url, data in writes:
        res = _send(client, method, url, data)
        assert res.status_code == 403, (url, res.content)
        assert res.json()["detail"] == "Only a federation administrator may change aid rules and standards."
    assert _snapshot() == before


@pytest.mark.parametrize(
    ("method", "data", "field", "message"),
    [
        ("post", {"standard_amount": "-1"}, "standard_amount", "cannot be negative"),
        ("post", {"cadre_limit": "-0.01"}, "cadre_limit", "cannot be negative"),
        ("post", {"standard_amount": "800", "cap_person": "500"}, "cap_person", "cannot be below"),
        ("post", {"level_amounts": {"bachelor": "5000"}, "cap_household": "3000"}, "cap_household", "below"),
        ("post", {"standard_amount": "0.001"}, "standard_amount", "two decimal places"),
        ("post", {"standard_amount": "abc"}, "standard_amount", "Enter a number"),
        ("post", {"aid_type": "lottery"}, "aid_type", "type of aid"),
        ("post", {"org": 999999}, "org", "organisation"),
        ("post", {"aid_type": "living"}, "year", "already has a rule"),
        ("patch", {"cap_person": "-5"}, "cap_person", "cannot be negative"),
        ("patch", {"cap_household": "700"}, "cap_household", "cannot be below"),
        ("patch", {"aid_type": "medical"}, "year", "already has a rule"),
        ("patch", {"year": 1900}, "year", "such as 2026"),
    ],
)
def test_a_bad_rule_answers_400_beside_its_field_and_writes_nothing(
    county, rule, api, method, data, field, message
):
    AidRule.objects.create(org=county.federation, aid_type="medical", year=YEAR)
    client = api("admin")
    before = _snapshot()
    if method == "post":
        payload = {"org": county.federation.pk, "aid_type": "legal", "year": YEAR, **data}
        res = _send(client, "post", RULES, payload)
    else:
        res = _send(client, "patch", f"{RULES}{rule.pk}", data)
    assert res.status_code == 400, res.content
    body = res.json()
    assert body["errors"][0]["field"] == field
    assert message in body["errors"][0]["message"]
    assert body["detail"]
    assert _snapshot() == before


def test_a_rule_for_a_grassroots_union_answers_400_beside_the_organisation(county, api):
    payload = {"org": county.grassroots1.pk, "aid_type": "living", "year": YEAR}
    res = _send(api("admin"), "post", RULES, payload)
    assert res.status_code == 400, res.content
    assert res.json()["errors"][0]["field"] == "org"
    assert not AidRule.objects.exists()


@pytest.mark.parametrize(
    ("method", "data", "field", "message"),
    [
        ("post", {"urban": "-1"}, "urban", "cannot be negative"),
        ("post", {"rural": "0"}, "rural", "more than zero"),
        ("post", {"year": YEAR}, "year", "already has a standard"),
        ("post", {"region": 999999}, "region", "region"),
        ("post", {"urban": None}, "urban", "Enter a number"),
        ("patch", {"rural": "-300"}, "rural", "cannot be negative"),
        ("patch", {"year": YEAR - 1}, "year", "already has a standard"),
    ],
)
def test_a_bad_standard_answers_400_beside_its_field_and_writes_nothing(
    county, standard, api, method, data, field, message
):
    MinimumLivingStandard.objects.create(region=county.region, year=YEAR - 1, urban="480.00", rural="290.00")
    client = api("admin")
    before = _snapshot()
    if method == "post":
        payload = {"region": county.region.pk, "year": YEAR + 1, "urban": "500", "rural": "300", **data}
        res = _send(client, "post", STANDARDS, payload)
    else:
        res = _send(client, "patch", f"{STANDARDS}{standard.pk}", data)
    assert res.status_code == 400, res.content
    assert res.json()["errors"][0]["field"] == field
    assert message in res.json()["errors"][0]["message"]
    assert _snapshot() == before


def test_a_patch_of_a_rule_or_standard_that_does_not_exist_answers_404(county, api):
    client = api("admin")
    assert _send(client, "patch", f"{RULES}999999", {"cap_person": "1"}).status_code == 404
    assert _send(client, "patch", f"{STANDARDS}999999", {"urban": "1"}).status_code == 404


def test_the_errors_answer_in_chinese_by_default(county, rule, api):
    res = api("admin").post(
        RULES, {"org": 999999, "aid_type": "living", "year": YEAR}, content_type="application/json"
    )
    assert res.json()["errors"] == [{"field": "org", "message": "请选择组织。"}]
    res = api("township1").patch(f"{RULES}{rule.pk}", {"cap_person": "1"}, content_type="application/json")
    assert res.status_code == 403 and res.json()["detail"] == "只有总工会管理员可以修改帮扶规则和低保标准。"
