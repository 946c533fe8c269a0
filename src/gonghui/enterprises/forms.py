"""Forms of the enterprise pages: they gather and type the input; the rules live in the services.

Choices of organisations are limited to the signed-in user's scope, so a form never offers an
organisation the user could not act on.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from gonghui.enterprises.choices import EnterpriseType, Industry
from gonghui.enterprises.models import Enterprise
from gonghui.enterprises.services import FIELDS, KEEPER_KINDS, PERM_CHANGE
from gonghui.orgs import queries as org_queries
from gonghui.orgs.forms import OrgChoiceField
from gonghui.orgs.models import Organisation, Region


def keepers(user: Any) -> QuerySet[Organisation]:
    """The open organisations under which the user may register enterprises."""
    return org_queries.organisations(user, PERM_CHANGE).filter(
        kind__in=KEEPER_KINDS, status=Organisation.Status.ACTIVE
    )


class TownshipChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Region) -> str:
        return obj.name


class EnterpriseForm(forms.Form):
    org = OrgChoiceField(label=_("Kept by"), queryset=Organisation.objects.none())
    name = forms.CharField(label=pgettext_lazy("organisation", "Name"), max_length=200)
    uscc = forms.CharField(
        label=_("Unified social credit code"),
        max_length=40,
        required=False,
        help_text=_("18 characters; leave empty for an individual business that has none."),
    )
    type = forms.ChoiceField(label=_("Type"), choices=[("", "---------"), *EnterpriseType.choices])
    industry = forms.ChoiceField(
        label=_("Industry (GB/T 4754)"), choices=[("", "---------"), *Industry.choices], required=False
    )
    employee_count = forms.IntegerField(label=_("Employees"), min_value=0, required=False, initial=0)
    township = TownshipChoiceField(
        label=_("Township / street"),
        queryset=Region.objects.filter(level=Region.Level.TOWNSHIP).order_by("code"),
        required=False,
    )
    address = forms.CharField(label=_("Address"), max_length=300, required=False)
    legal_representative = forms.CharField(label=_("Legal representative"), max_length=50, required=False)
    contact_person = forms.CharField(label=_("Contact person"), max_length=50, required=False)
    contact_phone = forms.CharField(label=_("Contact phone"), max_length=40, required=False)
    union = OrgChoiceField(
        label=_("Its union"),
        queryset=Organisation.objects.none(),
        required=False,
        help_text=_("The grassroots union of this enterprise, if it has one."),
    )
    is_caring = forms.BooleanField(label=_("Caring enterprise (爱心企业)"), required=False)

    def __init__(self, *args: Any, user: Any, enterprise: Enterprise | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        keeping = keepers(user)
        unions = org_queries.organisations(user).filter(
            kind=Organisation.Kind.GRASSROOTS, status=Organisation.Status.ACTIVE
        )
        if enterprise is not None:
            # The present keeper and union stay choosable: the keeper for a chair who may change the
            # record but not move it, the union even if it has closed since.
            keeping = keeping | Organisation.objects.filter(pk=enterprise.org_id)
            unions = unions | org_queries.organisations(user).filter(pk=enterprise.union_id)
        self.fields["org"].queryset = keeping
        self.fields["union"].queryset = unions

    @classmethod
    def initial_for(cls, enterprise: Enterprise) -> dict[str, Any]:
        initial = {name: getattr(enterprise, name) for name in FIELDS}
        initial["org"] = enterprise.org_id
        initial["township"] = enterprise.township_id
        initial["union"] = enterprise.union_id
        return initial

    def values(self) -> dict[str, Any]:
        """The cleaned fields as the services take them (the keeping organisation apart)."""
        values = {name: self.cleaned_data[name] for name in FIELDS}
        values["employee_count"] = values["employee_count"] or 0
        return values


class CloseForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason for closing"), max_length=300, widget=forms.Textarea(attrs={"rows": 3})
    )
    on = forms.DateField(label=_("Closed on"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
