"""Consultations: logging at a point or on the hotline, declining (a reason always), referring (with how
the worker was told), and turning one into a case (one case per consultation)."""

from __future__ import annotations

import datetime
import json
from typing import Any

import pytest
from django.utils import timezone

from gonghui.core.errors import Conflict, DomainError, PermissionDenied
from gonghui.rights.models import Consultation, RightsCase
from gonghui.rights.services import consultations as services


def test_a_consultation_at_a_rights_point_belongs_to_the_points_township(county: Any, consult: Any) -> None:
    row = consult()
    assert row.org == county.township1
    assert row.outcome == "answered" and row.answered_by == county.user("township1")
    assert row.visitor == "王工人"


def test_a_rights_point_channel_needs_a_rights_point(county: Any, consult: Any, points: Any) -> None:
    with pytest.raises(DomainError) as caught:
        consult(point=None, channel="rights_point", org=county.township1)
    assert caught.value.errors[0].field == "service_point"
    with pytest.raises(DomainError):
        consult(point="xian", channel="rights_point", by="admin")


def test_a_hotline_call_may_be_anonymous_and_is_owned_by_the_callers_organisation(
    county: Any, consult: Any
) -> None:
    row = consult(point=None, channel="hotline", visitor_name="")
    assert row.org == county.township1 and row.visitor == "" and row.person is None


def test_a_registered_person_is_linked_and_their_typed_name_is_not_kept(
    county: Any, consult: Any, people: Any
) -> None:
    row = consult(person=people["liyang"], visitor_name="别的名字", visitor_phone="13800000000")
    assert row.visitor == "李阳" and row.visitor_name == "" and row.visitor_phone == ""


def test_a_cadre_cannot_link_a_person_of_another_township(county: Any, consult: Any, people: Any) -> None:
    with pytest.raises(DomainError) as caught:
        consult(person=people["t2"])
    assert caught.value.errors[0].field == "person"


def test_a_cadre_cannot_log_at_another_townships_point(county: Any, consult: Any) -> None:
    with pytest.raises(DomainError) as caught:
        consult(point="t2")
    assert caught.value.status == 404


def test_a_consultation_cannot_be_dated_in_the_future(county: Any, consult: Any) -> None:
    with pytest.raises(DomainError) as caught:
        consult(received_at=timezone.now() + datetime.timedelta(days=2))
    assert caught.value.errors[0].field == "received_at"


def test_the_visitors_phone_is_encrypted_and_masked_in_the_api(county: Any, consult: Any, api: Any) -> None:
    from django.db import connection

    row = consult(visitor_phone="138 1234 5678")
    with connection.cursor() as cursor:
        cursor.execute("SELECT visitor_phone FROM rights_consultation WHERE id = %s", [row.pk])
        assert "5678" not in cursor.fetchone()[0]
    assert api("township1").get(f"/api/v1/consultations/{row.pk}").json()["visitor_phone"] == "138****5678"


# --- declining ------------------------------------------------------------------------------------


@pytest.mark.parametrize("reason", ["", "   "])
def test_declining_without_a_reason_is_refused(reason: str, county: Any, consult: Any) -> None:
    row = consult()
    with pytest.raises(DomainError) as caught:
        services.consultation_decline(consultation=row, by=county.user("township1"), reason=reason)
    assert caught.value.errors[0].field == "reason"
    row.refresh_from_db()
    assert row.outcome == "answered"


def test_declining_without_a_reason_is_refused_by_the_api_and_the_page(
    county: Any, consult: Any, api: Any, login: Any
) -> None:
    row = consult()
    response = api("township1").post(
        f"/api/v1/consultations/{row.pk}/decline", data=json.dumps({}), content_type="application/json"
    )
    assert response.status_code == 400
    assert response.json()["errors"][0]["field"] == "reason"
    page = login("township1").post(f"/rights/consultations/{row.pk}/decline/", {"reason": ""})
    assert page.status_code == 200 and "invalid-feedback" in page.content.decode()
    row.refresh_from_db()
    assert row.outcome == "answered"


def test_the_database_refuses_a_declined_consultation_without_a_reason(county: Any, consult: Any) -> None:
    from django.db import IntegrityError, transaction

    row = consult()
    with pytest.raises(IntegrityError), transaction.atomic():
        Consultation.objects.filter(pk=row.pk).update(outcome="declined", decline_reason="")


