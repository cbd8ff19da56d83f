"""The sign-up pages (no JavaScript): the form, the "check your email" page, and the verification link."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth import login
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from assay.accounts import signup
from assay.errors import InvalidInput


class SignUpForm(forms.Form):
    organization = forms.CharField(max_length=120, label="Your team or company")
    name = forms.CharField(max_length=150, label="Your name")
    email = forms.EmailField(widget=forms.EmailInput(attrs={"autocomplete": "email"}))
    password = forms.CharField(widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}))


@require_http_methods(["GET", "POST"])
def sign_up(request: HttpRequest) -> HttpResponse:
    signup.require_signup_open()
    form = SignUpForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            signup.sign_up(
                organization_name=data["organization"],
                name=data["name"],
                email=data["email"],
                password=data["password"],
            )
        except InvalidInput as error:
            for field, problems in (error.fields or {}).items():
                for problem in problems:
                    form.add_error(field if field in form.fields else None, problem)
            return render(request, "accounts/sign_up.html", {"form": form}, status=422)
        return render(request, "accounts/sign_up_sent.html", {"email": data["email"]})
    status = 422 if form.is_bound else 200
    return render(request, "accounts/sign_up.html", {"form": form}, status=status)


def verify(request: HttpRequest, token: str) -> HttpResponse:
    user = signup.verify(token)
    login(request, user, backend="django.contrib.auth.backends.ModelBackend")
    messages.success(request, "Your email address is confirmed. Welcome to Assay.")
    return redirect("dashboard")
