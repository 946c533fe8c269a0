"""Filter form of the audit log page."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from gonghui.core.queries import audited_models


class AuditFilterForm(forms.Form):
    user = forms.CharField(label=_("User"), required=False)
    model = forms.ChoiceField(label=_("Kind of record"), required=False)
    object_pk = forms.CharField(label=_("Record id"), required=False)
    action = forms.ChoiceField(
        label=_("Action"),
        required=False,
        choices=[
            ("", "—"),
            ("create", _("create")),
            ("update", _("update")),
            ("delete", _("delete")),
            ("access", _("access")),
        ],
    )
    since = forms.DateField(label=_("From"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    until = forms.DateField(label=_("Until"), required=False, widget=forms.DateInput(attrs={"type": "date"}))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["model"].choices = [("", "—"), *audited_models()]

    def filters(self) -> dict[str, Any]:
        """The filled-in filters for ``queries.audit_log``; dates cover whole local days, both included."""
        if not self.is_valid():
            return {}
        values = {k: v for k, v in self.cleaned_data.items() if v}
        if "since" in values:
            values["since"] = _start_of(values["since"])
        if "until" in values:
            values["until"] = _start_of(values["until"] + timedelta(days=1))
        return values


def _start_of(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))
