"""Forms of the bargaining pages: they gather and type the input; the rules live in the services.

Choices of organisations and enterprises are limited to the signed-in user's scope, so a form
never offers one the user could not act on.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from gonghui.bargaining import queries
from gonghui.bargaining.choices import Answer, CheckResult, ContractKind, OpennessMethod
from gonghui.bargaining.models import CollectiveContract
from gonghui.bargaining.services import CONTRACT_FIELDS
from gonghui.enterprises.models import Enterprise
from gonghui.orgs import queries as org_queries
from gonghui.orgs.forms import OrgChoiceField
from gonghui.orgs.models import Organisation

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class EnterpriseChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Enterprise) -> str:
        return f"{obj.name}（{obj.union.name}）" if obj.union_id else obj.name


class EnterpriseOneField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Enterprise) -> str:
        return obj.name


def owner_choices(user: Any) -> QuerySet[Organisation]:
    """Open unions (not groups) where the user may keep bargaining records."""
    return (
        org_queries.organisations(user, queries.PERM_CHANGE)
        .filter(status=Organisation.Status.ACTIVE)
        .exclude(kind=Organisation.Kind.GROUP)
    )


def enterprise_choices(user: Any, keep: QuerySet | None = None) -> QuerySet[Enterprise]:
    """Active enterprises in the user's scope, plus ``keep`` (those already chosen, even if closed since)."""
    rows = queries.enterprises(user).filter(status="active")
    if keep is not None:
        rows = rows | queries.enterprises(user).filter(pk__in=keep.values("pk"))
    return rows.order_by("name_pinyin", "pk")


def own_org_initial(user: Any) -> int | None:
    from gonghui.accounts.roles import role_grants
    from gonghui.accounts.scoping import assignments

    grants = [g for g in assignments(user) if role_grants(g.role, queries.PERM_CHANGE)]
    return grants[0].org_id if grants else None


