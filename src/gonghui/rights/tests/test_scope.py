"""Scope of every rights page and endpoint: a township cadre reaches only its own township's records
(anything else answers 404, as if it did not exist), in lists, exports, search and by guessed id."""

from __future__ import annotations

import datetime
import json
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest
from django.test import Client

from gonghui.rights.models import CaseClaimant, CaseStage, Consultation, DutyShift, LegalOutreach, RightsCase
from gonghui.rights.services import outreach as outreach_services
from gonghui.rights.services import roster as roster_services
from gonghui.rights.tests.endpoints import xlsx_text

MINE, THEIRS = "南江镇独有记录", "长赤镇独有记录"


@pytest.fixture
def records(county: Any, consult: Any, open_case: Any, points: Any) -> dict[str, dict[str, Any]]:
    """For each township: a consultation, a case, a duty shift and an outreach event."""
    rows: dict[str, dict[str, Any]] = {}
    for key, user, marker in (("t1", "township1", MINE), ("t2", "township2", THEIRS)):
        by = county.user(user)
        consultation = consult(by=user, point=key, summary=marker)
        case = open_case(by=user, point=key, title=marker, claimants=[{"name": f"{marker}工人"}])
        shift = roster_services.shift_create(
            by=by,
            service_point=points[key],
            date=datetime.date.today(),
            start_time=datetime.time(9),
            end_time=datetime.time(12),
            name=f"{marker}志愿者",
            kind="volunteer",
        )
        event = outreach_services.outreach_create(
            by=by, held_on=datetime.date.today(), title=marker, place="镇政府"
        )
        rows[key] = {"consultation": consultation, "case": case, "shift": shift, "outreach": event}
    return rows


def snapshot() -> list[Any]:
    return [
        list(Consultation.objects.order_by("pk").values_list("outcome", "summary", "decline_reason")),
        list(RightsCase.objects.order_by("pk").values_list("stage", "title")),
        list(CaseStage.objects.order_by("pk").values_list("stage", "left_at", "actions")),
        list(CaseClaimant.objects.order_by("pk").values_list("name", "recovered_amount")),
        list(DutyShift.objects.order_by("pk").values_list("date", "name", "start_time")),
        list(LegalOutreach.objects.order_by("pk").values_list("title", "materials")),
    ]


@dataclass(frozen=True)
class Endpoint:
    label: str
    kind: str  # which record of the other township it names
    method: str
    url: Callable[[Any], str]
    data: dict[str, Any] | None = None
    api: bool = False

    def __str__(self) -> str:
        return self.label

    def call(self, client: Client, row: Any) -> Any:
        url = self.url(row)
        if self.method == "get":
            return client.get(url)
        if self.api:
            body = json.dumps(self.data or {})
            return getattr(client, self.method)(url, data=body, content_type="application/json")
        return client.post(url, self.data or {})


