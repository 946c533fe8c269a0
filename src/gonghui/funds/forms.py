"""Forms of the funds pages: they gather and type the input; the rules live in the services.

Money is typed as text and turned into yuan by ``core.money.to_money`` in the services, so "1,000.50"
and "¥500" are understood and a third decimal place is refused with a clear message.
"""

from __future__ import annotations

import unicodedata
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from gonghui.accounts.scoping import visible_to
from gonghui.funds import queries
from gonghui.funds.models import Donation, Fund, GoodsItem
from gonghui.funds.perms import FUNDS_CHANGE
from gonghui.orgs import queries as org_queries
from gonghui.orgs.forms import OrgChoiceField
from gonghui.orgs.models import Organisation

GOODS_LINES = 4  # goods lines offered by the donation form


def _date_input() -> forms.DateInput:
    return forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class FundChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Fund) -> str:
        return f"{obj.name}（{obj.org.name}）"


class ItemChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: GoodsItem) -> str:
        return str(obj)


def postable_funds(user: Any) -> Any:
    """Open funds the user may post to."""
    return queries.funds(user, FUNDS_CHANGE).filter(is_active=True).order_by("org__path", "kind", "name")


class FundForm(forms.Form):
    org = OrgChoiceField(label=_("Kept by"), queryset=Organisation.objects.none())
    name = forms.CharField(label=pgettext_lazy("organisation", "Name"), max_length=100)
    kind = forms.ChoiceField(label=_("Kind"), choices=Fund.Kind.choices)
    description = forms.CharField(label=_("Description"), max_length=300, required=False)

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["org"].queryset = org_queries.organisations(user, FUNDS_CHANGE).filter(
            status=Organisation.Status.ACTIVE
        )


class FundEditForm(forms.Form):
    name = forms.CharField(label=pgettext_lazy("organisation", "Name"), max_length=100)
    description = forms.CharField(label=_("Description"), max_length=300, required=False)
    is_active = forms.BooleanField(
        label=pgettext_lazy("fund", "Open"),
        required=False,
        help_text=_("A fund holding money or goods cannot be closed."),
    )


class BudgetForm(forms.Form):
    year = forms.IntegerField(label=_("Year"), min_value=1990, max_value=2100)
    amount = forms.CharField(label=_("Budget (yuan)"), max_length=30)
    note = forms.CharField(label=_("Note"), max_length=300, required=False)


class PostingForm(forms.Form):
    """One entry by hand: money in or out, goods in or out, or a transfer to another fund."""

    KINDS = [
        ("income", _("Income")),
        ("expense", _("Expense")),
        ("goods_in", _("Goods in")),
        ("goods_out", _("Goods out")),
        ("transfer", _("Transfer money to another fund")),
        ("transfer_goods", _("Transfer goods to another fund")),
    ]

    kind = forms.ChoiceField(label=_("Kind"), choices=KINDS)
    amount = forms.CharField(label=_("Amount (yuan)"), max_length=30, required=False)
    item = ItemChoiceField(label=_("Goods"), queryset=GoodsItem.objects.none(), required=False)
    quantity = forms.IntegerField(label=_("Quantity"), min_value=1, required=False)
    unit_value = forms.CharField(
        label=_("Value of one unit (yuan)"),
        max_length=30,
        required=False,
        help_text=_("Goods going out leave at the stock's average value when this is empty."),
    )
    to_fund = FundChoiceField(label=_("To fund"), queryset=Fund.objects.none(), required=False)
    reference = forms.CharField(label=_("Reference (bank slip, voucher)"), max_length=100, required=False)
    memo = forms.CharField(label=_("Memo"), max_length=300, required=False)

    def __init__(self, *args: Any, user: Any, fund: Fund, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["item"].queryset = queries.goods_items()
        self.fields["to_fund"].queryset = postable_funds(user).exclude(pk=fund.pk)

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        kind = data.get("kind")
        goods = kind in ("goods_in", "goods_out", "transfer_goods")
        if goods:
            for name in ("item", "quantity"):
                if not data.get(name):
                    self.add_error(name, _("This field is required."))
        elif kind and not data.get("amount"):
            self.add_error("amount", _("This field is required."))
        if kind in ("transfer", "transfer_goods") and not data.get("to_fund"):
            self.add_error("to_fund", _("This field is required."))
        return data


class GoodsItemForm(forms.Form):
    name = forms.CharField(label=pgettext_lazy("organisation", "Name"), max_length=50)
    unit = forms.CharField(label=_("Unit"), max_length=10, help_text=_("床, 袋, 顶…"))


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), max_length=300, widget=forms.Textarea(attrs={"rows": 3}))


