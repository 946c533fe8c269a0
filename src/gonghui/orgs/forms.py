"""Forms of the organisation pages.

Forms only gather and type the input; the rules (which kind may stand under which, code clashes,
closed organisations) live in ``orgs.services`` and come back as DomainErrors beside the fields.
Choices of organisations are limited to the signed-in user's scope, so a form never offers an
organisation the user could not act on.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from gonghui.orgs import queries
from gonghui.orgs.models import Organisation, Region, ServicePoint

Kind = Organisation.Kind


class OrgChoiceField(forms.ModelChoiceField):
    """Organisations indented by their depth in the tree, so the list reads like the tree."""

    def label_from_instance(self, obj: Organisation) -> str:
        return "\u3000" * max(obj.depth - 1, 0) + f"{obj.name}（{obj.code}）"


def _open_in_scope(user: Any, perm: str = "orgs.change") -> QuerySet[Organisation]:
    return queries.organisations(user, perm).filter(status=Organisation.Status.ACTIVE)


def _region_field() -> forms.ModelChoiceField:
    return forms.ModelChoiceField(label=_("Region"), queryset=Region.objects.order_by("code"), required=False)


class OrganisationForm(forms.Form):
    """The details of an organisation (not its place in the tree)."""

    name = forms.CharField(label=pgettext_lazy("organisation", "Name"), max_length=200)
    kind = forms.ChoiceField(label=_("Kind"), choices=Kind.choices)
    code = forms.CharField(
        label=_("Code"),
        max_length=40,
        required=False,
        help_text=_("Leave empty to number it after its parent."),
    )
    region = _region_field()
    address = forms.CharField(label=_("Address"), max_length=300, required=False)
    phone = forms.CharField(label=_("Phone"), max_length=40, required=False)
    chair_name = forms.CharField(label=_("Chair"), max_length=50, required=False)
    member_count = forms.IntegerField(label=_("Members (reported)"), min_value=0, required=False, initial=0)

    @classmethod
    def initial_for(cls, org: Organisation) -> dict[str, Any]:
        return {name: getattr(org, name) for name in cls.base_fields if hasattr(org, name)}


class OrganisationCreateForm(OrganisationForm):
    """A new organisation under a parent the user may change."""

    field_order = ["parent", "name", "kind", "code"]

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["parent"] = OrgChoiceField(label=_("Parent organisation"), queryset=_open_in_scope(user))
        self.fields["kind"].choices = [(k, label) for k, label in Kind.choices if k != Kind.FEDERATION]
        self.order_fields(self.field_order)


class MoveForm(forms.Form):
    parent = OrgChoiceField(label=_("New parent organisation"), queryset=Organisation.objects.none())

    def __init__(self, *args: Any, user: Any, org: Organisation, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        allowed = [str(k) for k in Organisation.PARENT_KINDS[Kind(org.kind)]]
        self.fields["parent"].queryset = (
            _open_in_scope(user).filter(kind__in=allowed).exclude(path__startswith=org.path)
        )


class MergeForm(forms.Form):
    into = OrgChoiceField(
        label=_("Merge into"),
        queryset=Organisation.objects.none(),
        help_text=_("Its sub-organisations, records and roles move there; it stays as history."),
    )
    on = forms.DateField(label=_("Merged on"), required=False, widget=forms.DateInput(attrs={"type": "date"}))

    def __init__(self, *args: Any, user: Any, org: Organisation, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["into"].queryset = (
            _open_in_scope(user).filter(kind=org.kind).exclude(path__startswith=org.path)
        )


class CloseForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason for closing"), max_length=300, widget=forms.Textarea(attrs={"rows": 3})
    )
    on = forms.DateField(label=_("Closed on"), required=False, widget=forms.DateInput(attrs={"type": "date"}))


class ServicePointForm(forms.Form):
    """A service point and the organisation that runs it."""

    org = OrgChoiceField(label=_("Organisation"), queryset=Organisation.objects.none())
    name = forms.CharField(label=pgettext_lazy("organisation", "Name"), max_length=200)
    kind = forms.ChoiceField(label=_("Kind"), choices=ServicePoint.Kind.choices)
    city = forms.CharField(
        label=_("City"),
        max_length=60,
        required=False,
        help_text=_("Needed for an out-of-town station, e.g. Xi'an or Qingdao."),
    )
    region = _region_field()
    address = forms.CharField(label=_("Address"), max_length=300, required=False)
    phone = forms.CharField(label=_("Phone"), max_length=40, required=False)
    hours = forms.CharField(label=_("Opening hours"), max_length=200, required=False)
    services = forms.CharField(
        label=_("Services offered"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    is_active = forms.BooleanField(label=_("Open"), required=False, initial=True)

    FIELDS = ("name", "kind", "city", "region", "address", "phone", "hours", "services", "is_active")

    def __init__(self, *args: Any, user: Any, point: ServicePoint | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choices = _open_in_scope(user, "servicepoints.change")
        if point is not None:
            # A point of a closed organisation can still be corrected where it is.
            choices = choices | queries.organisations(user, "servicepoints.change").filter(pk=point.org_id)
        self.fields["org"].queryset = choices

    @classmethod
    def initial_for(cls, point: ServicePoint) -> dict[str, Any]:
        return {"org": point.org_id, **{name: getattr(point, name) for name in cls.FIELDS}}

    def values(self) -> dict[str, Any]:
        """The cleaned fields as the service takes them (the organisation apart)."""
        return {name: self.cleaned_data[name] for name in self.FIELDS}
