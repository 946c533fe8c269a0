"""Forms of the import pages: the upload, and one select per column for the mapping."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from gonghui.accounts.scoping import visible_orgs
from gonghui.core.imports.registry import specs_for
from gonghui.core.imports.services import column_letter
from gonghui.core.imports.spec import ImportSpec
from gonghui.core.models import ImportJob


class UploadForm(forms.Form):
    kind = forms.ChoiceField(label=_("What to import"))
    org = forms.ModelChoiceField(
        label=_("Into organisation"),
        queryset=None,
        required=False,
        empty_label=_("My own organisation"),
    )
    file = forms.FileField(
        label=_("Spreadsheet"),
        help_text=_(".xlsx, .xls or .csv (UTF-8 or GBK); title rows above the header are fine."),
    )

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        specs = specs_for(user)
        self.fields["kind"].choices = [(s.kind, str(s.verbose_name)) for s in specs]
        self.fields["org"].queryset = visible_orgs(user).filter(status="active").order_by("path")
        self.fields["file"].widget.attrs["accept"] = ".xlsx,.xls,.csv"


class MappingForm(forms.Form):
    """One select per column of the sheet; a column left on "ignore" is not read."""

    def __init__(self, *args: Any, job: ImportJob, spec: ImportSpec, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choices = [("", _("— ignore this column —"))] + [
            (f.name, f"{f.label}{' *' if f.required else ''}") for f in spec.fields
        ]
        mapping = {int(c): f for c, f in (job.mapping or {}).items()}
        for index, header in enumerate(job.headers):
            self.fields[f"col_{index}"] = forms.ChoiceField(
                label=f"{column_letter(index)} {header}".strip(),
                choices=choices,
                required=False,
                initial=mapping.get(index, ""),
            )

    def mapping(self) -> dict[str, str]:
        return {name.removeprefix("col_"): value for name, value in self.cleaned_data.items() if value}
