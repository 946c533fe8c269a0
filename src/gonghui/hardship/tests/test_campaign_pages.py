"""The campaign pages: set up, generate, approve, hand over (one by one and in bulk), close; scoped."""

from __future__ import annotations

from decimal import Decimal

import pytest

from gonghui.hardship import campaigns
from gonghui.hardship.models import Campaign, CampaignGrant
from gonghui.hardship.tests.conftest import YEAR, make_campaign

pytestmark = pytest.mark.django_db


def test_a_cadre_sets_up_generates_and_approves_and_finance_hands_over_and_closes(county, drive, login):
    client = login("township1")
    page = client.get("/hardship/campaigns/new/")
    assert page.status_code == 200
    res = client.post(
        "/hardship/campaigns/new/",
        {
            "org": county.township1.pk,
            "kind": "warmth",
            "name": "页面送温暖",
            "starts_on": f"{YEAR}-01-01",
            "ends_on": f"{YEAR}-01-31",
            "fund": drive.welfare.fed_fund.pk,
            "budget": "2000",
            "categories": ["deep", "relative"],
            "amount_deep": "1000",
            "amount_relative": "500",
            "goods_item": drive.quilt.pk,
            "goods_quantity": "1",
        },
    )
    assert res.status_code == 302, res.content.decode()[-2000:]
    campaign = Campaign.objects.get(name="页面送温暖")
    url = f"/hardship/campaigns/{campaign.pk}/"
    assert res["Location"] == url
    client.post(url + "generate/")
    page = client.get(url, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "王大伟" in page and "李困难" in page
    assert "Deceased" in page and "File closed: lifted out of hardship" in page  # the reasons shown
    assert 'data-testid="approve"' in page
    client.post(url + "approve/")
    assert Campaign.objects.get(pk=campaign.pk).status == "approved"
    page = client.get(url).content.decode()
    assert 'data-testid="hand-over"' not in page  # the cadre approves; finance hands over
    finance = login("finance")
    wang = campaign.grants.get(person=drive.welfare.wang)
    res = finance.post(
        url + f"grants/{wang.pk}/disburse/", {"received_by": "王大伟本人"}, HTTP_HX_REQUEST="true"
    )
    assert res.status_code == 200 and "王大伟本人" in res.content.decode()
    wang.refresh_from_db()
    assert wang.status == "disbursed" and wang.received_by == "王大伟本人"
    res = finance.post(url + f"grants/{wang.pk}/disburse/", {}, HTTP_HX_REQUEST="true")
    assert "table-danger" in res.content.decode()
    finance.post(url + "disburse/", {"reference": "SWN-2"})
    assert not campaign.grants.filter(status="approved").exists()
    assert Campaign.objects.get(pk=campaign.pk).disbursed == Decimal("1500.00")
    finance.post(url + f"grants/{wang.pk}/reverse/", {"reason": "退回"})
    assert CampaignGrant.objects.get(pk=wang.pk).status == "reversed"
    client = login("township1")
    client.post(url + "close/", {"note": "完成"})
    page = client.get(url).content.decode()
    assert 'data-testid="summary"' in page and "完成" in page
    assert Campaign.objects.get(pk=campaign.pk).status == "closed"


def test_a_bad_form_shows_the_error_beside_the_field(county, drive, login):
    res = login("township1").post(
        "/hardship/campaigns/new/",
        {
            "org": county.township1.pk,
            "kind": "warmth",
            "name": "空",
            "starts_on": f"{YEAR}-02-01",
            "ends_on": f"{YEAR}-01-01",
            "fund": drive.welfare.fed_fund.pk,
            "budget": "100",
            "categories": ["deep"],
        },
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert res.status_code == 200
    assert "The campaign cannot end before it starts." in res.content.decode()
    assert not Campaign.objects.filter(name="空").exists()


@pytest.mark.parametrize("listed", ["zhao", "abc"])
def test_a_person_listed_outside_the_cadres_scope_is_refused_on_the_form(county, drive, login, listed):
    number = str(drive.welfare.zhao.pk) if listed == "zhao" else listed  # township 2, or not a number
    res = login("township1").post(
        "/hardship/campaigns/new/",
        {
            "org": county.township1.pk,
            "kind": "summer",
            "name": "点名",
            "starts_on": f"{YEAR}-06-01",
            "ends_on": f"{YEAR}-08-31",
            "fund": drive.welfare.fed_fund.pk,
            "budget": "100",
            "listed": number,
        },
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert res.status_code == 200
    assert f"No person with registry number {number} in your scope." in res.content.decode()
    assert not Campaign.objects.filter(name="点名").exists()


def test_an_illegal_move_on_the_page_shows_the_refusal_and_changes_nothing(county, drive, login):
    client = login("township1")
    res = client.post(
        f"/hardship/campaigns/{drive.campaign.pk}/close/", follow=True, HTTP_ACCEPT_LANGUAGE="en"
    )
    assert "cannot move to" in res.content.decode()
    assert Campaign.objects.get(pk=drive.campaign.pk).status == "draft"


def test_the_campaign_list_and_menu_show_only_campaigns_in_scope(county, drive, login):
    make_campaign(
        county, drive.welfare, by=county.user("township2"), org=county.township2, name="长赤镇送温暖"
    )
    page = login("township1").get("/hardship/campaigns/").content.decode()
    assert drive.campaign.name in page and "长赤镇送温暖" not in page
    assert 'href="/hardship/campaigns/"' in page
    page = login("auditor").get("/hardship/campaigns/").content.decode()
    assert drive.campaign.name in page and "长赤镇送温暖" in page


@pytest.mark.parametrize("suffix", ["", "generate/", "approve/", "disburse/", "close/"])
def test_township2_gets_404_for_township1s_campaign_pages(county, drive, login, suffix):
    client = login("township2")
    url = f"/hardship/campaigns/{drive.campaign.pk}/{suffix}"
    res = client.post(url) if suffix else client.get(url)
    assert res.status_code == 404


def test_township2_gets_404_for_a_grant_of_township1(county, drive, login):
    campaigns.campaign_generate(by=county.user("township1"), campaign=drive.campaign)
    grant = drive.campaign.grants.first()
    res = login("township2").post(f"/hardship/campaigns/{drive.campaign.pk}/grants/{grant.pk}/disburse/")
    assert res.status_code == 404


def test_a_township_cadre_opens_a_federation_campaign_and_sees_only_their_own_people(county, drive, login):
    admin = county.user("admin")
    federal = make_campaign(county, drive.welfare, by=admin, org=county.federation, name="全县送温暖")
    campaigns.campaign_generate(by=admin, campaign=federal)
    approve = f"/hardship/campaigns/{federal.pk}/approve/"
    assert approve in login("admin").get(f"/hardship/campaigns/{federal.pk}/").content.decode()
    client = login("township1")  # the same test client, now signed in as the cadre
    assert "全县送温暖" in client.get("/hardship/campaigns/").content.decode()
    page = client.get(f"/hardship/campaigns/{federal.pk}/").content.decode()
    assert "王大伟" in page and "赵长赤" not in page
    assert approve not in page  # acting on it is the federation's
    listing = make_campaign(
        county, drive.welfare, by=admin, org=county.federation, name="全县点名", listed=[drive.welfare.zhao]
    )
    assert "赵长赤" not in client.get(f"/hardship/campaigns/{listing.pk}/").content.decode()  # township 2's
    assert client.post(approve).status_code == 302
    federal.refresh_from_db()
    assert federal.status == "generated"


def test_a_campaign_gives_up_to_four_kinds_of_goods_set_up_on_the_form(county, drive, login):
    from gonghui.funds import services as funds

    finance = county.user("finance")
    rice, oil, calendar = (
        funds.goods_item_create(by=finance, name=name, unit=unit)
        for name, unit in (("大米", "袋"), ("食用油", "桶"), ("挂历", "本"))
    )
    values = {
        "org": county.township1.pk,
        "kind": "warmth",
        "name": "四样礼包",
        "starts_on": f"{YEAR}-01-01",
        "ends_on": f"{YEAR}-01-31",
        "fund": drive.welfare.fed_fund.pk,
        "budget": "0",
        "categories": ["deep", "relative"],
    }
    for suffix, item, quantity in (
        ("", drive.quilt, 1),
        ("_2", rice, 2),
        ("_3", oil, 1),
        ("_4", calendar, 1),
    ):
        values[f"goods_item{suffix}"], values[f"goods_quantity{suffix}"] = item.pk, str(quantity)
    values["goods_group_4"] = "deep"
    res = login("township1").post("/hardship/campaigns/new/", values)
    assert res.status_code == 302, res.content.decode()[-2000:]
    goods = Campaign.objects.get(name="四样礼包").goods.order_by("pk")
    assert [(g.item.name, g.quantity, g.group) for g in goods] == [
        ("棉被", 1, ""),
        ("大米", 2, ""),
        ("食用油", 1, ""),
        ("挂历", 1, "deep"),
    ]
