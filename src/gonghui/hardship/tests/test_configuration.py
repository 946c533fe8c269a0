"""Editing aid rules and minimum-living standards: federation administrators only, checked and audited."""

from __future__ import annotations

from decimal import Decimal

import pytest
from auditlog.models import LogEntry

from gonghui.core.errors import DomainError, PermissionDenied
from gonghui.hardship import configuration
from gonghui.hardship.models import AidRule, MinimumLivingStandard
from gonghui.hardship.tests.conftest import YEAR

pytestmark = pytest.mark.django_db

EN = {"HTTP_ACCEPT_LANGUAGE": "en"}


def test_an_administrator_creates_and_changes_a_rule_and_each_change_is_audited(county):
    admin = county.user("admin")
    rule = configuration.rule_save(
        by=admin,
        org=county.federation,
        aid_type="medical",
        year=YEAR,
        standard_amount="2000",
        cap_person="10000.00",
        cap_household="15000",
        cadre_limit="1000",
    )
    assert (rule.standard_amount, rule.cap_person) == (Decimal("2000.00"), Decimal("10000.00"))
    configuration.rule_save(
        by=admin, org=county.federation, aid_type="medical", year=YEAR, standard_amount="2500", rule=rule
    )
    rule.refresh_from_db()
    assert rule.standard_amount == Decimal("2500.00") and rule.cap_person is None
    entries = LogEntry.objects.filter(object_pk=str(rule.pk), changes_text="aid rule saved")
    assert entries.count() == 2
    assert entries.order_by("pk").last().changes["standard_amount"] == ["2000.00", "2500.00"]


@pytest.mark.parametrize(
    ("values", "field"),
    [
        ({"standard_amount": "-1"}, "standard_amount"),
        ({"cadre_limit": "-0.01"}, "cadre_limit"),
        ({"standard_amount": "800", "cap_person": "500"}, "cap_person"),
        ({"standard_amount": "800", "cap_household": "700"}, "cap_household"),
        ({"cap_person": "2000", "cap_household": "1000"}, "cap_household"),
        ({"level_amounts": {"bachelor": "5000"}, "cap_person": "3000"}, "cap_person"),
        ({"level_amounts": {"kindergarten": "5000"}}, "level_amounts"),
        ({"year": 1900}, "year"),
        ({"aid_type": "lottery"}, "aid_type"),
        ({"standard_amount": "abc"}, "standard_amount"),
    ],
)
def test_a_bad_rule_is_refused_beside_its_field_and_nothing_is_saved(county, values, field):
    args = {"org": county.federation, "aid_type": "living", "year": YEAR, **values}
    with pytest.raises(DomainError) as caught:
        configuration.rule_save(by=county.user("admin"), **args)
    assert caught.value.field == field
    assert not AidRule.objects.exists()


def test_a_grassroots_union_cannot_have_rules_of_its_own(county):
    with pytest.raises(DomainError) as caught:
        configuration.rule_save(by=county.user("admin"), org=county.grassroots1, aid_type="living", year=YEAR)
    assert caught.value.field == "org"
    assert not AidRule.objects.exists()


def test_a_second_rule_for_the_same_organisation_type_and_year_is_refused(county, welfare):
    with pytest.raises(DomainError) as caught:
        configuration.rule_save(by=county.user("admin"), org=county.federation, aid_type="living", year=YEAR)
    assert caught.value.field == "year"
    township_rule = configuration.rule_save(
        by=county.user("admin"), org=county.township1, aid_type="living", year=YEAR, standard_amount="600"
    )
    assert township_rule.pk


def test_only_a_federation_administrator_may_change_rules_or_standards(county):
    for user in ("township1", "auditor", "finance"):
        with pytest.raises(PermissionDenied):
            configuration.rule_save(by=county.user(user), org=county.township1, aid_type="living", year=YEAR)
        with pytest.raises(PermissionDenied):
            configuration.standard_save(
                by=county.user(user), region=county.region, year=YEAR, urban="500", rural="300"
            )


