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
    status = forms.ChoiceField(label=_("New status"), choices=choices.MANUAL_STATUSES)
    on = forms.DateField(label=_("Since"), required=False, widget=_DATE)
    note = forms.CharField(label=_("Note"), max_length=300, required=False)


# --- households


class MemberDetailsForm(forms.Form):
    """A member's details as the hardship and education-aid files need them."""

    monthly_income = forms.DecimalField(
        label=_("Monthly income (yuan)"), min_value=0, max_digits=14, decimal_places=2, required=False
    )
    health = forms.ChoiceField(
        label=_("Health"), choices=_blank(choices.MemberHealth.choices), required=False
    )
    employment = forms.ChoiceField(
        label=_("Employment"), choices=_blank(choices.Employment.choices), required=False
    )
    school_level = forms.ChoiceField(
        label=_("School level"), choices=_blank(choices.SchoolLevel.choices), required=False
    )
    school_name = forms.CharField(label=_("School"), max_length=200, required=False)
    enrolment_year = forms.IntegerField(label=_("Year of enrolment"), required=False)
    note = forms.CharField(label=_("Note"), max_length=300, required=False)

    def details(self) -> dict[str, Any]:
        data = {k: v for k, v in self.cleaned_data.items() if k in MemberDetailsForm.base_fields}
        if data.get("monthly_income") is None:
            data["monthly_income"] = "0"
        return data


class HouseholdForm(MemberDetailsForm):
    """Open a household headed by a person: where it lives, and the head's own details."""

    org = OrgField(label=_("Organisation"), queryset=Organisation.objects.none())
    address = forms.CharField(label=_("Address"), max_length=300, required=False)
    household_note = forms.CharField(label=_("Note on the household"), max_length=300, required=False)
    note = None  # the head's own note is kept on their member row, changed later

    def __init__(self, *args: Any, user: Any, head: Person, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["org"].queryset = (
            visible_orgs(user, "people.change").filter(status=Organisation.Status.ACTIVE).order_by("path")
        )
        self.initial.setdefault("org", head.org_id)
        self.initial.setdefault("address", head.address)
        self.order_fields(["org", "address", "household_note"])


class HouseholdEditForm(forms.Form):
    address = forms.CharField(label=_("Address"), max_length=300, required=False)
    note = forms.CharField(label=_("Note"), max_length=300, required=False)
    head = forms.ModelChoiceField(label=_("Head of household"), queryset=Person.objects.none())
    previous_head_relationship = forms.ChoiceField(
        label=_("The former head becomes"),
        choices=[c for c in choices.Relationship.choices if c[0] != choices.Relationship.HEAD],
        initial=choices.Relationship.OTHER,
        help_text=_("Only used when the head changes. Review the other members' relationships afterwards."),
    )

    def __init__(self, *args: Any, household: Any, **kwargs: Any) -> None:
        kwargs.setdefault(
            "initial", {"address": household.address, "note": household.note, "head": household.head_id}
        )
        super().__init__(*args, **kwargs)
        self.fields["head"].queryset = Person.objects.filter(
            household_memberships__household=household
        ).order_by("name_pinyin")


class MemberForm(MemberDetailsForm):
    """Add a member: their ID number finds a registered person; otherwise name and ID are kept here."""

    id_number = forms.CharField(
        label=_("ID number"),
        max_length=40,
        required=False,
        help_text=_("A registered person with this number is added as that person."),
    )
    name = forms.CharField(
        label=_("Name"),
        max_length=50,
        required=False,
        help_text=_("Needed when the person is not registered."),
    )
    relationship = forms.ChoiceField(
        label=_("Relationship to the head"),
        choices=[c for c in choices.Relationship.choices if c[0] != choices.Relationship.HEAD],
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.order_fields(["id_number", "name", "relationship"])


class MemberEditForm(MemberDetailsForm):
    """Change a member; an unregistered member's name and ID number too (empty ID keeps the stored one)."""

    name = forms.CharField(label=_("Name"), max_length=50, required=False)
    id_number = forms.CharField(label=_("ID number"), max_length=40, required=False)
    relationship = forms.ChoiceField(
        label=_("Relationship to the head"), choices=choices.Relationship.choices
    )

    def __init__(self, *args: Any, member: Any, **kwargs: Any) -> None:
        initial = {f: getattr(member, f) for f in MemberDetailsForm.base_fields}
        initial.update(relationship=member.relationship, name=member.name)
        kwargs.setdefault("initial", initial)
        super().__init__(*args, **kwargs)
        self.member = member
        if member.person_id:
            del self.fields["name"]
            del self.fields["id_number"]
        elif member.id_number:
            self.fields["id_number"].help_text = _("Leave empty to keep %(value)s.") % {
                "value": mask_id_number(member.id_number)
            }
        if member.is_head:
            self.fields["relationship"].disabled = True
        else:
            self.fields["relationship"].choices = [
                c for c in choices.Relationship.choices if c[0] != choices.Relationship.HEAD
            ]
        self.order_fields(["name", "id_number", "relationship"])

    def changes(self) -> dict[str, Any]:
        data = {**self.details(), "relationship": self.cleaned_data["relationship"]}
        if "name" in self.fields:
            data["name"] = self.cleaned_data["name"]
            if self.cleaned_data.get("id_number"):
                data["id_number"] = self.cleaned_data["id_number"]
        return data


# --- memberships


class UnionField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Organisation) -> str:
        return obj.name


class JoinForm(forms.Form):
    union = UnionField(label=_("Grassroots union"), queryset=Organisation.objects.none())
    joined_on = forms.DateField(label=_("Joined on"), widget=_DATE)
    member_number = forms.CharField(
        label=_("Member number"),
        max_length=40,
        required=False,
        help_text=_("Leave empty to have one given."),
    )

    def __init__(self, *args: Any, unions: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["union"].queryset = unions


class TransferForm(forms.Form):
    to_union = UnionField(label=_("To union"), queryset=Organisation.objects.none())
    on = forms.DateField(label=_("Transferred on"), widget=_DATE)
    note = forms.CharField(label=_("Note"), max_length=300, required=False)

    def __init__(self, *args: Any, unions: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["to_union"].queryset = unions


class LeaveForm(forms.Form):
    status = forms.ChoiceField(
        label=_("How the membership ends"),
        choices=[
            (choices.MembershipStatus.LEFT, _("Left the union")),
            (choices.MembershipStatus.TRANSFERRED, _("Transferred out of this federation")),
        ],
    )
    on = forms.DateField(label=_("On"), widget=_DATE)
    reason = forms.CharField(
        label=_("Reason"), max_length=300, help_text=_("For a transfer out: where the member went.")
    )


# --- duplicates


class PairForm(forms.Form):
    a = forms.IntegerField(widget=forms.HiddenInput)
    b = forms.IntegerField(widget=forms.HiddenInput)
    survivor = forms.IntegerField(required=False, widget=forms.HiddenInput)
    note = forms.CharField(max_length=300, required=False)
