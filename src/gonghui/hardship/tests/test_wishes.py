"""Wishes (微心愿): every transition (legal and illegal), one claim, pages, API, scoping and the relay."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError, transaction
from django.utils import timezone

from gonghui.core.errors import Conflict, DomainError, PermissionDenied
from gonghui.enterprises.models import Enterprise
from gonghui.hardship import wish_queries, wishes
from gonghui.hardship.models import Wish

pytestmark = pytest.mark.django_db

EN = {"HTTP_ACCEPT_LANGUAGE": "en"}


def proof() -> SimpleUploadedFile:
    return SimpleUploadedFile("handover.jpg", b"\xff\xd8 photo", content_type="image/jpeg")


@pytest.fixture
def firms(county: Any) -> dict[str, Enterprise]:
    return {
        "caring": Enterprise.objects.create(
            org=county.township1, name="光雾山旅游公司", type="private", is_caring=True
        ),
        "plain": Enterprise.objects.create(org=county.township1, name="南江茶叶公司", type="private"),
    }


def draft(county: Any, org: Any = None, user: str = "township1", **extra: Any) -> Wish:
    values = {"kind": "orphan", "display_name": "小明", "item": "一个新书包", "amount": "120.00", **extra}
    return wishes.wish_create(by=county.user(user), org=org or county.township1, **values)


def published(county: Any, **extra: Any) -> Wish:
    return wishes.wish_publish(by=county.user("township1"), wish=draft(county, **extra))


def claimed(county: Any, enterprise: Enterprise) -> Wish:
    return wishes.wish_claim(by=county.user("township1"), wish=published(county), donor_enterprise=enterprise)


def test_a_wish_goes_from_draft_to_published_claimed_and_fulfilled(county, firms):
    cadre = county.user("township1")
    wish = draft(county, story="父母双亡，跟随奶奶生活")
    assert wish.status == "draft"
    wish = wishes.wish_publish(by=cadre, wish=wish)
    assert wish.status == "published" and wish.published_at
    wish = wishes.wish_claim(by=cadre, wish=wish, donor_enterprise=firms["caring"])
    assert (wish.status, wish.donor, wish.claimed_by) == ("claimed", firms["caring"], cadre)
    wish = wishes.wish_fulfil(by=cadre, wish=wish, proof=proof(), note="已送到学校")
    assert wish.status == "fulfilled" and wish.proof and wish.fulfilled_at


@pytest.mark.parametrize(
    ("state", "verb"),
    [
        ("draft", "claim"),
        ("draft", "fulfil"),
        ("published", "publish"),
        ("published", "fulfil"),
        ("claimed", "publish"),
        ("claimed", "claim"),
        ("claimed", "withdraw"),
        ("fulfilled", "claim"),
        ("fulfilled", "withdraw"),
        ("fulfilled", "fulfil"),
        ("withdrawn", "publish"),
        ("withdrawn", "claim"),
    ],
)
def test_an_illegal_move_is_refused_and_changes_nothing(county, firms, state, verb):
    cadre = county.user("township1")
    wish = draft(county)
    if state != "draft":
        if state == "withdrawn":
            wish = wishes.wish_withdraw(by=cadre, wish=wish, reason="已由民政救助")
        else:
            wish = wishes.wish_publish(by=cadre, wish=wish)
    if state in ("claimed", "fulfilled"):
        wish = wishes.wish_claim(by=cadre, wish=wish, donor_enterprise=firms["plain"])
    if state == "fulfilled":
        wish = wishes.wish_fulfil(by=cadre, wish=wish, proof=proof())
    actions = {
        "publish": lambda: wishes.wish_publish(by=cadre, wish=wish),
        "claim": lambda: wishes.wish_claim(by=cadre, wish=wish, donor_enterprise=firms["caring"]),
        "fulfil": lambda: wishes.wish_fulfil(by=cadre, wish=wish, proof=proof()),
        "withdraw": lambda: wishes.wish_withdraw(by=cadre, wish=wish, reason="x"),
    }
    with pytest.raises(Conflict):
        actions[verb]()
    after = Wish.objects.get(pk=wish.pk)
    assert after.status == state
    if state in ("claimed", "fulfilled"):
        assert after.donor_enterprise == firms["plain"]


def test_a_draft_or_published_wish_may_be_withdrawn_with_a_reason(county):
    cadre = county.user("township1")
    with pytest.raises(DomainError) as caught:
        wishes.wish_withdraw(by=cadre, wish=draft(county), reason=" ")
    assert caught.value.field == "reason"
    wish = wishes.wish_withdraw(by=cadre, wish=published(county), reason="孩子已被收养")
    assert wish.status == "withdrawn" and wish.withdrawn_at


def test_a_claim_names_exactly_one_donor_and_a_fulfilment_needs_proof(county, firms, welfare):
    cadre = county.user("township1")
    wish = published(county)
    with pytest.raises(DomainError):
        wishes.wish_claim(by=cadre, wish=wish)
    with pytest.raises(DomainError):
        wishes.wish_claim(by=cadre, wish=wish, donor_person=welfare.li, donor_enterprise=firms["plain"])
    wish = wishes.wish_claim(by=cadre, wish=wish, donor_person=welfare.li)
    assert wish.donor == welfare.li
    with pytest.raises(DomainError) as caught:
        wishes.wish_fulfil(by=cadre, wish=wish, proof=None)
    assert caught.value.field == "proof"


def test_a_claim_cannot_name_a_donor_outside_the_cadres_scope_but_a_caring_enterprise_gives_anywhere(
    county, firms, welfare
):
    cadre = county.user("township2")
    wish = wishes.wish_publish(by=cadre, wish=draft(county, org=county.township2, user="township2"))
    with pytest.raises(DomainError) as caught:
        wishes.wish_claim(by=cadre, wish=wish, donor_person=welfare.li)  # a person of township 1
    assert caught.value.field == "donor_person"
    with pytest.raises(DomainError) as caught:
        wishes.wish_claim(by=cadre, wish=wish, donor_enterprise=firms["plain"])
    assert caught.value.field == "donor_enterprise"
    assert Wish.objects.get(pk=wish.pk).status == "published"
    wish = wishes.wish_claim(by=cadre, wish=wish, donor_enterprise=firms["caring"])
    assert wish.status == "claimed" and wish.donor_enterprise == firms["caring"]


def test_the_donors_offered_are_the_cadres_own_enterprises_and_the_caring_ones(county, firms):
    from gonghui.hardship import wish_queries

    other = Enterprise.objects.create(org=county.township2, name="长赤砖厂", type="private")
    offered = set(wish_queries.donor_enterprises(county.user("township2")))
    assert firms["caring"] in offered and other in offered
    assert firms["plain"] not in offered  # an ordinary firm of township 1


def test_the_database_refuses_a_claimed_wish_without_a_donor_or_a_fulfilled_one_without_proof(county, firms):
    wish = published(county)
    with pytest.raises(IntegrityError), transaction.atomic():
        Wish.objects.filter(pk=wish.pk).update(status="claimed", claimed_at=timezone.now())
    with pytest.raises(IntegrityError), transaction.atomic():
        Wish.objects.filter(pk=wish.pk).update(
            status="fulfilled",
            claimed_at=timezone.now(),
            donor_enterprise=firms["plain"],
            fulfilled_at=timezone.now(),
        )


def test_bad_input_is_refused_beside_its_field(county):
    for values, field in (
        ({"kind": "pet"}, "kind"),
        ({"display_name": ""}, "display_name"),
        ({"item": " "}, "item"),
        ({"amount": "-5"}, "amount"),
    ):
        with pytest.raises(DomainError) as caught:
            draft(county, **values)
        assert caught.value.field == field


def test_a_cadre_cannot_record_or_move_another_townships_wish(county):
    with pytest.raises(PermissionDenied):
        draft(county, org=county.township2)
    other = draft(county, org=county.township2, user="township2")
    with pytest.raises(PermissionDenied):
        wishes.wish_publish(by=county.user("township1"), wish=other)


def test_the_list_detail_and_api_never_show_another_townships_wishes(county, login, api, firms):
    mine = published(county)
    theirs = draft(county, org=county.township2, user="township2", display_name="小红")
    client = login("township1")
    page = client.get("/hardship/wishes/", **EN).content.decode()
    assert "小明" in page and "小红" not in page
    assert client.get(f"/hardship/wishes/{theirs.pk}/").status_code == 404
    token = api("township1")
    assert [w["id"] for w in token.get("/api/v1/wishes/").json()["items"]] == [mine.pk]
    assert token.get(f"/api/v1/wishes/{theirs.pk}").status_code == 404
    assert token.post(f"/api/v1/wishes/{theirs.pk}/publish").status_code == 404
    assert login("admin").get(f"/hardship/wishes/{theirs.pk}/").status_code == 200


def test_the_api_runs_the_whole_lifecycle_and_answers_409_to_a_second_claim(county, api, firms, welfare):
    client = api("township1")
    response = client.post(
        "/api/v1/wishes/",
        {
            "org": county.township1.pk,
            "kind": "left_behind",
            "display_name": "王同学",
            "item": "一套课外书",
            "amount": "80.50",
            "person": welfare.wang.pk,
        },
        content_type="application/json",
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["status"] == "draft" and body["person_name"] == "王*伟"
    pk = body["id"]
    assert (
        client.post(
            f"/api/v1/wishes/{pk}/claim",
            {"donor_enterprise": firms["caring"].pk},
            content_type="application/json",
        ).status_code
        == 409
    )
    assert client.post(f"/api/v1/wishes/{pk}/publish").json()["status"] == "published"
    claim = client.post(
        f"/api/v1/wishes/{pk}/claim",
        {"donor_enterprise": firms["caring"].pk},
        content_type="application/json",
    )
    assert claim.status_code == 200 and claim.json()["donor_is_caring"] is True
    again = client.post(
        f"/api/v1/wishes/{pk}/claim", {"donor_person": welfare.li.pk}, content_type="application/json"
    )
    assert again.status_code == 409
    assert "光雾山旅游公司" in again.json()["detail"]
    assert Wish.objects.get(pk=pk).donor_enterprise == firms["caring"]
    done = client.post(f"/api/v1/wishes/{pk}/fulfil", {"proof": proof(), "note": "送达"})
    assert done.status_code == 200 and done.json()["has_proof"] is True
    assert (
        client.post(
            f"/api/v1/wishes/{pk}/withdraw", {"reason": "x"}, content_type="application/json"
        ).status_code
        == 409
    )


def test_the_staff_pages_publish_claim_and_fulfil(county, login, firms):
    client = login("township1")
    response = client.post(
        "/hardship/wishes/new/",
        {
            "kind": "orphan",
            "display_name": "小刚",
            "item": "一双运动鞋",
            "amount": "150",
            "org": county.township1.pk,
        },
    )
    assert response.status_code == 302
    wish = Wish.objects.get(display_name="小刚")
    client.post(f"/hardship/wishes/{wish.pk}/publish/")
    detail = client.get(f"/hardship/wishes/{wish.pk}/", **EN).content.decode()
    # caring enterprises come first in the donor choice
    assert detail.index("光雾山旅游公司") < detail.index("南江茶叶公司")
    client.post(f"/hardship/wishes/{wish.pk}/claim/", {"donor_enterprise": firms["plain"].pk})
    client.post(f"/hardship/wishes/{wish.pk}/fulfil/", {"proof": proof()})
    wish.refresh_from_db()
    assert (wish.status, wish.donor_enterprise) == ("fulfilled", firms["plain"])
    assert client.get(f"/hardship/wishes/{wish.pk}/proof/").status_code == 200


def test_the_relay_counts_wishes_fulfilled_per_enterprise_and_year(county, login, api, firms):
    cadre = county.user("township1")
    for n in range(3):
        wish = claimed(county, firms["caring"])
        at = timezone.now() - datetime.timedelta(days=400) if n == 0 else None
        wishes.wish_fulfil(by=cadre, wish=wish, proof=proof(), at=at)
    wishes.wish_fulfil(by=cadre, wish=claimed(county, firms["plain"]), proof=proof())
    claimed(county, firms["plain"])  # claimed, not yet fulfilled: not in the relay
    other = wishes.wish_publish(
        by=county.user("township2"), wish=draft(county, org=county.township2, user="township2")
    )
    wishes.wish_fulfil(
        by=county.user("township2"),
        wish=wishes.wish_claim(by=county.user("township2"), wish=other, donor_enterprise=firms["caring"]),
        proof=proof(),
    )
    rows = wish_queries.relay(county.user("township1"))
    this_year, last_year = timezone.now().year, (timezone.now() - datetime.timedelta(days=400)).year
    assert [(r.enterprise.name, r.total) for r in rows] == [("光雾山旅游公司", 3), ("南江茶叶公司", 1)]
    assert rows[0].by_year == {last_year: 1, this_year: 2}
    assert [(r.enterprise.name, r.total) for r in wish_queries.relay(county.user("admin"))] == [
        ("光雾山旅游公司", 4),
        ("南江茶叶公司", 1),
    ]
    assert [r.total for r in wish_queries.relay(county.user("township1"), this_year)] == [2, 1]
    page = login("township1").get("/hardship/wishes/relay/", **EN).content.decode()
    assert page.count('data-testid="relay-row"') == 2
    body = api("township2").get("/api/v1/wishes/relay").json()
    assert [(r["enterprise_name"], r["total"]) for r in body] == [("光雾山旅游公司", 1)]


def test_a_relay_year_out_of_range_is_refused_in_words_never_a_500(county, login, api):
    res = api("township1").get("/api/v1/wishes/relay?year=10000", **EN)
    assert res.status_code == 400 and res.json()["errors"][0]["field"] == "year"
    page = login("township1").get("/hardship/wishes/relay/?year=10000", **EN)
    assert page.status_code == 200 and "Enter a year such as 2026." in page.content.decode()


def test_a_wish_is_changed_through_the_api_until_it_is_claimed(county, api, firms):
    wish = published(county)
    client = api("township1")
    res = client.patch(f"/api/v1/wishes/{wish.pk}", {"item": "一套新课本"}, content_type="application/json")
    assert res.status_code == 200 and res.json()["item"] == "一套新课本"
    assert res.json()["display_name"] == "小明"  # what was not sent stays
    bad = client.patch(
        f"/api/v1/wishes/{wish.pk}", {"kind": "lottery"}, content_type="application/json", **EN
    )
    assert bad.status_code == 400 and bad.json()["errors"][0]["field"] == "kind"
    other = api("township2").patch(
        f"/api/v1/wishes/{wish.pk}", {"item": "x"}, content_type="application/json"
    )
    assert other.status_code == 404
    wishes.wish_claim(by=county.user("township1"), wish=wish, donor_enterprise=firms["caring"])
    late = client.patch(f"/api/v1/wishes/{wish.pk}", {"item": "x"}, content_type="application/json")
    assert late.status_code == 409
    assert Wish.objects.get(pk=wish.pk).item == "一套新课本"
