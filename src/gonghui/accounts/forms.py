"""Forms of the account pages."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.utils.translation import gettext_lazy as _

from gonghui.accounts.models import User
from gonghui.accounts.roles import Role
from gonghui.orgs.models import Organisation


class LoginForm(AuthenticationForm):
    error_messages = {
        "invalid_login": _("Wrong username or password."),
        "inactive": _("This account has been deactivated."),
    }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["username"].label = _("Username")
        self.fields["password"].label = _("Password")
        for field in self.fields.values():
            field.widget.attrs["class"] = "form-control"


class UserCreateForm(forms.Form):
    username = forms.CharField(label=_("Username"), max_length=150)
    display_name = forms.CharField(label=_("Name"), max_length=60, required=False)
    phone = forms.CharField(label=_("Phone"), max_length=20, required=False)
    kind = forms.ChoiceField(label=_("Account type"), choices=User.Kind.choices, initial=User.Kind.STAFF)
    password = forms.CharField(label=_("Initial password"), widget=forms.PasswordInput, strip=False)
    role = forms.ChoiceField(label=_("Role"), choices=[("", "—"), *Role.choices], required=False)
    org = forms.ModelChoiceField(
        label=_("Organisation"), queryset=Organisation.objects.filter(status="active"), required=False
    )


class UserEditForm(forms.Form):
    display_name = forms.CharField(label=_("Name"), max_length=60, required=False)
    phone = forms.CharField(label=_("Phone"), max_length=20, required=False)
    is_active = forms.BooleanField(label=_("Active"), required=False)


class RoleGrantForm(forms.Form):
    role = forms.ChoiceField(label=_("Role"), choices=Role.choices)
    org = forms.ModelChoiceField(
        label=_("Organisation"), queryset=Organisation.objects.filter(status="active")
    )


class PasswordForm(forms.Form):
    password = forms.CharField(label=_("New password"), widget=forms.PasswordInput, strip=False)


class TokenForm(forms.Form):
    name = forms.CharField(label=_("What is it for"), max_length=100, required=False)
