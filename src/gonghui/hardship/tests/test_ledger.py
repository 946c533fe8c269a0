"""The help ledger (帮扶台帐): rows, totals to the fen, filters, scoping and masking of ID numbers."""

from __future__ import annotations

import io
from decimal import Decimal
from typing import Any

import openpyxl
import pytest
from auditlog.models import LogEntry
from django.utils import timezone

from gonghui.hardship import services
from gonghui.hardship.tests.conftest import YEAR, active_file, approved_aid

pytestmark = pytest.mark.django_db

URL = "/hardship/aid/ledger.xlsx"
EN = {"HTTP_ACCEPT_LANGUAGE": "en"}


def _paid(county: Any, person: Any, amount: str, fund: Any) -> Any:
    aid = approved_aid(county, person, amount, fund=fund)
    return services.aid_disburse(by=county.user("finance"), aid=aid)


def _sheet(content: bytes) -> list[tuple[Any, ...]]:
    book = openpyxl.load_workbook(io.BytesIO(content))
    return list(book.active.iter_rows(values_only=True))


@pytest.fixture
def paid(county, welfare):
    """Wang (with an active file) 800.10 and Li 333.33 in township 1; Zhao 450.00 in township 2."""
    active_file(county, welfare.wang)
    wang = services.aid_apply(
        by=county.user("township1"),
        person=welfare.wang,
        aid_type="living",
        amount_requested="800.10",
        file=welfare.wang.hardship_files.get(),
        fund=welfare.fund1,
    )
    services.aid_review(by=county.user("township1"), aid=wang)
    services.aid_approve(by=county.user("township1"), aid=wang)
    wang = services.aid_disburse(by=county.user("finance"), aid=wang)
    li = _paid(county, welfare.li, "333.33", welfare.fund1)
    cadre2 = county.user("township2")
    zhao = services.aid_apply(by=cadre2, person=welfare.zhao, aid_type="living", amount_requested="450.00")
    services.aid_review(by=cadre2, aid=zhao)
    services.aid_approve(by=cadre2, aid=zhao)
    services.aid_disburse(by=county.user("finance"), aid=zhao, fund=welfare.fed_fund)
    approved_aid(county, welfare.wang_wife, "100.00", fund=welfare.fund1)  # approved, not paid: no row
    return {"wang": wang, "li": li}


def test_the_ledger_has_a_title_the_columns_one_row_per_payment_and_the_total_to_the_fen(
    login, welfare, paid
):
    response = login("admin").get(URL, {"year": YEAR}, **EN)
    assert response.status_code == 200
    rows = _sheet(response.content)
    assert f"{YEAR}" in rows[0][0] and "ledger" in rows[0][0]
    assert rows[1] == (
        "No.",
        "Name of the person aided",
        "ID number",
        "Unit / township",
        "Hardship category",
        "Type of help",
        "Amount (yuan)",
        "Source of funds",
        "Paid on",
        "Approved by",
        "Handled by",
    )
    body = rows[2:-1]
    assert [r[1] for r in body] == ["王大伟", "李困难", "赵长赤"]
    wang = body[0]
    assert wang[0] == 1
    assert wang[2] == welfare.wang.id_number  # the federation administrator may see it in full
    assert wang[3] == "南江镇工会"
    assert wang[4] in ("Deep hardship", "Relative hardship")
    assert wang[5] == "Living aid"
    assert Decimal(str(wang[6])) == Decimal("800.10")
    assert wang[7] == "南江镇帮扶资金"
    assert wang[8].date() == timezone.localdate(paid["wang"].disbursed_at)
    assert (wang[9], wang[10]) == ("township1", "finance")
    assert body[2][7] == "困难职工帮扶资金"
    total = rows[-1]
    assert total[0] == "Total" and "3" in total[1]
    assert Decimal(str(total[6])).quantize(Decimal("0.01")) == Decimal("1583.43")