class DonationForm(forms.Form):
    """A donation of money or goods; the donor is found by ID number, credit code or name, or typed in."""

    fund = FundChoiceField(label=_("Into fund"), queryset=Fund.objects.none())
    kind = forms.ChoiceField(label=_("Gift of"), choices=Donation.Kind.choices, initial="money")
    received_on = forms.DateField(label=_("Received on"), widget=_date_input())
    donor_kind = forms.ChoiceField(label=_("Donor"), choices=Donation.DonorKind.choices, initial="named")
    person_id_number = forms.CharField(
        label=_("Person's ID number"),
        max_length=30,
        required=False,
        help_text=_("For a donor registered among the people."),
    )
    enterprise_code = forms.CharField(
        label=_("Enterprise's credit code or full name"),
        max_length=200,
        required=False,
        help_text=_("For a donor registered among the enterprises."),
    )
    donor_name = forms.CharField(label=_("Donor's name"), max_length=200, required=False)
    is_anonymous = forms.BooleanField(label=_("Anonymous in public lists"), required=False)
    amount = forms.CharField(label=_("Amount (yuan)"), max_length=30, required=False)
    earmark = forms.CharField(
        label=_("Earmarked for"),
        max_length=100,
        required=False,
        help_text=_("For example: 6·28 flood relief"),
    )
    note = forms.CharField(label=_("Note"), max_length=300, required=False)

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.user = user
        self.fields["fund"].queryset = postable_funds(user)
        self.fields["received_on"].initial = timezone.localdate()
        items = queries.goods_items()
        for n in range(1, GOODS_LINES + 1):
            self.fields[f"item_{n}"] = ItemChoiceField(label=_("Goods"), queryset=items, required=False)
            self.fields[f"quantity_{n}"] = forms.IntegerField(
                label=_("Quantity"), min_value=1, required=False
            )
            self.fields[f"unit_value_{n}"] = forms.CharField(
                label=_("Value of one unit (yuan)"), max_length=30, required=False
            )

    def line_rows(self) -> list[tuple[Any, Any, Any]]:
        return [
            (self[f"item_{n}"], self[f"quantity_{n}"], self[f"unit_value_{n}"])
            for n in range(1, GOODS_LINES + 1)
        ]

    def main_fields(self) -> list[Any]:
        return [
            f for f in self.visible_fields() if not f.name.startswith(("item_", "quantity_", "unit_value_"))
        ]

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        kind = data.get("donor_kind")
        if kind == Donation.DonorKind.PERSON:
            data["person"] = self._person(data.get("person_id_number", ""))
        elif kind == Donation.DonorKind.ENTERPRISE:
            data["enterprise"] = self._enterprise(data.get("enterprise_code", ""))
        return data

    def _person(self, value: str) -> Any:
        from gonghui.people.models import Person

        number = unicodedata.normalize("NFKC", value or "").strip().upper()
        if not number:
            self.add_error("person_id_number", _("This field is required."))
            return None
        field = Person._meta.get_field("id_number_bidx")
        found = visible_to(self.user, Person.objects.all(), "people.view").filter(
            id_number_bidx=field.hash_of(number)
        )
        person = found.first()
        if person is None:
            self.add_error("person_id_number", _("No person with this ID number in your scope."))
        return person

    def _enterprise(self, value: str) -> Any:
        from gonghui.enterprises.queries import enterprises

        text = unicodedata.normalize("NFKC", value or "").strip()
        if not text:
            self.add_error("enterprise_code", _("This field is required."))
            return None
        rows = enterprises(self.user)
        found = rows.filter(uscc=text.upper()).first() or rows.filter(name=text).first()
        if found is None:
            self.add_error("enterprise_code", _("No enterprise with this credit code or name in your scope."))
        return found

    def lines(self) -> list[Any]:
        from gonghui.funds.donations import GoodsLine

        out = []
        for n in range(1, GOODS_LINES + 1):
            item = self.cleaned_data.get(f"item_{n}")
            if item is None:
                continue
            out.append(
                GoodsLine(
                    item=item,
                    quantity=self.cleaned_data.get(f"quantity_{n}") or 0,
                    unit_value=self.cleaned_data.get(f"unit_value_{n}") or "0",
                )
            )
        return out

    def values(self) -> dict[str, Any]:
        """The cleaned fields as ``donation_record`` takes them."""
        data = self.cleaned_data
        money = data["kind"] == Donation.Kind.MONEY
        return {
            "fund": data["fund"],
            "kind": data["kind"],
            "received_on": data["received_on"],
            "donor_kind": data["donor_kind"],
            "person": data.get("person"),
            "enterprise": data.get("enterprise"),
            "donor_name": data.get("donor_name", ""),
            "is_anonymous": data.get("is_anonymous", False),
            "amount": data.get("amount") if money else None,
            "lines": [] if money else self.lines(),
            "earmark": data.get("earmark", ""),
            "note": data.get("note", ""),
        }


class PeriodForm(forms.Form):
    start = forms.DateField(label=_("From"), widget=_date_input())
    end = forms.DateField(label=_("To"), widget=_date_input())


class DonorListForm(forms.Form):
    earmark = forms.ChoiceField(label=_("Earmarked for"), required=False)
    start = forms.DateField(label=_("Received from"), required=False, widget=_date_input())
    end = forms.DateField(label=_("Received to"), required=False, widget=_date_input())

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["earmark"].choices = [("", _("All")), *[(e, e) for e in queries.earmarks(user)]]