ENDPOINTS = [
    Endpoint("consultation page", "consultation", "get", lambda r: f"/rights/consultations/{r.pk}/"),
    Endpoint("decline page", "consultation", "get", lambda r: f"/rights/consultations/{r.pk}/decline/"),
    Endpoint(
        "decline post",
        "consultation",
        "post",
        lambda r: f"/rights/consultations/{r.pk}/decline/",
        {"reason": "x"},
    ),
    Endpoint(
        "refer post",
        "consultation",
        "post",
        lambda r: f"/rights/consultations/{r.pk}/refer/",
        {"referral": "court", "referral_note": "x"},
    ),
    Endpoint(
        "open-case post",
        "consultation",
        "post",
        lambda r: f"/rights/consultations/{r.pk}/open-case/",
        {"type": "wage_arrears", "title": "x", "respondent_name": "x"},
    ),
    Endpoint("case page", "case", "get", lambda r: f"/rights/cases/{r.pk}/"),
    Endpoint(
        "case edit post",
        "case",
        "post",
        lambda r: f"/rights/cases/{r.pk}/edit/",
        {"type": "other", "title": "x"},
    ),
    Endpoint("case accept page", "case", "get", lambda r: f"/rights/cases/{r.pk}/accept/"),
    Endpoint("case accept post", "case", "post", lambda r: f"/rights/cases/{r.pk}/accept/", {}),
    Endpoint(
        "claimant add post", "case", "post", lambda r: f"/rights/cases/{r.pk}/claimants/add/", {"name": "x"}
    ),
    Endpoint("stage record post", "case", "post", lambda r: f"/rights/cases/{r.pk}/stage/", {"actions": "x"}),
    Endpoint("document upload page", "case", "get", lambda r: f"/rights/cases/{r.pk}/documents/add/"),
    Endpoint("shift page", "shift", "get", lambda r: f"/rights/roster/{r.pk}/"),
    Endpoint("shift edit post", "shift", "post", lambda r: f"/rights/roster/{r.pk}/edit/", {"delete": "1"}),
    Endpoint("outreach edit post", "outreach", "post", lambda r: f"/rights/outreach/{r.pk}/", {"title": "x"}),
    Endpoint("api consultation", "consultation", "get", lambda r: f"/api/v1/consultations/{r.pk}", api=True),
    Endpoint(
        "api consultation patch",
        "consultation",
        "patch",
        lambda r: f"/api/v1/consultations/{r.pk}",
        {"summary": "x"},
        api=True,
    ),
    Endpoint(
        "api decline",
        "consultation",
        "post",
        lambda r: f"/api/v1/consultations/{r.pk}/decline",
        {"reason": "x"},
        api=True,
    ),
    Endpoint(
        "api refer",
        "consultation",
        "post",
        lambda r: f"/api/v1/consultations/{r.pk}/refer",
        {"referral": "court", "referral_note": "x"},
        api=True,
    ),
    Endpoint(
        "api open-case",
        "consultation",
        "post",
        lambda r: f"/api/v1/consultations/{r.pk}/open-case",
        {"respondent_name": "x"},
        api=True,
    ),
    Endpoint("api case", "case", "get", lambda r: f"/api/v1/rights-cases/{r.pk}", api=True),
    Endpoint(
        "api case patch", "case", "patch", lambda r: f"/api/v1/rights-cases/{r.pk}", {"title": "x"}, api=True
    ),
    Endpoint("api accept", "case", "post", lambda r: f"/api/v1/rights-cases/{r.pk}/accept", api=True),
    Endpoint(
        "api close",
        "case",
        "post",
        lambda r: f"/api/v1/rights-cases/{r.pk}/close",
        {"outcome": "withdrawn"},
        api=True,
    ),
    Endpoint("api claimants", "case", "get", lambda r: f"/api/v1/rights-cases/{r.pk}/claimants", api=True),
    Endpoint(
        "api claimant add",
        "case",
        "post",
        lambda r: f"/api/v1/rights-cases/{r.pk}/claimants",
        {"name": "x"},
        api=True,
    ),
    Endpoint("api shift", "shift", "get", lambda r: f"/api/v1/duty-shifts/{r.pk}", api=True),
    Endpoint(
        "api shift patch", "shift", "patch", lambda r: f"/api/v1/duty-shifts/{r.pk}", {"note": "x"}, api=True
    ),
    Endpoint("api shift delete", "shift", "delete", lambda r: f"/api/v1/duty-shifts/{r.pk}", api=True),
    Endpoint(
        "api shift consultations",
        "shift",
        "get",
        lambda r: f"/api/v1/duty-shifts/{r.pk}/consultations",
        api=True,
    ),
    Endpoint("api outreach", "outreach", "get", lambda r: f"/api/v1/legal-outreach/{r.pk}", api=True),
    Endpoint(
        "api outreach patch",
        "outreach",
        "patch",
        lambda r: f"/api/v1/legal-outreach/{r.pk}",
        {"title": "x"},
        api=True,
    ),
]


@pytest.fixture
def client_for(login: Any, api: Any) -> Callable[[str, Endpoint], Client]:
    def _client(username: str, endpoint: Endpoint) -> Client:
        return api(username) if endpoint.api else login(username)

    return _client


@pytest.mark.parametrize("endpoint", ENDPOINTS, ids=str)
def test_township2_gets_404_for_township1s_records_and_nothing_changes(
    endpoint: Endpoint, records: Any, client_for: Any
) -> None:
    before = snapshot()
    response = endpoint.call(client_for("township2", endpoint), records["t1"][endpoint.kind])
    assert response.status_code == 404, response.content[:300]
    if endpoint.api:
        assert set(response.json()) == {"detail", "errors"}
    assert snapshot() == before


@pytest.mark.parametrize("endpoint", ENDPOINTS, ids=str)
def test_a_guessed_id_that_does_not_exist_answers_404_too(
    endpoint: Endpoint, records: Any, client_for: Any
) -> None:
    missing = type("Missing", (), {"pk": 999999})()
    assert endpoint.call(client_for("township1", endpoint), missing).status_code == 404


@pytest.mark.parametrize("endpoint", [e for e in ENDPOINTS if e.method != "get"], ids=str)
def test_the_auditor_reads_but_never_changes(endpoint: Endpoint, records: Any, client_for: Any) -> None:
    before = snapshot()
    response = endpoint.call(client_for("auditor", endpoint), records["t1"][endpoint.kind])
    assert response.status_code == 403
    assert snapshot() == before


