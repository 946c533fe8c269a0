"""The printable approval form (帮扶救助审批表) and receipt (领款凭证) of an aid, as Word documents.

Always in Chinese, as the office files them: the union's name, the person with a masked ID number,
the amounts in figures and in capitals (人民币大写).
"""

from __future__ import annotations

import io

from django.utils import timezone
from docx import Document
from docx.shared import Pt

from gonghui.core.masking import mask_id_number
from gonghui.hardship.models import AidApplication, AidType
from gonghui.hardship.rules import rmb_upper

TYPE_NAMES = {
    AidType.LIVING: "生活救助",
    AidType.MEDICAL: "医疗救助",
    AidType.EDUCATION: "金秋助学",
    AidType.EMPLOYMENT: "就业帮扶",
    AidType.LEGAL: "法律援助",
    AidType.POLICY: "政策咨询",
    AidType.EMERGENCY: "临时救助",
}
STATUS_NAMES = {
    "applied": "已申请",
    "in_review": "审核中",
    "approved": "已批准",
    "rejected": "未批准",
    "disbursed": "已发放",
    "reversed": "已冲回",
}


def _date(value: object) -> str:
    if not value:
        return ""
    day = timezone.localdate(value) if hasattr(value, "tzinfo") else value
    return f"{day.year}年{day.month}月{day.day}日"


def _name(user: object) -> str:
    if user is None:
        return ""
    return getattr(user, "display_name", "") or getattr(user, "username", "")


def _table(doc: Document, rows: list[tuple[str, str]]) -> None:
    table = doc.add_table(rows=0, cols=2)
    table.style = "Table Grid"
    for label, value in rows:
        cells = table.add_row().cells
        cells[0].text, cells[1].text = label, value


def _save(doc: Document) -> bytes:
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


def _amount(value: object) -> str:
    if value is None:
        return ""
    return f"¥{value:,.2f}（人民币{rmb_upper(value)}）"


def approval_form(aid: AidApplication) -> bytes:
    """帮扶救助审批表 of one application."""
    doc = Document()
    doc.styles["Normal"].font.size = Pt(11)
    doc.add_heading(f"{aid.org.name}困难职工帮扶救助审批表", level=1)
    person = aid.person
    rows = [
        ("编号", str(aid.pk)),
        ("申请人", person.name),
        ("身份证号", mask_id_number(person.id_number)),
        ("救助类别", TYPE_NAMES.get(aid.aid_type, aid.aid_type)),
        ("申请日期", _date(aid.applied_at)),
        ("申请事由", aid.reason),
        ("申请金额", _amount(aid.amount_requested)),
        ("批准金额", _amount(aid.amount_approved)),
        ("审核人", _name(aid.reviewed_by)),
        ("审批人", _name(aid.decided_by)),
        ("审批日期", _date(aid.decided_at)),
        ("状态", STATUS_NAMES.get(aid.status, aid.status)),
        ("资金来源", aid.fund.name if aid.fund_id else ""),
    ]
    if aid.file_id:
        rows.insert(4, ("困难档案", f"{aid.file.get_category_display()}（档案 {aid.file_id}）"))
    if aid.aid_type == AidType.EDUCATION and aid.member_id:
        rows.insert(5, ("受助学生", f"{aid.member.name or ''} {aid.member.school_name}"))
    if aid.reject_reason:
        rows.append(("不予批准理由", aid.reject_reason))
    _table(doc, rows)
    doc.add_paragraph("")
    doc.add_paragraph("审批意见：                                  （盖章）")
    return _save(doc)


def receipt(aid: AidApplication) -> bytes:
    """领款凭证 to be signed by the person when the aid is handed over."""
    doc = Document()
    doc.add_heading(f"{aid.org.name}帮扶救助金领款凭证", level=1)
    _table(
        doc,
        [
            ("领款人", aid.person.name),
            ("身份证号", mask_id_number(aid.person.id_number)),
            ("救助类别", TYPE_NAMES.get(aid.aid_type, aid.aid_type)),
            ("金额", _amount(aid.amount_approved)),
            ("发放日期", _date(aid.disbursed_at)),
            ("经办人", _name(aid.disbursed_by)),
        ],
    )
    doc.add_paragraph("")
    doc.add_paragraph("领款人签名（手印）：                    日期：")
    return _save(doc)
