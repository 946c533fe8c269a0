"""Forms of the hardship pages: input shapes only; the rules live in hardship.services."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from gonghui.hardship.models import AidType, CampaignKind, Category, Cause, RecipientGroup


class FileForm(forms.Form):
    person = forms.IntegerField(label=_("Person (registry number)"), widget=forms.HiddenInput)
    causes = forms.MultipleChoiceField(
        label=_("Causes"), choices=Cause.choices, widget=forms.CheckboxSelectMultiple
    )
    situation = forms.CharField(
        label=_("Situation"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    category = forms.ChoiceField(
        label=_("Category"),
        choices=[("", _("Take the suggestion later")), *Category.choices],
        required=False,
    )
    category_reason = forms.CharField(label=_("Reason for overriding the suggestion"), required=False)


class AidForm(forms.Form):
    person = forms.IntegerField(label=_("Person"), widget=forms.HiddenInput)
    aid_type = forms.ChoiceField(label=_("Aid type"), choices=AidType.choices)
    amount_requested = forms.DecimalField(
        label=_("Amount requested (yuan)"), required=False, max_digits=14, decimal_places=2
    )
    member = forms.ModelChoiceField(label=_("Student (education aid)"), queryset=None, required=False)
    fund = forms.ModelChoiceField(label=_("Fund"), queryset=None, required=False)
    reason = forms.CharField(
        label=_("Reason for applying"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args: Any, members: Any, funds: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["member"].queryset = members
        self.fields["member"].label_from_instance = lambda m: (
            f"{m.name or m.person} · {m.get_school_level_display()}"
        )
        self.fields["fund"].queryset = funds


class ReceiptForm(forms.Form):
    receipt = forms.FileField(label=_("Signed receipt (scan or photo)"))


class EvidenceForm(forms.Form):
    attachment = forms.FileField(label=_("Evidence"))
    description = forms.CharField(label=_("Description"), required=False)


class RuleForm(forms.Form):
    org = forms.ModelChoiceField(label=_("Organisation"), queryset=None)
    aid_type = forms.ChoiceField(label=_("Aid type"), choices=AidType.choices)
    year = forms.IntegerField(label=_("Year"))
    standard_amount = forms.DecimalField(
        label=_("Standard amount (yuan)"), required=False, max_digits=14, decimal_places=2
    )
    level_college = forms.DecimalField(
        label=_("Education aid: junior college (yuan)"), required=False, max_digits=14, decimal_places=2
    )
    level_bachelor = forms.DecimalField(
        label=_("Education aid: undergraduate (yuan)"), required=False, max_digits=14, decimal_places=2
    )
    level_postgraduate = forms.DecimalField(
        label=_("Education aid: postgraduate (yuan)"), required=False, max_digits=14, decimal_places=2
    )
    cap_person = forms.DecimalField(
        label=_("Cap per person per year (yuan)"), required=False, max_digits=14, decimal_places=2
    )
    cap_household = forms.DecimalField(
        label=_("Cap per household per year (yuan)"), required=False, max_digits=14, decimal_places=2
    )
    cadre_limit = forms.DecimalField(
        label=_("A township cadre may approve up to (yuan); above it the federation approves"),
        required=False,
        max_digits=14,
        decimal_places=2,
    )

    def __init__(self, *args: Any, orgs: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["org"].queryset = orgs

    def levels(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            lv: data[f"level_{lv}"]
            for lv in ("college", "bachelor", "postgraduate")
            if data.get(f"level_{lv}")
        }


class StandardForm(forms.Form):
    region = forms.ModelChoiceField(label=_("Region"), queryset=None)
    year = forms.IntegerField(label=_("Year"))
    urban = forms.DecimalField(label=_("Urban monthly standard (yuan)"), max_digits=14, decimal_places=2)
    rural = forms.DecimalField(label=_("Rural monthly standard (yuan)"), max_digits=14, decimal_places=2)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        from gonghui.orgs.models import Region

        super().__init__(*args, **kwargs)
        self.fields["region"].queryset = Region.objects.order_by("code")


class WishForm(forms.Form):
    kind = forms.ChoiceField(label=_("Whose wish"), choices=[])
    display_name = forms.CharField(label=_("Name shown (e.g. 小明)"), max_length=50)
    item = forms.CharField(label=_("Wish"), max_length=200)
    amount = forms.DecimalField(
        label=_("Estimated value (yuan)"), required=False, max_digits=14, decimal_places=2
    )
    story = forms.CharField(label=_("Story"), required=False, widget=forms.Textarea(attrs={"rows": 4}))
    org = forms.ModelChoiceField(label=_("Organisation"), queryset=None)

    def __init__(self, *args: Any, orgs: Any, **kwargs: Any) -> None:
        from gonghui.hardship.models import Wish

        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = Wish.Kind.choices
        self.fields["org"].queryset = orgs


class CampaignForm(forms.Form):
    """A campaign's set-up: the rules (eligibility, budget, fund) are checked by hardship.campaigns."""

    org = forms.ModelChoiceField(label=_("Organised by"), queryset=None)
    kind = forms.ChoiceField(label=_("Kind of campaign"), choices=CampaignKind.choices)
    name = forms.CharField(label=pgettext_lazy("campaign", "Name"), max_length=100)
    starts_on = forms.DateField(label=_("Starts on"), widget=forms.DateInput(attrs={"type": "date"}))
    ends_on = forms.DateField(label=_("Ends on"), widget=forms.DateInput(attrs={"type": "date"}))
    fund = forms.ModelChoiceField(label=_("Fund to pay from"), queryset=None)
    budget = forms.DecimalField(label=_("Budget (yuan)"), max_digits=14, decimal_places=2)
    categories = forms.MultipleChoiceField(
        label=_("File categories"),
        choices=Category.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    causes = forms.MultipleChoiceField(
        label=_("Only files with these causes"),
        choices=Cause.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    occupations = forms.CharField(
        label=_("Occupations"),
        required=False,
        help_text=_("Jobs as the registry records them, separated by commas, e.g. 环卫工, 保洁员."),
    )
    eligible_org = forms.ModelChoiceField(
        label=_("Recipients from (empty: the whole organising union)"), queryset=None, required=False
    )
    listed = forms.CharField(
        label=_("People listed by hand"),
        required=False,
        help_text=_("Registry numbers separated by commas."),
    )
    amount_deep = forms.DecimalField(label=_("Amount for deep hardship"), required=False, decimal_places=2)
    amount_relative = forms.DecimalField(
        label=_("Amount for relative hardship"), required=False, decimal_places=2
    )
    amount_accident = forms.DecimalField(
        label=_("Amount for hardship by accident"), required=False, decimal_places=2
    )
    amount_occupation = forms.DecimalField(
        label=_("Amount for recipients by occupation"), required=False, decimal_places=2
    )
    amount_listed = forms.DecimalField(
        label=_("Amount for people listed by hand"), required=False, decimal_places=2
    )
    goods_item = forms.ModelChoiceField(label=_("Goods"), queryset=None, required=False)
    goods_quantity = forms.IntegerField(label=_("Quantity per recipient"), required=False, min_value=1)
    goods_group = forms.ChoiceField(
        label=_("Goods for"),
        choices=[("", _("Everyone on the list")), *RecipientGroup.choices],
        required=False,
    )
    goods_item_2 = forms.ModelChoiceField(label=_("More goods"), queryset=None, required=False)
    goods_quantity_2 = forms.IntegerField(label=_("Quantity per recipient"), required=False, min_value=1)
    goods_group_2 = forms.ChoiceField(
        label=_("Goods for"),
        choices=[("", _("Everyone on the list")), *RecipientGroup.choices],
        required=False,
    )
    description = forms.CharField(
        label=_("Description"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    GOODS_LINES = 4  # a 送温暖 parcel: rice, oil, a quilt, a calendar

    def __init__(self, *args: Any, orgs: Any, funds: Any, items: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["org"].queryset = orgs
        self.fields["eligible_org"].queryset = orgs
        self.fields["fund"].queryset = funds
        description = self.fields.pop("description")
        for n in range(3, self.GOODS_LINES + 1):
            self.fields[f"goods_item_{n}"] = forms.ModelChoiceField(
                label=_("More goods"), queryset=None, required=False
            )
            self.fields[f"goods_quantity_{n}"] = forms.IntegerField(
                label=_("Quantity per recipient"), required=False, min_value=1
            )
            self.fields[f"goods_group_{n}"] = forms.ChoiceField(
                label=_("Goods for"),
                choices=[("", _("Everyone on the list")), *RecipientGroup.choices],
                required=False,
            )
        self.fields["description"] = description
        for suffix in self._suffixes():
            self.fields[f"goods_item{suffix}"].queryset = items

    def _suffixes(self) -> list[str]:
        return ["", *(f"_{n}" for n in range(2, self.GOODS_LINES + 1))]

    def standards(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {g: data[f"amount_{g}"] for g in RecipientGroup.values if data.get(f"amount_{g}") is not None}

    def goods(self) -> list[dict[str, Any]]:
        data = self.cleaned_data
        lines = []
        for suffix in self._suffixes():
            item = data.get(f"goods_item{suffix}")
            if item is not None:
                lines.append(
                    {
                        "item": item,
                        "quantity": data.get(f"goods_quantity{suffix}"),
                        "group": data.get(f"goods_group{suffix}"),
                    }
                )
        return lines
