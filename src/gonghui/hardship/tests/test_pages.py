import io

import docx
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from gonghui.hardship.models import AidApplication, HardshipFile
from gonghui.hardship.tests.conftest import active_file, approved_aid, open_file


def test_the_file_list_shows_only_files_in_scope(county, welfare, login):
    active_file(county, welfare.wang)
    active_file(county, welfare.zhao)
    page = login("township2").get("/hardship/files/").content.decode()
    assert "赵长赤" in page and "王大伟" not in page
    page = login("auditor").get("/hardship/files/?cause=illness").content.decode()
    assert "赵长赤" in page and "王大伟" in page


@pytest.mark.parametrize("suffix", ["", "submit/", "lift/", "cancel/", "category/"])
def test_township2_gets_404_for_township1s_file_pages(county, welfare, login, suffix):
    row = open_file(county, welfare.wang)
    client = login("township2")
    res = (
        client.post(f"/hardship/files/{row.pk}/{suffix}", {"reason": "moved"})
        if suffix
        else client.get(f"/hardship/files/{row.pk}/")
    )
    assert res.status_code == 404


@pytest.mark.parametrize(
    "suffix",
    [
        "",
        "review/",
        "approve/",
        "reject/",
        "disburse/",
        "reverse/",
        "receipt/",
        "approval-form.docx",
        "receipt.docx",
    ],
)
def test_township2_gets_404_for_township1s_aid_pages(county, welfare, login, suffix):
    aid = approved_aid(county, welfare.wang)
    client = login("township2")
    if suffix in ("", "approval-form.docx", "receipt.docx", "receipt-file/"):
        res = client.get(f"/hardship/aid/{aid.pk}/{suffix}")
    else:
        res = client.post(f"/hardship/aid/{aid.pk}/{suffix}", {"reason": "x"})
    assert res.status_code == 404


def test_a_cadre_opens_a_file_with_the_suggestion_and_moves_it_with_the_allowed_buttons(
    county, welfare, login
):
    client = login("township1")
    page = client.get(f"/hardship/files/new/?person={welfare.wang.pk}")
    assert page.status_code == 200
    res = client.post("/hardship/files/new/", {"person": welfare.wang.pk, "causes": ["illness"]})
    row = HardshipFile.objects.get(person=welfare.wang)
    assert res.status_code == 302
    page = client.get(f"/hardship/files/{row.pk}/").content.decode()
    assert f"/hardship/files/{row.pk}/submit/" in page
    assert f"/hardship/files/{row.pk}/lift/" not in page
    client.post(f"/hardship/files/{row.pk}/category/", {"category": "relative"})
    row.refresh_from_db()
    assert row.category == ""  # an override without a reason is refused
    client.post(
        f"/hardship/files/{row.pk}/category/", {"category": "relative", "category_reason": "另有收入"}
    )
    client.post(f"/hardship/files/{row.pk}/submit/")
    row.refresh_from_db()
    assert (row.category, row.status) == ("relative", "township_review")
    client.post(f"/hardship/files/{row.pk}/lift/", {"reason": "x"})
    row.refresh_from_db()
    assert row.status == "township_review"


def test_the_review_queue_page_shows_what_waits(county, welfare, login):
    from gonghui.hardship import services

    services.aid_apply(
        by=county.user("township1"), person=welfare.wang, aid_type="medical", amount_requested="300"
    )
    page = login("township1").get("/hardship/aid/queue/").content.decode()
    assert "王大伟" in page
    assert 'data-testid="waiting"' in page
    assert "王大伟" not in login("township2").get("/hardship/aid/queue/").content.decode()


def test_education_aid_form_offers_the_child_from_the_household(county, welfare, login):
    client = login("township1")
    page = client.get(f"/hardship/aid/new/?person={welfare.wang.pk}").content.decode()
    assert "王小明" in page
    res = client.post(
        "/hardship/aid/new/",
        {
            "person": welfare.wang.pk,
            "aid_type": "education",
            "member": welfare.wang_child.pk,
            "reason": "考上大学",
        },
    )
    assert res.status_code == 302, res.content.decode()[:2000]
    aid = AidApplication.objects.get(person=welfare.wang)
    assert (aid.school_level, str(aid.amount_requested)) == ("bachelor", "5000.00")


def test_finance_disburses_and_uploads_the_receipt_on_the_page_and_the_docx_downloads(county, welfare, login):
    aid = approved_aid(county, welfare.wang, amount="800", fund=welfare.fund1)
    client = login("finance")
    assert f"/hardship/aid/{aid.pk}/disburse/" in client.get(f"/hardship/aid/{aid.pk}/").content.decode()
    client.post(f"/hardship/aid/{aid.pk}/disburse/", {"reference": "001"})
    aid.refresh_from_db()
    assert aid.status == "disbursed"
    scan = SimpleUploadedFile("r.jpg", b"\xff\xd8 fake", content_type="image/jpeg")
    client.post(f"/hardship/aid/{aid.pk}/receipt/", {"receipt": scan})
    aid.refresh_from_db()
    assert aid.receipt
    res = client.get(f"/hardship/aid/{aid.pk}/receipt.docx")
    text = "\n".join(
        c.text for t in docx.Document(io.BytesIO(res.content)).tables for r in t.rows for c in r.cells
    )
    assert "捌佰元整" in text


def test_the_person_page_shows_the_hardship_panel(county, welfare, login):
    active_file(county, welfare.wang)
    page = login("township1").get(f"/people/{welfare.wang.pk}/").content.decode()
    assert "/hardship/files/" in page
    assert f"/hardship/aid/new/?person={welfare.wang.pk}" in page


def test_the_approver_sees_no_disburse_button_on_their_own_approval(county, welfare, login):
    from gonghui.hardship import services

    aid = services.aid_apply(
        by=county.user("township1"), person=welfare.wang, aid_type="living", amount_requested="500"
    )
    services.aid_review(by=county.user("admin"), aid=aid)
    services.aid_approve(by=county.user("admin"), aid=aid, fund=welfare.fund1)
    assert (
        f"/hardship/aid/{aid.pk}/disburse/"
        not in login("admin").get(f"/hardship/aid/{aid.pk}/").content.decode()
    )
    assert (
        f"/hardship/aid/{aid.pk}/disburse/"
        in login("finance").get(f"/hardship/aid/{aid.pk}/").content.decode()
    )


def test_the_aid_export_holds_only_rows_in_scope_with_masked_id_numbers(county, welfare, login):
    import openpyxl

    approved_aid(county, welfare.wang)
    from gonghui.hardship import services

    services.aid_apply(
        by=county.user("township2"), person=welfare.zhao, aid_type="medical", amount_requested="100"
    )
    for user, expected in (
        ("township1", {"王大伟"}),
        ("township2", {"赵长赤"}),
        ("auditor", {"王大伟", "赵长赤"}),
    ):
        res = login(user).get("/hardship/aid/export.xlsx")
        sheet = openpyxl.load_workbook(io.BytesIO(res.content)).active
        rows = list(sheet.iter_rows(min_row=2, values_only=True))
        assert {r[1] for r in rows} == expected
        assert welfare.wang.id_number not in str(rows)