def test_a_township_cadre_never_sees_another_townships_rows_in_the_ledger(login, api, paid):
    names = [r[1] for r in _sheet(login("township2").get(URL, **EN).content)[2:-1]]
    assert names == ["赵长赤"]
    response = api("township1").get("/api/v1/aid-applications/ledger.xlsx", **EN)
    assert response.status_code == 200
    rows = _sheet(response.content)
    assert [r[1] for r in rows[2:-1]] == ["王大伟", "李困难"]
    assert Decimal(str(rows[-1][6])).quantize(Decimal("0.01")) == Decimal("1133.43")


def test_the_ledger_filters_by_organisation_type_and_period(login, county, paid):
    client = login("admin")
    by_org = _sheet(client.get(URL, {"org": county.township2.pk}, **EN).content)
    assert [r[1] for r in by_org[2:-1]] == ["赵长赤"]
    by_type = _sheet(client.get(URL, {"aid_type": "medical"}, **EN).content)
    assert by_type[2][0] == "Total"
    later = _sheet(client.get(URL, {"year": YEAR + 1}, **EN).content)
    assert later[2][0] == "Total" and later[2][6] == 0
    day = timezone.localdate(paid["li"].disbursed_at).isoformat()
    period = _sheet(client.get(URL, {"start": day, "end": day}, **EN).content)
    assert len(period[2:-1]) == 3


def test_the_auditor_gets_masked_id_numbers_and_every_export_is_logged(login, county, welfare, paid):
    rows = _sheet(login("auditor").get(URL, **EN).content)
    number = welfare.wang.id_number
    assert rows[2][2] == number[:4] + "*" * 10 + number[-4:]
    entry = LogEntry.objects.filter(action=LogEntry.Action.ACCESS, actor=county.user("auditor")).get()
    assert "hardship_ledger" in entry.changes_text and "id_number" not in entry.changes_text
    assert "3 rows" in entry.additional_data["reason"]
    login("admin").get(URL, **EN)
    admin_entry = LogEntry.objects.filter(action=LogEntry.Action.ACCESS, actor=county.user("admin")).get()
    assert "id_number" in admin_entry.changes_text


def test_the_aid_list_page_offers_the_ledger_button(login, paid):
    page = login("township1").get("/hardship/aid/?year=2026")
    assert 'data-testid="ledger"' in page.content.decode()


def test_a_worker_account_cannot_export_the_ledger(login, paid):
    assert login("worker1").get(URL, **EN).status_code == 403


def test_campaign_grants_handed_over_are_rows_of_the_ledger_with_their_campaign_and_goods(
    login, county, drive
):
    from gonghui.hardship import campaigns

    campaigns.campaign_generate(by=county.user("township1"), campaign=drive.campaign)
    campaigns.campaign_approve(by=county.user("township1"), campaign=drive.campaign)
    wang = drive.campaign.grants.get(person=drive.welfare.wang)
    campaigns.grant_disburse(by=county.user("finance"), grant=wang, received_by="王大伟")
    paid_aid = _paid(county, drive.welfare.li, "120.00", drive.welfare.fund1)  # after the grant

    rows = _sheet(login("admin").get(URL, **EN).content)[2:-1]
    assert [(r[1], r[5]) for r in rows][1] == ("李困难", "Living aid")
    assert [r[1] for r in rows] == ["王大伟", "李困难"]  # by the time each was paid
    grant_row = rows[0]
    assert drive.campaign.name in grant_row[5] and "棉被×1" in grant_row[5]
    assert Decimal(str(grant_row[6])) == Decimal("1000.00")
    assert grant_row[7] == "困难职工帮扶资金" and (grant_row[9], grant_row[10]) == ("township1", "finance")
    assert rows[1][8].date() == timezone.localdate(paid_aid.disbursed_at)

    only_aid = _sheet(login("admin").get(URL, {"aid_type": "living"}, **EN).content)[2:-1]
    assert [r[1] for r in only_aid] == ["李困难"]
    assert not _sheet(login("township2").get(URL, **EN).content)[2:-1]  # township 1's people
