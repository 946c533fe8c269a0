"""Forms of the people pages: they gather and type the input; the rules live in people.services.

The edit form never shows the stored ID number, phone or certificate number (showing them would
be a read of the full values): those fields start empty and keep the stored value unless
something new is typed.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from gonghui.accounts.scoping import assignments, visible_orgs
from gonghui.core.masking import mask_id_number, mask_phone
from gonghui.orgs.models import Organisation, Region
from gonghui.people import choices
from gonghui.people.models import Person

_DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def _blank(choice_list: list[tuple[Any, Any]]) -> list[tuple[Any, Any]]:
    return [("", "—"), *choice_list]


class OrgField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Organisation) -> str:
        return "\u3000" * max(obj.depth - 1, 0) + obj.name


class PersonForm(forms.Form):
    """A new person; ``PersonEditForm`` changes one."""

    org = OrgField(label=_("Organisation"), queryset=Organisation.objects.none())
    name = forms.CharField(label=_("Name"), max_length=50)
    id_number = forms.CharField(
        label=_("ID number"),
        max_length=40,
        help_text=_("18 characters; an old 15-digit number is converted. Sex and birth date come from it."),
    )
    sex = forms.ChoiceField(
        label=_("Sex"),
        choices=_blank(choices.Sex.choices),
        required=False,
        help_text=_("Optional: checked against the ID number."),
    )
    birth_date = forms.DateField(
        label=_("Birth date"),
        required=False,
        widget=_DATE,
        help_text=_("Optional: checked against the ID number."),
    )
    ethnicity = forms.ChoiceField(
        label=_("Ethnic group"), choices=_blank(choices.Ethnicity.choices), required=False
    )
    phone = forms.CharField(
        label=_("Phone"),
        max_length=40,
        required=False,
        help_text=_("A mobile, or a landline with its area code."),
    )
    hukou_type = forms.ChoiceField(
        label=_("Hukou type"), choices=_blank(choices.HukouType.choices), required=False
    )
    residence_region = forms.ModelChoiceField(
        label=_("Residence region"), queryset=Region.objects.order_by("code"), required=False
    )
    address = forms.CharField(label=_("Address"), max_length=300, required=False)
    education = forms.ChoiceField(
        label=_("Education"), choices=_blank(choices.Education.choices), required=False
    )
    political_status = forms.ChoiceField(
        label=_("Political status"), choices=_blank(choices.PoliticalStatus.choices), required=False
    )
    health = forms.ChoiceField(label=_("Health"), choices=_blank(choices.Health.choices), required=False)
    health_note = forms.CharField(label=_("Health details"), max_length=200, required=False)
    disability_kind = forms.ChoiceField(
        label=_("Disability category"), choices=_blank(choices.DisabilityKind.choices), required=False
    )
    disability_grade = forms.TypedChoiceField(
        label=_("Disability grade"),
        choices=_blank(choices.DisabilityGrade.choices),
        coerce=int,
        empty_value=None,
        required=False,
    )
    disability_cert_number = forms.CharField(
        label=_("Disability certificate number"), max_length=40, required=False
    )
    employer_name = forms.CharField(label=_("Employer"), max_length=200, required=False)
    job = forms.CharField(label=_("Job"), max_length=100, required=False)
    is_migrant_worker = forms.BooleanField(label=_("Migrant worker"), required=False)
    work_city = forms.CharField(label=_("City of work"), max_length=60, required=False)

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        orgs = visible_orgs(user, "people.change").filter(status=Organisation.Status.ACTIVE).order_by("path")
        self.fields["org"].queryset = orgs
        grants = assignments(user)
        if grants and not self.is_bound:
            self.initial.setdefault("org", grants[0].org_id)

    def service_kwargs(self) -> dict[str, Any]:
        data = dict(self.cleaned_data)
        data["sex"] = data.get("sex") or ""
        return data


class PersonEditForm(PersonForm):
    """Change a person: sensitive fields left empty keep their stored value."""

    remove_phone = forms.BooleanField(label=_("Remove the phone number"), required=False)

    def __init__(self, *args: Any, user: Any, person: Person, **kwargs: Any) -> None:
        initial = {name: getattr(person, name) for name in self.base_fields if hasattr(person, name)}
        for secret in ("id_number", "phone", "disability_cert_number", "sex", "birth_date"):
            initial.pop(secret, None)
        initial["org"] = person.org_id
        initial["residence_region"] = person.residence_region_id
        kwargs.setdefault("initial", initial)
        super().__init__(*args, user=user, **kwargs)
        self.person = person
        keep = _("Leave empty to keep %(value)s.")
        self.fields["id_number"].required = False
        self.fields["id_number"].help_text = keep % {"value": mask_id_number(person.id_number)}
        if person.phone:
            self.fields["phone"].help_text = keep % {"value": mask_phone(person.phone)}
        if person.disability_cert_number:
            self.fields["disability_cert_number"].help_text = keep % {
                "value": mask_id_number(person.disability_cert_number)
            }
        self.order_fields([*[f for f in self.fields if f != "remove_phone"][:7], "remove_phone"])

    def service_kwargs(self) -> dict[str, Any]:
        data = super().service_kwargs()
        for secret in ("id_number", "disability_cert_number"):
            if not data.get(secret):
                data.pop(secret, None)
        if data.pop("remove_phone", False):
            data["phone"] = ""
        elif not data.get("phone"):
            data.pop("phone", None)
        if not data.get("sex"):
            data.pop("sex", None)
        if not data.get("birth_date"):
            data.pop("birth_date", None)
        return data


class StatusForm(forms.Form):
    status = forms.ChoiceField(label=_("New status"), choices=choices.Status.choices)
    on = forms.DateField(label=_("Since"), required=False, widget=_DATE)
    note = forms.CharField(label=_("Note"), max_length=300, required=False)
