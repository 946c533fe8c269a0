"""Forms of the rights pages: they gather and type the input; the rules live in the services.

Choices (service points, people, enterprises) are limited to what the signed-in user may see.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from gonghui.accounts.models import User
from gonghui.accounts.roles import Role
from gonghui.accounts.scoping import visible_orgs, visible_to
from gonghui.orgs.models import Organisation, ServicePoint
from gonghui.people.models import Person
from gonghui.people.widgets import PersonPicker
from gonghui.rights import queries
from gonghui.rights.choices import (
    CaseOutcome,
    CaseType,
    Channel,
    CounsellingFormat,
    CounsellingKind,
    OutreachKind,
    Referral,
    ShiftKind,
    Stage,
    Topic,
)
from gonghui.rights.models import RightsCase
from gonghui.rights.perms import COUNSELLING_CHANGE, RIGHTS_CHANGE
from gonghui.rights.services.cases import BASELINE_ORG_KINDS

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
DATETIME = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")
TIME = forms.TimeInput(attrs={"type": "time"}, format="%H:%M")
TEXT3 = forms.Textarea(attrs={"rows": 3})
BLANK = [("", "---------")]


class NamedChoiceField(forms.ModelChoiceField):
    """Choices labelled by name only (a service point, a user)."""

    def label_from_instance(self, obj: Any) -> str:
        return str(obj)


class PointChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: ServicePoint) -> str:
        return f"{obj.name}（{obj.get_kind_display()}）"


def users_with_role(role: str) -> QuerySet[User]:
    return (
        User.objects.filter(roles__role=role, is_active=True).distinct().order_by("display_name", "username")
    )


class PersonField(forms.IntegerField):
    """A registered person by record number, resolved in the form's scope (``people.view``)."""

    widget = PersonPicker

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("required", False)
        kwargs.setdefault("min_value", 1)
        kwargs.setdefault(
            "help_text",
            _("Find the person with the search box, or type their number; leave empty if not registered."),
        )
        super().__init__(**kwargs)


def _resolve_person(user: Any, value: int | None) -> Person | None:
    if not value:
        return None
    person = visible_to(user, Person.objects.all(), "people.view").filter(pk=value).first()
    if person is None:
        raise forms.ValidationError(_("Not found, or outside your scope."))
    return person


class _UserForm(forms.Form):
    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.user = user


# --- consultations --------------------------------------------------------------------------------


