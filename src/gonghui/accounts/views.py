"""Sign-in, sign-out, users and roles (federation administrators), and one's own API tokens."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from gonghui.accounts import queries, services
from gonghui.accounts.forms import (
    LoginForm,
    PasswordForm,
    RoleGrantForm,
    TokenForm,
    UserCreateForm,
    UserEditForm,
)
from gonghui.accounts.models import ApiToken, RoleAssignment
from gonghui.core.pages import apply_service, paginate, staff_required


class LoginView(auth_views.LoginView):
    template_name = "accounts/login.html"
    authentication_form = LoginForm
    redirect_authenticated_user = True


def lockout_response(
    request: HttpRequest, credentials: Any = None, *args: Any, **kwargs: Any
) -> HttpResponse:
    """What axes shows when an account is locked: the sign-in page with a clear message."""
    form = LoginForm(request)
    form.add_error(None, services.lockout_message())
    return render(request, "accounts/login.html", {"form": form, "locked": True}, status=403)


@staff_required("accounts.manage")
def user_list(request: HttpRequest) -> HttpResponse:
    users = queries.user_list(request.user, q=request.GET.get("q", ""))
    return render(
        request, "accounts/user_list.html", {"page": paginate(request, users), "q": request.GET.get("q", "")}
    )


@staff_required("accounts.manage")
def user_create(request: HttpRequest) -> HttpResponse:
    form = UserCreateForm(request.POST or None)
    if request.method == "POST":
        user = apply_service(
            request,
            form,
            lambda: services.user_create(by=request.user, **form.cleaned_data),
            _("The account was created."),
        )
        if user:
            return redirect("accounts:user", pk=user.pk)
    return render(request, "accounts/user_form.html", {"form": form})


@staff_required("accounts.manage")
def user_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = queries.user_get(request.user, pk)
    edit = UserEditForm(
        request.POST if "save" in request.POST else None,
        initial={"display_name": user.display_name, "phone": user.phone, "is_active": user.is_active},
    )
    grant = RoleGrantForm(request.POST if "grant" in request.POST else None)
    password = PasswordForm(request.POST if "password_change" in request.POST else None)
    if request.method == "POST":
        done = None
        if "save" in request.POST:
            done = apply_service(
                request,
                edit,
                lambda: services.user_update(by=request.user, user=user, **edit.cleaned_data),
                _("Saved."),
            )
        elif "grant" in request.POST:
            done = apply_service(
                request,
                grant,
                lambda: services.role_grant(by=request.user, user=user, **grant.cleaned_data),
                _("The role was granted."),
            )
        elif "password_change" in request.POST:
            done = apply_service(
                request,
                password,
                lambda: services.user_set_password(by=request.user, user=user, **password.cleaned_data),
                _("The password was changed."),
            )
        if done:
            return redirect("accounts:user", pk=user.pk)
    context = {"account": user, "edit": edit, "grant": grant, "password": password, "roles": user.roles.all()}
    return render(request, "accounts/user_detail.html", context)


@staff_required("accounts.manage")
def role_revoke(request: HttpRequest, pk: int) -> HttpResponse:
    assignment = queries.assignment_get(request.user, pk)
    if request.method == "POST":
        try:
            services.role_revoke(by=request.user, assignment=assignment)
            messages.success(request, _("The role was removed."))
        except services.DomainError as exc:
            messages.error(request, exc.message)
    return redirect("accounts:user", pk=assignment.user_id)


@staff_required()
def token_list(request: HttpRequest) -> HttpResponse:
    form = TokenForm(request.POST or None)
    raw = None
    if request.method == "POST":
        result = apply_service(
            request, form, lambda: services.token_create(user=request.user, **form.cleaned_data)
        )
        if result:
            raw = result[1]
            form = TokenForm()
    tokens = ApiToken.objects.filter(user=request.user)
    return render(request, "accounts/token_list.html", {"form": form, "tokens": tokens, "raw": raw})


@staff_required()
def token_revoke(request: HttpRequest, pk: int) -> HttpResponse:
    token = queries.token_get(request.user, pk)
    if request.method == "POST":
        services.token_revoke(token=token, by=request.user)
        messages.success(request, _("The token was revoked and no longer works."))
    return redirect("accounts:tokens")


__all__ = ["LoginView", "RoleAssignment", "lockout_response"]
