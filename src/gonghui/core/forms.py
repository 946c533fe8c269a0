"""Filter form of the audit log page."""

from __future__ import annotations

from typing import Any

from django import forms
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
    since = forms.DateTimeField(
        label=_("From"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    until = forms.DateTimeField(
        label=_("Until"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["model"].choices = [("", "—"), *audited_models()]