class ConsultationForm(_UserForm):
    channel = forms.ChoiceField(label=_("Channel"), choices=BLANK + Channel.choices)
    service_point = PointChoiceField(
        label=_("Service point"), queryset=ServicePoint.objects.none(), required=False
    )
    received_at = forms.DateTimeField(label=_("Received at"), widget=DATETIME)
    topic = forms.ChoiceField(label=_("Topic"), choices=BLANK + Topic.choices)
    person = PersonField(label=_("Registered person"))
    visitor_name = forms.CharField(label=_("Visitor's name"), max_length=50, required=False)
    visitor_phone = forms.CharField(label=_("Visitor's phone"), max_length=30, required=False)
    summary = forms.CharField(label=_("Summary"), widget=TEXT3)
    answer = forms.CharField(label=_("Answer given"), widget=TEXT3, required=False)
    pending = forms.BooleanField(label=_("Not answered yet (pending)"), required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["service_point"].queryset = queries.rights_points(self.user, RIGHTS_CHANGE)
        self.fields["service_point"].help_text = _(
            "Where the worker came; for the hotline and the portal, optional."
        )
        if not self.is_bound:
            self.initial.setdefault("received_at", timezone.localtime().replace(second=0, microsecond=0))

    def clean_person(self) -> Person | None:
        return _resolve_person(self.user, self.cleaned_data.get("person"))

    def values(self) -> dict[str, Any]:
        data = dict(self.cleaned_data)
        data["outcome"] = "pending" if data.pop("pending") else "answered"
        return data


class DeclineForm(forms.Form):
    reason = forms.CharField(label=_("Reason for declining"), widget=TEXT3)
    referral = forms.ChoiceField(label=_("Referred to"), choices=BLANK + Referral.choices, required=False)
    referral_note = forms.CharField(
        label=_("How the worker was told"),
        max_length=300,
        required=False,
        help_text=_("For example: told in person and given the arbitration committee's address."),
    )


class ReferForm(forms.Form):
    referral = forms.ChoiceField(label=_("Referred to"), choices=BLANK + Referral.choices)
    referral_note = forms.CharField(label=_("How the worker was told"), max_length=300)
    answer = forms.CharField(label=_("Answer given"), widget=TEXT3, required=False)


class _CaseFields(_UserForm):
    type = forms.ChoiceField(label=_("Type"), choices=BLANK + CaseType.choices)
    title = forms.CharField(label=_("Title"), max_length=200)
    respondent = NamedChoiceField(
        label=_("Respondent enterprise"), queryset=Organisation.objects.none(), required=False
    )
    respondent_name = forms.CharField(
        label=_("Respondent (not registered)"),
        max_length=200,
        required=False,
        help_text=_("An employer outside the county's registry: its name."),
    )
    respondent_city = forms.CharField(label=_("Respondent's city"), max_length=60, required=False)
    adviser = NamedChoiceField(label=_("Adviser"), queryset=User.objects.none(), required=False)
    knew_on = forms.DateField(
        label=_("Infringement known on"),
        required=False,
        widget=DATE,
        help_text=_(
            "When the worker knew or should have known: the one-year arbitration limitation runs from it."
        ),
    )
    legal_aid_referred = forms.BooleanField(label=_("Referred for legal aid"), required=False)
    legal_aid_note = forms.CharField(label=_("Legal-aid note"), max_length=300, required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        from gonghui.enterprises.queries import enterprises

        self.fields["respondent"].queryset = enterprises(self.user).filter(status="active").order_by("name")
        self.fields["adviser"].queryset = users_with_role(Role.LEGAL_ADVISER)


class OpenCaseForm(_CaseFields):
    """Turning a consultation into a case: the visitor is the first claimant."""

    claimed_amount = forms.DecimalField(
        label=_("Amount claimed (yuan)"), min_value=0, decimal_places=2, required=False
    )


class CaseForm(_CaseFields):
    service_point = PointChoiceField(
        label=_("Handling point"), queryset=ServicePoint.objects.none(), required=False
    )
    opened_on = forms.DateField(label=_("Opened on"), widget=DATE, required=False)
    summary = forms.CharField(label=_("Summary"), widget=TEXT3, required=False)
    claimant_person = PersonField(label=_("Claimant (registered person)"))
    claimant_name = forms.CharField(label=_("Claimant's name"), max_length=50, required=False)
    claimant_origin = forms.CharField(label=_("Claimant's home place"), max_length=60, required=False)
    claimed_amount = forms.DecimalField(
        label=_("Amount claimed (yuan)"), min_value=0, decimal_places=2, required=False
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["service_point"].queryset = queries.rights_points(self.user, RIGHTS_CHANGE)

    def clean_claimant_person(self) -> Person | None:
        return _resolve_person(self.user, self.cleaned_data.get("claimant_person"))


class CaseEditForm(_CaseFields):
    summary = forms.CharField(label=_("Summary"), widget=TEXT3, required=False)

    @classmethod
    def initial_for(cls, case: RightsCase) -> dict[str, Any]:
        from gonghui.rights.services.cases import CASE_FIELDS

        initial = {f: getattr(case, f) for f in CASE_FIELDS}
        initial["respondent"] = case.respondent_id
        initial["adviser"] = case.adviser_id
        return initial


class TransitionForm(forms.Form):
    """One stage transition: how the current stage ended, what starts now, and (closing) the outcome
    and each claimant's final amounts."""

    at = forms.DateTimeField(
        label=_("When"), required=False, widget=DATETIME, help_text=_("Leave empty for now.")
    )
    result = forms.CharField(label=_("Result of the current stage"), widget=TEXT3, required=False)
    actions = forms.CharField(label=_("Actions in the new stage"), widget=TEXT3, required=False)

    def __init__(self, *args: Any, case: RightsCase, to: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.case, self.to = case, to
        if to == Stage.CLOSED:
            outcomes = CaseOutcome.choices
            if case.stage == Stage.INTAKE:
                outcomes = [c for c in outcomes if c[0] in ("withdrawn", "transferred")]
            self.fields["outcome"] = forms.ChoiceField(label=_("Outcome"), choices=BLANK + outcomes)
            self.fields["actions"].label = _("Closing notes")
            for claimant in case.claimants.all():
                self.fields[f"recovered_{claimant.pk}"] = forms.DecimalField(
                    label=_("%(name)s: amount recovered (yuan)") % {"name": claimant.name},
                    min_value=0,
                    decimal_places=2,
                    required=False,
                    initial=claimant.recovered_amount,
                )
                self.fields[f"awarded_{claimant.pk}"] = forms.DecimalField(
                    label=_("%(name)s: compensation awarded (yuan)") % {"name": claimant.name},
                    min_value=0,
                    decimal_places=2,
                    required=False,
                    initial=claimant.awarded_amount,
                )

    def values(self) -> dict[str, Any]:
        data = self.cleaned_data
        values: dict[str, Any] = {
            "at": data.get("at"),
            "result": data.get("result", ""),
            "actions": data.get("actions", ""),
        }
        if self.to == Stage.CLOSED:
            values["outcome"] = data.get("outcome", "")
            amounts: dict[int, dict[str, Any]] = {}
            for claimant in self.case.claimants.all():
                row = {}
                for kind in ("recovered", "awarded"):
                    value = data.get(f"{kind}_{claimant.pk}")
                    if value is not None:
                        row[f"{kind}_amount"] = str(value)
                if row:
                    amounts[claimant.pk] = row
            values["amounts"] = amounts
        return values


class ClaimantForm(_UserForm):
    person = PersonField(label=_("Registered person"))
    name = forms.CharField(label=_("Name"), max_length=50, required=False)
    origin = forms.CharField(label=_("Home place"), max_length=60, required=False)
    is_migrant_worker = forms.BooleanField(label=_("Migrant worker"), required=False)
    claimed_amount = forms.DecimalField(
        label=_("Amount claimed (yuan)"), min_value=0, decimal_places=2, required=False
    )
    recovered_amount = forms.DecimalField(
        label=_("Amount recovered (yuan)"), min_value=0, decimal_places=2, required=False
    )
    awarded_amount = forms.DecimalField(
        label=_("Compensation awarded (yuan)"), min_value=0, decimal_places=2, required=False
    )

    def clean_person(self) -> Person | None:
        return _resolve_person(self.user, self.cleaned_data.get("person"))

    def values(self) -> dict[str, Any]:
        data = dict(self.cleaned_data)
        for key in ("claimed_amount", "recovered_amount", "awarded_amount"):
            data[key] = str(data[key] if data[key] is not None else "0")
        return data


class StageRecordForm(forms.Form):
    actions = forms.CharField(label=_("Actions taken"), widget=TEXT3, required=False)
    result = forms.CharField(label=_("Result"), widget=TEXT3, required=False)


class DocumentForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200, required=False)
    file = forms.FileField(label=_("File"))


# --- roster ---------------------------------------------------------------------------------------


class ShiftForm(_UserForm):
    service_point = PointChoiceField(label=_("Service point"), queryset=ServicePoint.objects.none())
    date = forms.DateField(label=_("Date"), widget=DATE)
    start_time = forms.TimeField(label=_("From"), widget=TIME)
    end_time = forms.TimeField(label=_("Until"), widget=TIME)
    user = NamedChoiceField(
        label=_("Legal adviser (with an account)"), queryset=User.objects.none(), required=False
    )
    name = forms.CharField(
        label=_("Or the name of who is on duty"),
        max_length=50,
        required=False,
        help_text=_("A legal-aid worker or volunteer without an account."),
    )
    kind = forms.ChoiceField(
        label=_("Kind of duty"), choices=ShiftKind.choices, initial=ShiftKind.LEGAL_ADVISER
    )
    note = forms.CharField(label=_("Note"), max_length=200, required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["service_point"].queryset = queries.rights_points(self.user, RIGHTS_CHANGE)
        self.fields["user"].queryset = users_with_role(Role.LEGAL_ADVISER)


# --- counselling ----------------------------------------------------------------------------------


class SessionForm(_UserForm):
    kind = forms.ChoiceField(label=_("Kind"), choices=CounsellingKind.choices)
    counsellor = NamedChoiceField(label=_("Counsellor"), queryset=User.objects.none())
    held_on = forms.DateField(label=_("Date"), widget=DATE)
    format = forms.ChoiceField(label=_("Format"), choices=CounsellingFormat.choices)
    topics = forms.CharField(label=_("Topics"), max_length=300, required=False)
    participant_count = forms.IntegerField(label=_("Participants"), min_value=1, initial=1)
    service_point = PointChoiceField(
        label=_("Service point"), queryset=ServicePoint.objects.none(), required=False
    )
    follow_up_needed = forms.BooleanField(label=_("Follow-up needed"), required=False)
    follow_up_on = forms.DateField(label=_("Follow-up date"), widget=DATE, required=False)

    def __init__(self, *args: Any, notes: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["counsellor"].queryset = users_with_role(Role.COUNSELLOR)
        self.fields["service_point"].queryset = queries.rights_points(self.user, COUNSELLING_CHANGE)
        if notes:
            self.fields["notes"] = forms.CharField(
                label=_("Notes (counsellors only, stored encrypted)"),
                widget=forms.Textarea(attrs={"rows": 5}),
                required=False,
            )


class NoteForm(forms.Form):
    text = forms.CharField(label=_("Notes"), widget=forms.Textarea(attrs={"rows": 5}))


# --- outreach -------------------------------------------------------------------------------------


class OutreachForm(_UserForm):
    kind = forms.ChoiceField(label=_("Kind"), choices=OutreachKind.choices)
    held_on = forms.DateField(label=_("Date"), widget=DATE)
    title = forms.CharField(label=_("Title"), max_length=200)
    enterprise = NamedChoiceField(label=_("Enterprise"), queryset=Organisation.objects.none(), required=False)
    place = forms.CharField(label=_("Or the place"), max_length=200, required=False)
    speakers = forms.CharField(label=_("Speakers"), max_length=300, required=False)
    attendees = forms.IntegerField(label=_("Attendees"), min_value=0, initial=0)
    materials = forms.IntegerField(label=_("Materials distributed"), min_value=0, initial=0)
    note = forms.CharField(label=_("Note"), widget=TEXT3, required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        from gonghui.enterprises.queries import enterprises

        self.fields["enterprise"].queryset = enterprises(self.user).filter(status="active").order_by("name")


# --- figures --------------------------------------------------------------------------------------


class BaselineForm(_UserForm):
    """What an organisation recovered and won before the platform (``baseline_set`` checks it)."""

    org = NamedChoiceField(label=_("Organisation"), queryset=Organisation.objects.none())
    since = forms.DateField(label=_("Counted since"), widget=DATE)
    as_of = forms.DateField(label=_("Up to and including"), widget=DATE)
    recovered_amount = forms.DecimalField(
        label=_("Wages recovered (yuan)"), max_digits=14, decimal_places=2, min_value=0
    )
    awarded_amount = forms.DecimalField(
        label=_("Compensation awarded (yuan)"), max_digits=14, decimal_places=2, min_value=0, initial=0
    )
    note = forms.CharField(label=_("Source"), max_length=300, required=False, widget=TEXT3)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        orgs = visible_orgs(self.user, RIGHTS_CHANGE).filter(kind__in=BASELINE_ORG_KINDS)
        self.fields["org"].queryset = orgs.order_by("path")


class PeriodForm(_UserForm):
    start = forms.DateField(label=_("From"), widget=DATE, required=False)
    end = forms.DateField(label=_("Until"), widget=DATE, required=False)
    org = NamedChoiceField(label=_("Organisation"), queryset=Organisation.objects.none(), required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["org"].queryset = (
            queries.visible_rights_orgs(self.user).exclude(kind__in=["grassroots", "group"]).order_by("path")
        )
