"""View decorators shared by every team page."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib.auth.views import redirect_to_login
from django.http import HttpResponse
from django.shortcuts import render

from assay.accounts.requests import OrganizationRequest

View = Callable[..., HttpResponse]


def member_required(view: View) -> View:
    """Only signed-in members of an organization get through; the view then receives a ``TeamRequest``."""

    @wraps(view)
    def wrapper(request: OrganizationRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if request.actor is None:
            return render(request, "web/no_organization.html", status=403)
        return view(request, *args, **kwargs)

    return wrapper