def test_standards_are_positive_and_one_per_region_and_year(county):
    admin = county.user("admin")
    row = configuration.standard_save(by=admin, region=county.region, year=YEAR, urban="560", rural="420.5")
    assert (row.urban, row.rural) == (Decimal("560.00"), Decimal("420.50"))
    for values, field in (
        ({"urban": "-1", "rural": "300"}, "urban"),
        ({"urban": "500", "rural": "0"}, "rural"),
        ({"urban": "500", "rural": ""}, "rural"),
    ):
        with pytest.raises(DomainError) as caught:
            configuration.standard_save(by=admin, region=county.region, year=YEAR + 1, **values)
        assert caught.value.field == field
    with pytest.raises(DomainError) as caught:
        configuration.standard_save(by=admin, region=county.region, year=YEAR, urban="1", rural="1")
    assert caught.value.field == "year"
    configuration.standard_save(
        by=admin, region=county.region, year=YEAR, urban="600", rural="450", standard=row
    )
    row.refresh_from_db()
    assert row.urban == Decimal("600.00")
    assert (
        LogEntry.objects.filter(object_pk=str(row.pk), changes_text="minimum-living standard saved").count()
        == 2
    )


def test_the_pages_let_the_administrator_edit_and_show_errors_beside_the_field(county, welfare, login):
    client = login("admin")
    page = client.get("/hardship/rules/", **EN)
    assert 'data-testid="new-rule"' in page.content.decode()
    response = client.post(
        f"/hardship/rules/{welfare.rule.pk}/",
        {
            "org": county.federation.pk,
            "aid_type": "living",
            "year": YEAR,
            "standard_amount": "900",
            "cap_person": "800",
        },
        **EN,
    )
    assert response.status_code == 200
    assert "cannot be below the standard amount" in response.content.decode()
    response = client.post(
        f"/hardship/rules/{welfare.rule.pk}/",
        {
            "org": county.federation.pk,
            "aid_type": "living",
            "year": YEAR,
            "standard_amount": "900",
            "cap_person": "2500",
        },
    )
    assert response.status_code == 302
    welfare.rule.refresh_from_db()
    assert welfare.rule.cap_person == Decimal("2500.00") and welfare.rule.cadre_limit is None
    response = client.post(
        "/hardship/standards/new/", {"region": county.region.pk, "year": YEAR, "urban": "600", "rural": "450"}
    )
    assert response.status_code == 302
    assert MinimumLivingStandard.objects.filter(year=YEAR).exists()


def test_a_township_cadre_reads_the_rules_but_cannot_open_the_edit_pages(county, welfare, login):
    client = login("township1")
    page = client.get("/hardship/rules/", **EN)
    assert page.status_code == 200 and 'data-testid="new-rule"' not in page.content.decode()
    assert client.get(f"/hardship/rules/{welfare.rule.pk}/").status_code == 403
    assert client.get("/hardship/rules/new/").status_code == 403
    assert client.post("/hardship/standards/new/", {"region": county.region.pk}).status_code == 403


def test_the_database_refuses_negative_amounts_a_household_cap_below_the_persons_and_a_zero_standard(county):
    from django.db import IntegrityError, transaction

    from gonghui.hardship.models import MinimumLivingStandard
    from gonghui.orgs.models import Region

    rule = configuration.rule_save(
        by=county.user("admin"), org=county.federation, aid_type="living", year=YEAR, cap_person="1000"
    )
    for values in ({"standard_amount": -1}, {"cadre_limit": -1}, {"cap_household": 999}):
        with pytest.raises(IntegrityError), transaction.atomic():
            AidRule.objects.filter(pk=rule.pk).update(**values)
    region = Region.objects.first()
    with pytest.raises(IntegrityError), transaction.atomic():
        MinimumLivingStandard.objects.create(region=region, year=YEAR, urban=0, rural=500)


def test_a_rule_saved_a_moment_ago_by_someone_else_is_refused_in_words(county, monkeypatch):
    """Both checked before either saved: the database's unique constraint answers the second."""
    from django.db.models.query import QuerySet

    configuration.rule_save(by=county.user("admin"), org=county.federation, aid_type="living", year=YEAR)
    monkeypatch.setattr(QuerySet, "exists", lambda self: False)  # the check ran before the first save
    with pytest.raises(DomainError) as caught:
        configuration.rule_save(by=county.user("admin"), org=county.federation, aid_type="living", year=YEAR)
    assert caught.value.field == "year"
    assert AidRule.objects.count() == 1


def test_the_rule_list_shows_each_school_levels_standard_by_its_name_in_yuan(county, login):
    configuration.rule_save(
        by=county.user("admin"),
        org=county.federation,
        aid_type="education",
        year=YEAR,
        level_amounts={"bachelor": "5000", "college": "3000"},
    )
    page = login("admin").get("/hardship/rules/", **EN).content.decode()
    assert "Junior college: ¥3,000.00" in page and "Undergraduate: ¥5,000.00" in page
    assert "bachelor:" not in page
