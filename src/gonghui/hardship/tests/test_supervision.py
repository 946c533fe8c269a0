"""The supervision report (廉洁监督): each kind of finding present and absent, scope and permissions."""

from __future__ import annotations

import datetime
import io
from typing import Any

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from gonghui.accounts.models import User
from gonghui.core.errors import DomainError
from gonghui.hardship import services, supervision
from gonghui.hardship.models import AidApplication, AidRule
from gonghui.hardship.tests.conftest import active_file, approved_aid
from gonghui.people.services import person_set_status, person_update

pytestmark = pytest.mark.django_db

EN = {"HTTP_ACCEPT_LANGUAGE": "en"}


def pay(county: Any, person: Any, amount: str = "500.00", **extra: Any) -> AidApplication:
    fund = extra.pop("fund", None)
    aid = approved_aid(county, person, amount, fund=fund or _fund(county, person))
    return services.aid_disburse(by=county.user("finance"), aid=aid, **extra)


def _fund(county: Any, person: Any) -> Any:
    from gonghui.funds.models import Fund

    return Fund.objects.get(name="困难职工帮扶资金")


def kinds(county: Any, user: str = "auditor", **kwargs: Any) -> list[tuple[str, list[str]]]:
    found = supervision.report(county.user(user), **kwargs)
    return sorted((f.kind, sorted(p.name for p in f.people)) for f in found)


def receipt() -> SimpleUploadedFile:
    return SimpleUploadedFile("receipt.jpg", b"\xff\xd8 signed", content_type="image/jpeg")


def test_a_clean_set_of_payments_has_no_findings(county, welfare):
    pay(county, welfare.wang, receipt=receipt(), bank_account="6222 0210 0000 0001")
    pay(county, welfare.li, receipt=receipt(), bank_account="6222021000000002")
    assert kinds(county) == []


def test_the_account_paid_into_is_in_the_audit_log_masked(county, welfare):
    from auditlog.models import LogEntry

    aid = pay(county, welfare.wang, receipt=receipt(), bank_account="6222021000000001")
    changes = LogEntry.objects.get_for_object(aid).order_by("pk").last().changes
    assert changes["status"] == ["approved", "disbursed"]
    assert changes["bank_account"][1] != "6222021000000001" and changes["bank_account"][1].endswith("0001")


def test_one_phone_number_for_two_recipients_is_a_finding_but_one_recipient_paid_twice_is_not(
    county, welfare
):
    admin = county.user("admin")
    person_update(by=admin, person=welfare.wang, phone="13800001111")
    person_update(by=admin, person=welfare.zhao, phone="13800001111")
    pay(county, welfare.wang, receipt=receipt())
    pay(county, welfare.wang, "100.00", receipt=receipt())
    assert kinds(county) == []
    cadre2 = county.user("township2")
    aid = services.aid_apply(by=cadre2, person=welfare.zhao, aid_type="living", amount_requested="300.00")
    services.aid_review(by=cadre2, aid=aid)
    services.aid_approve(by=cadre2, aid=aid)
    services.aid_disburse(by=county.user("finance"), aid=aid, fund=welfare.fed_fund, receipt=receipt())
    [finding] = supervision.report(county.user("auditor"))
    assert finding.kind == "shared_phone"
    assert sorted(p.name for p in finding.people) == ["王大伟", "赵长赤"]
    assert "138****1111" in finding.detail and len(finding.aid) == 3


def test_one_bank_account_paid_for_two_recipients_is_a_finding(county, welfare):
    pay(county, welfare.wang, receipt=receipt(), bank_account="6222021000000009")
    pay(county, welfare.wang, "100.00", receipt=receipt(), bank_account="6222-0210-0000-0009")
    assert kinds(county) == []
    pay(county, welfare.li, receipt=receipt(), bank_account="6222021000000009")
    assert kinds(county) == [("shared_bank", ["李困难", "王大伟"])]
    row = AidApplication.objects.filter(person=welfare.li).get()
    assert row.bank_account == "6222021000000009" and row.bank_account_bidx


