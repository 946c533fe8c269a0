"""The person picker: forms elsewhere find a registered person by name, in the reader's scope only."""

import pytest

pytestmark = pytest.mark.django_db

SLOT = "field=person&target=id_person"


def test_a_cadre_finds_people_of_their_township_by_name_pinyin_or_id_tail(county, registry, login):
    client = login("township1")
    page = client.get(f"/people/pick/?q=张三&{SLOT}").content.decode()
    assert f"pick-{registry.zhang_san.pk}" in page and f"pick-{registry.zhang_sanfeng.pk}" in page
    assert f"pick-{registry.other_zhang_san.pk}" not in page  # the 张三 of township 2
    by_tail = client.get(f"/people/pick/?q={registry.zeng_guofan.id_number[-4:]}&{SLOT}").content.decode()
    assert f"pick-{registry.zeng_guofan.pk}" in by_tail
    by_initials = client.get(f"/people/pick/?q=zsf&{SLOT}").content.decode()
    assert f"pick-{registry.zhang_sanfeng.pk}" in by_initials


def test_township2_never_finds_township1s_people_nor_fills_them_in(county, registry, login):
    client = login("township2")
    page = client.get(f"/people/pick/?q=张三&{SLOT}").content.decode()
    assert f"pick-{registry.other_zhang_san.pk}" in page
    assert f"pick-{registry.zhang_san.pk}" not in page and f"pick-{registry.zhang_sanfeng.pk}" not in page
    assert client.get(f"/people/pick/chosen/?pk={registry.zhang_san.pk}&{SLOT}").status_code == 404


def test_choosing_fills_the_field_with_the_number_and_shows_the_name(county, registry, login):
    page = login("township1").get(f"/people/pick/chosen/?pk={registry.li_si.pk}&{SLOT}").content.decode()
    assert f'name="person" id="id_person" value="{registry.li_si.pk}"' in page
    assert "李四" in page


@pytest.mark.parametrize("slot", ['field=person&target=x"><script>', "field=&target=id_person", ""])
def test_a_malformed_slot_is_refused(county, registry, login, slot):
    assert login("township1").get(f"/people/pick/?q=张三&{slot}").status_code == 404


def test_workers_and_anonymous_visitors_cannot_search(county, registry, client, login):
    assert client.get(f"/people/pick/?q=张三&{SLOT}").status_code == 302  # to the sign-in page
    assert login("worker1").get(f"/people/pick/?q=张三&{SLOT}").status_code == 403


def test_the_consultation_form_offers_the_picker(county, registry, login):
    page = login("township1").get("/rights/consultations/add/").content.decode()
    assert 'hx-get="/people/pick/"' in page and "id_person-chosen" in page
