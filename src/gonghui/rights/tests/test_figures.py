"""Each rights figure computed by hand from a small set of records, by period, subtree and viewer."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

import pytest

from gonghui.core.errors import NotFound
from gonghui.insight.kpis import rights as figures
from gonghui.rights.models import CounsellingSession, CumulativeBaseline, LegalOutreach
from gonghui.rights.services import cases as case_services

D = datetime.date
Y2015 = {"start": D(2015, 1, 1), "end": D(2015, 12, 31)}


def at(day: D, hour: int = 10) -> datetime.datetime:
    return datetime.datetime(day.year, day.month, day.day, hour, tzinfo=datetime.UTC)


@pytest.fixture
def records(county: Any, consult: Any, open_case: Any, people: Any) -> dict[str, Any]:
    """Township 1: a collective wage case closed 2015-04 (3 claimants: 李阳 registered, two by name;
    recovered 6,000 + 5,000 + 0 of 7,000 + 6,000 + 2,000 claimed), an injury case closed 2015-06
    (黄凯, 50,000 awarded of 80,000), a case opened 2015-12 still open (claims 3,000), and one closed in
    2014 (李阳 again, recovered 1,000). Township 2: a wage case closed 2015-05 (recovered 4,000 of 4,000).
    Consultations: 3 in township 1 in 2015, 1 in 2014, 2 in township 2 in 2015."""
    admin = county.user("admin")

    def close(case: Any, day: D, outcome: str = "resolved", via: str = "mediation") -> Any:
        case = case_services.case_accept(case=case, by=admin, at=at(case.opened_on, 15))
        case = case_services.case_transition(case=case, by=admin, to=via, at=at(case.opened_on, 16))
        return case_services.case_close(case=case, by=admin, at=at(day), outcome=outcome)

    collective = open_case(
        opened_at=at(D(2015, 3, 2)),
        claimants=[
            {"person": people["liyang"], "claimed_amount": "7000", "recovered_amount": "6000"},
            {"name": "甲", "claimed_amount": "6000", "recovered_amount": "5000"},
            {"name": "乙", "claimed_amount": "2000"},
        ],
    )
    close(collective, D(2015, 4, 20), "partly_resolved")
    injury = open_case(
        type="work_injury",
        opened_at=at(D(2015, 5, 4)),
        claimants=[{"person": people["huangkai"], "claimed_amount": "80000", "awarded_amount": "50000"}],
    )
    close(injury, D(2015, 6, 30), via="arbitration")
    open_case(opened_at=at(D(2015, 12, 1)), claimants=[{"name": "丙", "claimed_amount": "3000"}])
    old = open_case(
        opened_at=at(D(2014, 10, 8)),
        claimants=[{"person": people["liyang"], "claimed_amount": "1000", "recovered_amount": "1000"}],
    )
    close(old, D(2014, 11, 3))
    t2 = open_case(
        by="township2",
        point="t2",
        opened_at=at(D(2015, 2, 2)),
        claimants=[{"name": "丁", "claimed_amount": "4000", "recovered_amount": "4000"}],
    )
    close(t2, D(2015, 5, 5))
    for day in (D(2015, 1, 5), D(2015, 6, 1), D(2015, 12, 31)):
        consult(received_at=at(day, 11))
    consult(received_at=at(D(2014, 12, 31), 11))
    for day in (D(2015, 2, 2), D(2015, 3, 3)):
        consult(by="township2", point="t2", received_at=at(day, 11))
    return {"collective": collective, "injury": injury, "old": old, "t2": t2}


def test_consultations_are_counted_in_the_period_and_the_viewers_scope(county: Any, records: Any) -> None:
    assert figures.consultations(county.user("admin"), **Y2015).value == 5
    assert figures.consultations(county.user("township1"), **Y2015).value == 3
    assert figures.consultations(county.user("township2"), **Y2015).value == 2
    assert figures.consultations(county.user("admin"), org=county.township2, **Y2015).value == 2
    assert figures.consultations(county.user("admin")).value == 6
    figure = figures.consultations(county.user("admin"), **Y2015)
    assert figure.numerator_records.count() == 5 and figure.params["by_channel"] == {"rights_point": 5}


def test_cases_opened_and_closed_by_type(county: Any, records: Any) -> None:
    admin = county.user("admin")
    opened = figures.cases_opened(admin, **Y2015)
    assert opened.value == 4
    assert opened.params["by_type"]["wage_arrears"] == 3 and opened.params["by_type"]["work_injury"] == 1
    closed = figures.cases_closed(admin, **Y2015)
    assert closed.value == 3
    assert closed.params["by_outcome"] == {"partly_resolved": 1, "resolved": 2}
    assert figures.cases_closed(admin, case_type="work_injury", **Y2015).value == 1
    assert figures.cases_closed(county.user("township1"), **Y2015).value == 2
    assert figures.cases_closed(admin).value == 4


def test_yuan_claimed_counts_the_cases_opened_in_the_period(county: Any, records: Any) -> None:
    # 7,000 + 6,000 + 2,000 + 80,000 + 3,000 (township 1) + 4,000 (township 2)
    assert figures.yuan_claimed(county.user("admin"), **Y2015).value == Decimal("102000.00")
    assert figures.yuan_claimed(county.user("township1"), **Y2015).value == Decimal("98000.00")


def test_yuan_recovered_counts_the_cases_closed_in_the_period_against_their_claims(
    county: Any, records: Any
) -> None:
    figure = figures.yuan_recovered(county.user("admin"), **Y2015)
    assert figure.value == Decimal("15000.00")  # 6,000 + 5,000 + 4,000
    assert figure.denominator == Decimal("99000.00")  # 15,000 + 80,000 + 4,000 claimed in those cases
    assert figure.rate == Decimal("15.2")
    assert sorted(figure.numerator_records.values_list("name", flat=True)) == ["丁", "李阳", "甲"]
    assert figure.params["by_type"]["wage_arrears"] == Decimal("15000.00")
    assert figures.yuan_recovered(county.user("township1"), **Y2015).value == Decimal("11000.00")


def test_compensation_awarded_counts_injury_compensation_of_closed_cases(county: Any, records: Any) -> None:
    figure = figures.compensation_awarded(county.user("admin"), **Y2015)
    assert figure.value == Decimal("50000.00")
    assert list(figure.numerator_records.values_list("name", flat=True)) == ["黄凯"]
    assert figures.compensation_awarded(county.user("township2"), **Y2015).value == Decimal("0.00")


def test_people_helped_are_distinct_claimants_who_got_money_back_or_compensation(
    county: Any, records: Any
) -> None:
    admin = county.user("admin")
    assert figures.people_helped(admin, **Y2015).value == 4  # 李阳, 甲, 黄凯, 丁 (乙 got nothing)
    # Over all years 李阳 had two cases with money but is one person.
    every = figures.people_helped(admin)
    assert every.value == 4 and every.params["registered"] == 2 and every.params["by_name_only"] == 2


def test_the_cumulative_amount_adds_the_baseline_and_the_cases_it_does_not_cover(
    county: Any, records: Any
) -> None:
    admin = county.user("admin")
    assert figures.cumulative_amount(admin).value == Decimal("66000.00")  # 1,000 (2014) + 15,000 + 50,000
    CumulativeBaseline.objects.create(
        org=county.federation,
        since=D(2008, 1, 1),
        as_of=D(2014, 12, 31),
        recovered_amount=Decimal("300000"),
        awarded_amount=Decimal("200000"),
    )
    figure = figures.cumulative_amount(admin)
    # The 2014 case lies within the baseline's period, so it is not counted twice.
    assert figure.value == Decimal("565000.00")
    assert figure.params["baseline_total"] == Decimal("500000.00")
    assert figure.params["cases_total"] == Decimal("65000.00")
    since_2015 = figures.cumulative_amount(admin, start=D(2015, 1, 1))
    assert since_2015.value == Decimal("65000.00")


def test_a_township_does_not_see_the_federations_baseline(county: Any, records: Any) -> None:
    CumulativeBaseline.objects.create(
        org=county.federation, since=D(2008, 1, 1), as_of=D(2014, 12, 31), recovered_amount=Decimal("300000")
    )
    assert figures.cumulative_amount(county.user("township1")).value == Decimal(
        "62000.00"
    )  # 1,000 + 11,000 + 50,000


def test_counselled_people_count_participants_once_not_follow_ups(county: Any) -> None:
    counsellor = county.user("counsellor")
    common = {"org": county.federation, "counsellor": counsellor, "created_by": counsellor}
    first = CounsellingSession.objects.create(
        kind="individual", format="phone", held_on=D(2015, 3, 1), **common
    )
    CounsellingSession.objects.create(
        kind="individual", format="phone", held_on=D(2015, 3, 15), follow_up_of=first, **common
    )
    CounsellingSession.objects.create(
        kind="group", format="group_session", held_on=D(2015, 6, 1), participant_count=12, **common
    )
    CounsellingSession.objects.create(
        kind="group", format="group_session", held_on=D(2016, 1, 5), participant_count=30, **common
    )
    figure = figures.counselled_people(county.user("admin"), **Y2015)
    assert figure.value == 13 and figure.params["follow_ups"] == 1
    assert figures.counselled_people(county.user("auditor"), **Y2015).value == 13
    assert figures.counselled_people(county.user("township1"), **Y2015).value == 0


def test_outreach_events_and_materials(county: Any) -> None:
    common = {"org": county.township1, "organiser": county.user("township1"), "place": "南江镇政府"}
    LegalOutreach.objects.create(
        held_on=D(2015, 3, 15), title="讲座一", materials=1800, attendees=200, **common
    )
    LegalOutreach.objects.create(
        held_on=D(2015, 11, 9), title="讲座二", materials=1200, attendees=100, **common
    )
    LegalOutreach.objects.create(held_on=D(2016, 1, 9), title="讲座三", materials=500, **common)
    assert figures.outreach_events(county.user("admin"), **Y2015).value == 2
    assert figures.outreach_events(county.user("admin"), **Y2015).params["attendees"] == 300
    assert figures.materials_distributed(county.user("township1"), **Y2015).value == 3000
    assert figures.materials_distributed(county.user("township2"), **Y2015).value == 0


def test_a_figure_for_an_organisation_outside_the_viewers_scope_is_not_found(
    county: Any, records: Any
) -> None:
    with pytest.raises(NotFound):
        figures.consultations(county.user("township1"), org=county.township2)


def test_the_kpi_endpoint_returns_every_figure_the_viewer_may_see(
    county: Any, records: Any, api: Any
) -> None:
    body = api("township1").get("/api/v1/kpis/rights?start=2015-01-01&end=2015-12-31").json()
    values = {f["key"]: f["value"] for f in body["figures"]}
    assert values["rights.consultations"] == 3
    assert values["rights.yuan_recovered"] == "11000.00"
    assert "rights.counselled_people" not in values
    counsellor = api("counsellor").get("/api/v1/kpis/rights").json()
    assert [f["key"] for f in counsellor["figures"]] == ["rights.counselled_people"]
    assert api("township1").get(f"/api/v1/kpis/rights?org={county.township2.pk}").status_code == 400


def test_the_figures_page_shows_the_numbers_and_handling_times(county: Any, records: Any, login: Any) -> None:
    html = login("admin").get("/rights/figures/?start=2015-01-01&end=2015-12-31").content.decode()
    assert 'data-testid="figure-rights.consultations"' in html
    assert "¥15,000.00" in html and "¥50,000.00" in html
    assert 'data-testid="handling"' in html


def test_handling_times_per_point_and_adviser_come_from_the_stage_rows(
    county: Any, records: Any, api: Any
) -> None:
    from gonghui.rights import queries

    rows = {r.label: r for r in queries.handling_times(county.user("admin"), by="point", **Y2015)}
    t1 = rows["南江镇维权工作点"]
    # Township 1 closed two cases in 2015: accepted 5 hours after intake, then one more hour to the next
    # stage; closed 2015-04-20 10:00 (opened 03-02 10:00) and 2015-06-30 10:00 (opened 05-04 10:00).
    assert t1.cases == 2
    assert t1.days_to_accept == round(5 / 24, 1)
    assert t1.days_to_close == round((49 + 57) / 2, 1)
    assert t1.stage_days["accepted"] == round(1 / 24, 1)
    assert rows["长赤镇维权工作点"].cases == 1
    body = api("township1").get(
        "/api/v1/rights-cases/handling-times?by=point&start=2015-01-01&end=2015-12-31"
    )
    assert body.status_code == 200
    assert [r["label"] for r in body.json()] == ["南江镇维权工作点"] and body.json()[0]["cases"] == 2
    by_adviser = api("admin").get("/api/v1/rights-cases/handling-times?by=adviser").json()
    assert sum(r["cases"] for r in by_adviser) == 4


def test_a_baseline_is_kept_by_one_union_of_a_line_and_never_by_a_grassroots_union(county: Any) -> None:
    from gonghui.core.errors import DomainError

    admin = county.user("admin")
    values = {"since": D(2008, 1, 1), "as_of": D(2014, 12, 31), "recovered_amount": "1000"}
    with pytest.raises(DomainError) as caught:
        case_services.baseline_set(by=admin, org=county.grassroots1, **values)
    assert caught.value.field == "org"
    case_services.baseline_set(by=admin, org=county.federation, **values)
    with pytest.raises(DomainError) as caught:  # the federation's already counts township 1's years
        case_services.baseline_set(by=county.user("township1"), org=county.township1, **values)
    assert caught.value.field == "org" and "南江县总工会" in str(caught.value.message)
    assert list(CumulativeBaseline.objects.values_list("org", flat=True)) == [county.federation.pk]
    case_services.baseline_set(by=admin, org=county.federation, **{**values, "recovered_amount": "2000"})
    assert CumulativeBaseline.objects.get().recovered_amount == Decimal("2000.00")  # a correction