def test_a_bank_account_that_is_not_digits_is_refused(county, welfare):
    aid = approved_aid(county, welfare.li, fund=welfare.fed_fund)
    with pytest.raises(DomainError) as caught:
        services.aid_disburse(by=county.user("finance"), aid=aid, bank_account="abc")
    assert caught.value.field == "bank_account"


def test_a_staff_user_or_their_household_receiving_aid_is_a_finding(county, welfare):
    pay(county, welfare.wang_wife, receipt=receipt())
    pay(county, welfare.li, receipt=receipt())
    assert kinds(county) == []
    person_update(by=county.user("admin"), person=welfare.wang, phone="13911112222")
    staff = county.user("township1")
    staff.phone = "139 1111 2222"
    staff.save()
    found = supervision.report(county.user("auditor"))
    assert [(f.kind, [p.name for p in f.people]) for f in found] == [("staff", ["刘小红"])]
    assert "township1" in found[0].detail and "household" in found[0].detail
    pay(county, welfare.wang, receipt=receipt())
    assert ("staff", ["刘小红", "王大伟"]) in kinds(county)


def test_aid_paid_after_the_recipients_death_is_a_finding_but_aid_paid_before_it_is_not(county, welfare):
    aid = pay(county, welfare.li, receipt=receipt())
    paid_on = timezone.localdate(aid.disbursed_at)
    person_set_status(by=county.user("admin"), person=welfare.li, status="deceased", on=paid_on)
    assert kinds(county) == [("deceased", ["李困难"])]
    welfare.li.__class__.objects.filter(pk=welfare.li.pk).update(
        status_changed_on=paid_on + datetime.timedelta(days=1)
    )
    assert kinds(county) == []


def test_aid_paid_on_a_file_after_it_was_lifted_is_a_finding(county, welfare):
    row = active_file(county, welfare.wang)
    aid = approved_aid(county, welfare.wang, file=row, fund=welfare.fed_fund)
    services.file_lift(by=county.user("township1"), file=row, reason="再就业")
    services.aid_disburse(by=county.user("finance"), aid=aid, receipt=receipt())
    assert kinds(county) == []  # lifted the same day: not after
    row.__class__.objects.filter(pk=row.pk).update(
        closed_on=timezone.localdate() - datetime.timedelta(days=2)
    )
    assert kinds(county) == [("closed_file", ["王大伟"])]


def test_paid_aid_above_the_cap_is_a_finding(county, welfare):
    pay(county, welfare.wang, "1500.00", receipt=receipt())
    assert kinds(county) == []
    AidRule.objects.filter(pk=welfare.rule.pk).update(cap_person="1000.00", cap_household="1400.00")
    found = supervision.report(county.user("auditor"))
    assert sorted(f.kind for f in found) == ["over_cap", "over_cap"]
    assert any("1500.00" in f.detail and "1000.00" in f.detail for f in found)


def test_aid_without_a_receipt_after_the_days_allowed_is_a_finding(county, welfare, settings):
    aid = pay(county, welfare.li)
    assert kinds(county) == []
    AidApplication.objects.filter(pk=aid.pk).update(disbursed_at=timezone.now() - datetime.timedelta(days=8))
    assert kinds(county) == [("no_receipt", ["李困难"])]
    assert kinds(county, days=10) == []
    settings.HARDSHIP_RECEIPT_DAYS = 9
    assert kinds(county) == []
    services.aid_attach_receipt(by=county.user("finance"), aid=aid, receipt=receipt())
    assert kinds(county, days=1) == []


def test_a_reversed_payment_is_no_finding(county, welfare):
    aid = pay(county, welfare.li)
    AidApplication.objects.filter(pk=aid.pk).update(disbursed_at=timezone.now() - datetime.timedelta(days=30))
    services.aid_reverse(by=county.user("finance"), aid=aid, reason="退票")
    assert kinds(county) == []


