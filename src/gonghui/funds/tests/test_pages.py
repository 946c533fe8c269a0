"""The staff pages of the funds: lists with balances, forms that post through the services, reports."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.utils import timezone

from gonghui.funds import queries, services
from gonghui.funds.models import Donation, Fund, LedgerEntry

pytestmark = pytest.mark.django_db


def test_the_funds_page_shows_balance_and_budget_use(fed_fund, income, finance, login):
    income(fed_fund, "1000.00")
    services.post_expense(fund=fed_fund, amount="250.00", by=finance)
    from django.utils import timezone

    services.budget_set(by=finance, fund=fed_fund, year=timezone.localdate().year, amount="1000")
    page = login("finance").get("/funds/").content.decode()
    assert "困难职工帮扶资金" in page
    assert "¥750.00" in page and "¥1,000.00" in page and "25%" in page


def test_the_fund_page_shows_the_ledger_paged(fed_fund, income, login):
    for n in range(30):
        income(fed_fund, f"{n + 1}.00")
    response = login("finance").get(f"/funds/{fed_fund.pk}/")
    assert response.status_code == 200
    assert response.content.decode().count('data-testid="entry-row"') == 25
    second = login("finance").get(f"/funds/{fed_fund.pk}/?page=2").content.decode()
    assert second.count('data-testid="entry-row"') == 5


def test_posting_an_expense_through_the_page_and_the_refusal_beside_the_field(fed_fund, income, login):
    income(fed_fund, "100.00")
    client = login("finance")
    response = client.post(f"/funds/{fed_fund.pk}/post/", {"kind": "expense", "amount": "100.01"})
    assert response.status_code == 200
    assert "invalid-feedback" in response.content.decode()
    assert LedgerEntry.objects.count() == 1
    response = client.post(
        f"/funds/{fed_fund.pk}/post/", {"kind": "expense", "amount": "1,00.00", "memo": "救助"}
    )
    assert response.status_code == 302
    assert queries.balance(fed_fund) == Decimal("0.00")


def test_goods_through_the_post_page(fed_fund, quilt, login):
    client = login("finance")
    response = client.post(
        f"/funds/{fed_fund.pk}/post/", {"kind": "goods_in", "item": quilt.pk, "quantity": 5}
    )
    assert response.status_code == 302
    assert queries.stock(fed_fund, quilt) == 5
    page = client.get("/funds/goods/").content.decode()
    assert "棉被" in page and "5 床" in page


def test_reversing_through_the_page(fed_fund, income, finance, login):
    income(fed_fund, "100.00")
    paid = services.post_expense(fund=fed_fund, amount="40.00", by=finance)
    client = login("finance")
    assert f"/funds/entries/{paid.pk}/reverse/" in client.get(f"/funds/{fed_fund.pk}/").content.decode()
    assert client.post(f"/funds/entries/{paid.pk}/reverse/", {"reason": "退票"}).status_code == 302
    assert queries.balance(fed_fund) == Decimal("100.00")
    again = client.post(f"/funds/entries/{paid.pk}/reverse/", {"reason": "再退"})
    assert again.status_code == 200 and LedgerEntry.objects.filter(reverses=paid).count() == 1


def test_recording_a_money_donation_through_the_page(fed_fund, login):
    response = login("finance").post(
        "/funds/donations/add/",
        {
            "fund": fed_fund.pk,
            "kind": "money",
            "received_on": "2015-07-02",
            "donor_kind": "named",
            "donor_name": "南江籍企业家",
            "amount": "10,000",
            "earmark": "6·28 flood relief",
        },
    )
    assert response.status_code == 302
    donation = Donation.objects.get()
    assert response["Location"] == f"/funds/donations/{donation.pk}/"
    assert donation.amount == Decimal("10000.00") and queries.balance(fed_fund) == Decimal("10000.00")
    page = login("finance").get(response["Location"]).content.decode()
    assert "JZ2015-000001" in page and "¥10,000.00" in page


def test_recording_a_goods_donation_from_an_enterprise_by_its_code(fed_fund, county, quilt, rice, login):
    from gonghui.enterprises.models import Enterprise

    enterprise = Enterprise.objects.create(
        org=county.township1, name="南江县南慧建材有限公司", uscc="91511922MA6A0B1C2D", type="private"
    )
    response = login("finance").post(
        "/funds/donations/add/",
        {
            "fund": fed_fund.pk,
            "kind": "goods",
            "received_on": "2015-07-05",
            "donor_kind": "enterprise",
            "enterprise_code": "南江县南慧建材有限公司",
            "item_1": quilt.pk,
            "quantity_1": 50,
            "unit_value_1": "90",
            "item_2": rice.pk,
            "quantity_2": 20,
        },
    )
    assert response.status_code == 302, response.content.decode()[-3000:]
    donation = Donation.objects.get()
    assert donation.enterprise == enterprise and donation.amount == Decimal("4500.00")
    assert queries.stock(fed_fund, quilt) == 50 and queries.stock(fed_fund, rice) == 20


def test_a_donor_person_is_found_by_id_number_in_scope(fed_fund, county, login):
    from gonghui.people.models import Person

    person = Person.objects.create(
        org=county.township1,
        name="黄凯",
        sex="male",
        birth_date=datetime.date(1980, 1, 1),
        id_number="51192219800101001X",
    )
    data = {
        "fund": fed_fund.pk,
        "kind": "money",
        "received_on": "2015-07-02",
        "donor_kind": "person",
        "person_id_number": "51192219800101001x",
        "amount": "200",
    }
    assert login("finance").post("/funds/donations/add/", data).status_code == 302
    assert Donation.objects.get().person == person
    data["person_id_number"] = "511922198001010029"
    response = login("finance").post("/funds/donations/add/", data)
    assert response.status_code == 200 and Donation.objects.count() == 1


def test_the_donor_list_page_shows_anonymous_donors_as_such(fed_fund, finance, login):
    from gonghui.funds.donations import donation_record

    for name, anonymous in (("张三", False), ("李四", True)):
        donation_record(
            by=finance,
            fund=fed_fund,
            kind="money",
            amount="100",
            donor_kind="named",
            donor_name=name,
            is_anonymous=anonymous,
            earmark="6·28 flood relief",
            received_on=datetime.date(2015, 7, 2),
        )
    page = login("finance").get("/funds/donors/?earmark=6·28 flood relief", HTTP_ACCEPT_LANGUAGE="en")
    text = page.content.decode()
    assert "张三" in text and "李四" not in text and "Anonymous" in text


def test_the_reconciliation_page_shows_the_figures(fed_fund, income, finance, login):
    income(fed_fund, "300.00")
    services.post_expense(fund=fed_fund, amount="100.00", by=finance)
    page = login("auditor").get(f"/funds/{fed_fund.pk}/reconciliation/").content.decode()
    assert "¥300.00" in page and "¥100.00" in page and "¥200.00" in page
    bad = login("auditor").get(f"/funds/{fed_fund.pk}/reconciliation/?start=2015-08-01&end=2015-07-01")
    assert bad.status_code == 302


def test_opening_a_fund_and_setting_a_budget_through_the_pages(county, login):
    client = login("finance")
    response = client.post(
        "/funds/add/", {"org": county.federation.pk, "name": "捐赠资金", "kind": "donation"}
    )
    assert response.status_code == 302
    fund = Fund.objects.get(name="捐赠资金")
    assert client.post(f"/funds/{fund.pk}/budget/", {"year": 2015, "amount": "500,000"}).status_code == 302
    assert fund.budgets.get(year=2015).amount == Decimal("500000.00")


def test_the_menu_has_the_welfare_platform_for_finance_and_cadres_only(county, login):
    assert "/funds/donors/" in login("finance").get("/").content.decode()
    assert "/funds/" in login("township1").get("/").content.decode()
    assert "/funds/" not in login("chair1").get("/").content.decode()


def test_the_page_forms_for_posting_are_refused_to_a_cadre(fund1, login):
    client = login("township1")
    assert client.get(f"/funds/{fund1.pk}/").status_code == 200
    assert client.get(f"/funds/{fund1.pk}/post/").status_code == 403
    assert client.get("/funds/donations/add/").status_code == 403


def test_the_funds_page_shows_the_latest_budget_year_unless_another_is_asked(
    fed_fund, income, finance, login
):
    income(fed_fund, "1000.00")
    with services.posting_time(timezone.make_aware(datetime.datetime(2015, 7, 1, 10))):
        services.post_expense(fund=fed_fund, amount="400.00", by=finance)
    services.budget_set(by=finance, fund=fed_fund, year=2015, amount="2000")
    page = login("finance").get("/funds/").content.decode()
    assert "2015" in page and "¥2,000.00" in page and "¥400.00" in page and "20%" in page
    later = login("finance").get(f"/funds/?year={timezone.localdate().year}").content.decode()
    assert "¥2,000.00" not in later


def test_the_enterprise_page_shows_its_donations_to_those_who_may_see_them(
    fed_fund, fund1, county, finance, login
):
    from gonghui.enterprises.models import Enterprise
    from gonghui.funds.donations import donation_record

    enterprise = Enterprise.objects.create(
        org=county.township1, name="南江县光雾山米业有限公司", type="private", is_caring=True
    )
    for fund, amount in ((fed_fund, "8888.00"), (fund1, "6666.00")):
        donation_record(
            by=finance,
            fund=fund,
            kind="money",
            amount=amount,
            donor_kind="enterprise",
            enterprise=enterprise,
            received_on=datetime.date(2015, 7, 2),
        )
    everything = login("finance").get(f"/enterprises/{enterprise.pk}/").content.decode()
    assert "¥8,888.00" in everything and "¥6,666.00" in everything
    township = login("township1").get(f"/enterprises/{enterprise.pk}/").content.decode()
    assert "¥6,666.00" in township and "¥8,888.00" not in township
    assert "¥6,666.00" not in login("chair1").get(f"/enterprises/{enterprise.pk}/").content.decode()