# Pages and endpoints that only read; form pages are for those who may change.
FORM_PAGES = {"decline page", "case accept page", "document upload page"}
READS = [e for e in ENDPOINTS if e.method == "get" and e.label not in FORM_PAGES]


@pytest.mark.parametrize("endpoint", READS, ids=str)
def test_the_auditor_and_the_federation_read_every_township(
    endpoint: Endpoint, records: Any, client_for: Any
) -> None:
    for username in ("auditor", "admin"):
        assert endpoint.call(client_for(username, endpoint), records["t2"][endpoint.kind]).status_code == 200


LISTINGS = [
    ("consultation list", "/rights/consultations/", "html"),
    ("consultation search", f"/rights/consultations/?q={THEIRS[:3]}", "html"),
    ("consultation export", "/rights/consultations/export.xlsx", "xlsx"),
    ("case list", "/rights/cases/", "html"),
    ("case search", f"/rights/cases/?q={THEIRS[:3]}", "html"),
    ("case export", "/rights/cases/export.xlsx", "xlsx"),
    ("overdue list", "/rights/cases/overdue/", "html"),
    ("outreach list", "/rights/outreach/", "html"),
    ("figures page", "/rights/figures/", "html"),
    ("global search", f"/search/?q={THEIRS[:5]}", "html"),
    ("api consultations", "/api/v1/consultations/?limit=500", "api"),
    ("api consultations export", "/api/v1/consultations/export", "apixlsx"),
    ("api cases", "/api/v1/rights-cases/?limit=500", "api"),
    ("api cases searching", f"/api/v1/rights-cases/?q={THEIRS[:3]}", "api"),
    ("api cases export", "/api/v1/rights-cases/export", "apixlsx"),
    ("api overdue", "/api/v1/rights-cases/overdue", "api"),
    ("api shifts", "/api/v1/duty-shifts/?limit=500", "api"),
    ("api outreach", "/api/v1/legal-outreach/?limit=500", "api"),
]


@pytest.mark.parametrize(("label", "url", "kind"), LISTINGS, ids=[row[0] for row in LISTINGS])
def test_no_list_export_or_search_shows_another_townships_records(
    label: str, url: str, kind: str, records: Any, login: Any, api: Any
) -> None:
    client = api("township1") if kind.startswith("api") else login("township1")
    response = client.get(url)
    assert response.status_code == 200, (label, response.status_code)
    text = xlsx_text(response) if kind.endswith("xlsx") else response.content.decode()
    if kind.startswith("api") and not kind.endswith("xlsx"):
        text = json.dumps(response.json(), ensure_ascii=False)
    assert THEIRS not in text


@pytest.mark.parametrize(
    "url",
    [
        "/rights/consultations/",
        "/rights/cases/",
        "/api/v1/consultations/?limit=500",
        "/api/v1/rights-cases/?limit=500",
    ],
)
def test_a_township_finds_its_own_records_in_its_lists(url: str, records: Any, login: Any, api: Any) -> None:
    client = api("township1") if url.startswith("/api") else login("township1")
    text = client.get(url).content.decode()
    if url.startswith("/api"):
        text = json.dumps(json.loads(text), ensure_ascii=False)
    assert MINE in text


def test_lists_answer_items_and_count(records: Any, api: Any) -> None:
    for url in (
        "/api/v1/consultations/",
        "/api/v1/rights-cases/",
        "/api/v1/duty-shifts/",
        "/api/v1/legal-outreach/",
    ):
        body = api("township1").get(url).json()
        assert set(body) == {"items", "count"} and body["count"] == 1


def test_the_roster_of_another_townships_point_is_not_shown(records: Any, points: Any, login: Any) -> None:
    html = login("township1").get(f"/rights/roster/?point={points['t2'].pk}").content.decode()
    assert THEIRS not in html
    assert points["t2"].name not in html


def test_the_assigned_adviser_sees_the_case_wherever_it_is_kept(
    county: Any, open_case: Any, api: Any
) -> None:
    from gonghui.accounts.models import RoleAssignment, User

    lawyer = User.objects.create_user(username="lawyer2", password="x" * 12)
    RoleAssignment.objects.create(user=lawyer, role="legal_adviser", org=county.township1)
    case = open_case(by="township2", point="t2", adviser=lawyer)
    other = open_case(by="township2", point="t2")
    from gonghui.rights import queries

    visible = set(queries.cases(lawyer).values_list("pk", flat=True))
    assert case.pk in visible and other.pk not in visible
    assert queries.case(lawyer, case.pk) == case