def test_a_referral_when_declining_needs_a_note_of_how_the_worker_was_told(county: Any, consult: Any) -> None:
    row = consult()
    with pytest.raises(DomainError) as caught:
        services.consultation_decline(
            consultation=row, by=county.user("township1"), reason="不属于劳动争议", referral="court"
        )
    assert caught.value.errors[0].field == "referral_note"
    row = services.consultation_decline(
        consultation=row,
        by=county.user("township1"),
        reason="不属于劳动争议",
        referral="court",
        referral_note="当面告知可向法院起诉",
    )
    assert (row.outcome, row.referral, row.referral_note) == ("declined", "court", "当面告知可向法院起诉")


def test_a_settled_consultation_cannot_be_declined_again(county: Any, consult: Any) -> None:
    row = consult()
    services.consultation_decline(consultation=row, by=county.user("township1"), reason="超出受理范围")
    with pytest.raises(Conflict):
        services.consultation_refer(
            consultation=row, by=county.user("township1"), referral="court", referral_note="电话告知"
        )


# --- referring ------------------------------------------------------------------------------------


def test_referring_needs_where_to_and_how_the_worker_was_told(county: Any, consult: Any) -> None:
    row = consult()
    with pytest.raises(DomainError) as caught:
        services.consultation_refer(
            consultation=row, by=county.user("township1"), referral="", referral_note="x"
        )
    assert caught.value.errors[0].field == "referral"
    with pytest.raises(DomainError) as caught:
        services.consultation_refer(
            consultation=row, by=county.user("township1"), referral="labour_inspectorate", referral_note=""
        )
    assert caught.value.errors[0].field == "referral_note"
    row = services.consultation_refer(
        consultation=row,
        by=county.user("township1"),
        referral="labour_inspectorate",
        referral_note="当面告知地址",
    )
    assert row.outcome == "referred"


# --- turning into a case --------------------------------------------------------------------------


def test_turning_a_consultation_into_a_case_makes_the_visitor_the_first_claimant(
    county: Any, consult: Any, people: Any
) -> None:
    row = consult(person=people["liyang"], topic="injury")
    case = services.consultation_open_case(
        consultation=row, by=county.user("township1"), respondent_name="某厂"
    )
    row.refresh_from_db()
    assert row.outcome == "case" and case.consultation == row
    assert case.type == "work_injury" and case.stage == "intake"
    assert case.org == county.township1 and case.service_point == row.service_point
    assert [(c.person, c.name) for c in case.claimants.all()] == [(people["liyang"], "李阳")]
    assert case.stages.get().stage == "intake"


def test_a_consultation_becomes_at_most_one_case(county: Any, consult: Any, api: Any) -> None:
    row = consult()
    services.consultation_open_case(consultation=row, by=county.user("township1"), respondent_name="某厂")
    with pytest.raises(Conflict):
        services.consultation_open_case(consultation=row, by=county.user("township1"), respondent_name="某厂")
    response = api("township1").post(
        f"/api/v1/consultations/{row.pk}/open-case",
        data=json.dumps({"respondent_name": "某厂"}),
        content_type="application/json",
    )
    assert response.status_code == 409
    assert RightsCase.objects.filter(consultation=row).count() == 1


def test_an_anonymous_visitors_consultation_needs_named_claimants_to_become_a_case(
    county: Any, consult: Any
) -> None:
    row = consult(point=None, channel="hotline", visitor_name="")
    with pytest.raises(DomainError) as caught:
        services.consultation_open_case(consultation=row, by=county.user("township1"), respondent_name="某厂")
    assert caught.value.errors[0].field == "claimants"
    case = services.consultation_open_case(
        consultation=row,
        by=county.user("township1"),
        respondent_name="某厂",
        claimants=[{"name": "来电职工"}],
    )
    assert case.claimants.get().name == "来电职工"


def test_a_cadre_of_another_township_cannot_settle_the_consultation(county: Any, consult: Any) -> None:
    row = consult()
    with pytest.raises(PermissionDenied):
        services.consultation_decline(consultation=row, by=county.user("township2"), reason="x")


def test_the_api_opens_a_case_with_its_claimants_and_answers_201(county: Any, consult: Any, api: Any) -> None:
    row = consult()
    body = {
        "respondent_name": "西安某劳务公司",
        "respondent_city": "西安市",
        "knew_on": "2015-01-05",
        "claimants": [{"name": "甲", "claimed_amount": "1000.50"}, {"name": "乙", "claimed_amount": "2000"}],
    }
    response = api("township1").post(
        f"/api/v1/consultations/{row.pk}/open-case", data=json.dumps(body), content_type="application/json"
    )
    assert response.status_code == 201, response.content
    data = response.json()
    assert data["consultation"] == row.pk and data["claimant_count"] == 2
    assert data["claimed_total"] == "3000.50"
    assert data["limitation_deadline"] == "2016-01-05"
    assert api("township1").get(f"/api/v1/consultations/{row.pk}").json()["case"] == data["id"]