class ContractForm(forms.Form):
    org = OrgChoiceField(label=_("Kept by"), queryset=Organisation.objects.none())
    kind = forms.ChoiceField(label=_("Kind"), choices=[("", "---------"), *ContractKind.choices])
    title = forms.CharField(label=_("Title"), max_length=200)
    enterprises = EnterpriseChoiceField(
        label=_("Covered enterprises"),
        queryset=Enterprise.objects.none(),
        widget=forms.SelectMultiple(attrs={"size": 10}),
        help_text=_(
            "One enterprise for a wage-special or comprehensive contract; one or more for a regional or "
            "industry contract. Hold Ctrl to choose several."
        ),
    )
    signed_on = forms.DateField(
        label=_("Signed on"),
        required=False,
        widget=DATE,
        help_text=_("Leave empty while the contract is a draft."),
    )
    term_start = forms.DateField(label=_("Term starts"), widget=DATE)
    term_end = forms.DateField(label=_("Term ends"), widget=DATE, help_text=_("At most three years."))
    covered_employees = forms.IntegerField(
        label=_("Employees covered"), min_value=0, required=False, initial=0
    )
    wage_increase = forms.DecimalField(
        label=_("Agreed wage increase (%)"), max_digits=5, decimal_places=2, required=False
    )
    minimum_wage = forms.DecimalField(
        label=_("Minimum wage clause (yuan a month)"), max_digits=9, decimal_places=2, required=False
    )
    notes = forms.CharField(label=_("Notes"), required=False, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(
        self, *args: Any, user: Any, contract: CollectiveContract | None = None, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.contract = contract
        if contract is None:
            self.fields["org"].queryset = owner_choices(user)
            self.fields["enterprises"].queryset = enterprise_choices(user)
        else:
            del self.fields["org"]  # a contract stays with the union that signed it
            self.fields["enterprises"].queryset = enterprise_choices(user, keep=contract.enterprises.all())

    @classmethod
    def initial_for(cls, contract: CollectiveContract) -> dict[str, Any]:
        initial = {name: getattr(contract, name) for name in CONTRACT_FIELDS}
        initial["enterprises"] = list(contract.enterprises.values_list("pk", flat=True))
        return initial

    def values(self) -> dict[str, Any]:
        values = {name: self.cleaned_data[name] for name in CONTRACT_FIELDS}
        values["covered_employees"] = values["covered_employees"] or 0
        values["enterprises"] = list(self.cleaned_data["enterprises"])
        return values


class FileForm(forms.Form):
    filed_on = forms.DateField(label=_("Filed on"), widget=DATE)
    filing_number = forms.CharField(label=_("Filing number"), max_length=60)


class TerminateForm(forms.Form):
    on = forms.DateField(label=_("Terminated on"), widget=DATE)
    reason = forms.CharField(label=_("Reason"), max_length=300, widget=forms.Textarea(attrs={"rows": 3}))


class CheckForm(forms.Form):
    year = forms.IntegerField(label=_("Year"), min_value=1990, max_value=2100)
    result = forms.ChoiceField(label=_("Result"), choices=[("", "---------"), *CheckResult.choices])
    checked_on = forms.DateField(label=_("Checked on"), widget=DATE)
    checked_by = forms.CharField(label=_("Checked by"), max_length=200, required=False)
    findings = forms.CharField(label=_("Findings"), required=False, widget=forms.Textarea(attrs={"rows": 3}))


class OpennessEntryForm(forms.Form):
    """The head of the bulk-entry sheet: which year and organisation, and how the ticked ones disclose."""

    year = forms.IntegerField(label=_("Year"), min_value=1990, max_value=2100)
    org = OrgChoiceField(
        label=_("Organisation"),
        queryset=Organisation.objects.none(),
        required=False,
        empty_label=_("All in my scope"),
    )
    methods = forms.MultipleChoiceField(
        label=_("Methods (for the enterprises marked practising)"),
        choices=OpennessMethod.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    items = forms.CharField(
        label=_("Items disclosed"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["org"].queryset = org_queries.organisations(user, queries.PERM_VIEW)
        self.fields["year"].initial = timezone.localdate().year


class SurveyForm(forms.Form):
    org = OrgChoiceField(label=_("Organisation"), queryset=Organisation.objects.none())
    year = forms.IntegerField(label=_("Year"), min_value=1990, max_value=2100)
    title = forms.CharField(label=_("Title"), max_length=200)
    question = forms.CharField(
        label=_("Question"),
        max_length=300,
        required=False,
        help_text=_("Leave empty for the standard question."),
    )
    enterprise = EnterpriseOneField(
        label=_("Enterprise (optional)"), queryset=Enterprise.objects.none(), required=False
    )

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["org"].queryset = owner_choices(user)
        self.fields["enterprise"].queryset = enterprise_choices(user)


class PaperForm(forms.Form):
    """How many paper questionnaires gave each answer; a comment only with a single questionnaire."""

    comment = forms.CharField(
        label=_("Comment (one questionnaire)"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for value, label in Answer.choices:
            self.fields[value] = forms.IntegerField(label=label, min_value=0, required=False, initial=0)
        self.order_fields([*Answer.values, "comment"])

    def counts(self) -> dict[str, int]:
        return {value: self.cleaned_data.get(value) or 0 for value in Answer.values}


class AnswerForm(forms.Form):
    answer = forms.ChoiceField(label=_("Your answer"), choices=Answer.choices, widget=forms.RadioSelect)
    comment = forms.CharField(
        label=_("Anything you would like to add (optional)"),
        max_length=1000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class CodeForm(forms.Form):
    code = forms.CharField(label=_("Survey code"), max_length=16)


class FiguresForm(forms.Form):
    org = OrgChoiceField(
        label=_("Organisation"),
        queryset=Organisation.objects.none(),
        required=False,
        empty_label=_("All in my scope"),
    )
    year = forms.IntegerField(label=_("Year"), min_value=1990, max_value=2100, required=False)

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["org"].queryset = org_queries.organisations(user, queries.PERM_VIEW)