def test_township_cadres_are_refused_and_the_auditor_and_administrator_see_the_report(
    county, welfare, login, api
):
    aid = pay(county, welfare.li)
    AidApplication.objects.filter(pk=aid.pk).update(disbursed_at=timezone.now() - datetime.timedelta(days=8))
    assert supervision.report(county.user("township1")) == []
    assert login("township1").get("/hardship/supervision/").status_code == 403
    assert login("township1").get("/hardship/supervision/export.xlsx").status_code == 403
    assert api("township1").get("/api/v1/supervision/").status_code == 403
    assert api("finance").get("/api/v1/supervision/").status_code == 403
    for user in ("auditor", "admin"):
        page = login(user).get("/hardship/supervision/", **EN)
        assert page.status_code == 200
        assert f"/hardship/aid/{aid.pk}/" in page.content.decode()
    body = api("auditor").get("/api/v1/supervision/").json()
    assert [(f["kind"], f["aid"][0]["id"], f["amount"]) for f in body] == [("no_receipt", aid.pk, "500.00")]
    export = api("auditor").get("/api/v1/supervision/export.xlsx", **EN)
    rows = list(openpyxl.load_workbook(io.BytesIO(export.content)).active.iter_rows(values_only=True))
    assert rows[1][2] == aid.pk and rows[1][3] == "李困难"
    page = login("auditor").get("/hardship/supervision/export.xlsx", {"days": "30"})
    rows = list(openpyxl.load_workbook(io.BytesIO(page.content)).active.iter_rows(values_only=True))
    assert len(rows) == 1


def test_an_auditor_of_one_township_sees_only_that_townships_findings(county, welfare):
    from gonghui.accounts.models import RoleAssignment

    a1 = pay(county, welfare.li)
    cadre2 = county.user("township2")
    a2 = services.aid_apply(by=cadre2, person=welfare.zhao, aid_type="living", amount_requested="300.00")
    services.aid_review(by=cadre2, aid=a2)
    services.aid_approve(by=cadre2, aid=a2)
    services.aid_disburse(by=county.user("finance"), aid=a2, fund=welfare.fed_fund)
    old = timezone.now() - datetime.timedelta(days=20)
    AidApplication.objects.filter(pk__in=[a1.pk, a2.pk]).update(disbursed_at=old)
    local = User.objects.create_user(username="auditor2", password="x-very-long-password-1")
    RoleAssignment.objects.create(user=local, role="auditor", org=county.township2)
    found = supervision.report(local)
    assert [f.aid[0].pk for f in found] == [a2.pk]


@pytest.mark.parametrize("query", ["year=10000", "year=1850", "days=1000000", "days=-1"])
def test_a_year_or_a_number_of_days_out_of_range_is_refused_in_words_never_a_500(county, login, api, query):
    res = api("auditor").get(f"/api/v1/supervision/?{query}", HTTP_ACCEPT_LANGUAGE="en")
    assert res.status_code == 400
    assert res.json()["errors"][0]["field"] == query.split("=")[0]
    client = login("auditor")
    page = client.get(f"/hardship/supervision/?{query}", HTTP_ACCEPT_LANGUAGE="en")
    assert page.status_code == 200
    assert client.get(f"/hardship/supervision/export.xlsx?{query}").status_code in (200, 302)


def test_the_export_speaks_chinese_by_default(county, welfare, login):
    aid = pay(county, welfare.li)
    AidApplication.objects.filter(pk=aid.pk).update(disbursed_at=timezone.now() - datetime.timedelta(days=8))
    response = login("auditor").get("/hardship/supervision/export.xlsx", HTTP_ACCEPT_LANGUAGE="zh-hans")
    header = next(openpyxl.load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True))
    assert header[0] == "发现的问题" and "帮扶申请" in header
