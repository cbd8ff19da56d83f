"""The library pages: browse the challenges, read one. Hidden tests never reach a page."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.safestring import mark_safe

from assay.accounts.access import require_role
from assay.accounts.decorators import member_required
from assay.accounts.requests import TeamRequest
from assay.accounts.roles import Role
from assay.challenges import access, imports, services
from assay.challenges.brief import render_brief
from assay.challenges.forms import ImportForm, LibraryFilterForm, label
from assay.challenges.skills import SUITES
from assay.errors import Conflict, InvalidInput

SUITE_LABELS = {
    "hidden_tests": "Hidden API tests",
    "database": "Database inspection",
    "load": "Load probe",
    "static": "Static checks",
    "candidate_tests": "The candidate's own tests",
}


@member_required
def library(request: TeamRequest) -> HttpResponse:
    """Browse the library (GET); admins import their organization's own package here too (POST)."""
    actor = request.actor
    if request.method == "POST":
        require_role(actor, Role.ADMIN, "import challenges")
    upload = ImportForm(request.POST, request.FILES) if request.method == "POST" else ImportForm()
    problems: list[str] = []
    if request.method == "POST" and upload.is_valid():
        try:
            imported = imports.import_upload(actor, upload.cleaned_data["archive"])
        except (InvalidInput, Conflict) as error:
            problems = [line.strip() for line in error.detail.splitlines() if line.strip()]
        else:
            state = imported.version.get_validation_display().lower()
            messages.success(request, f"Imported {imported.loaded.slug} ({imported.loaded.status}); it is {state}.")
            return redirect("challenges:challenge", slug=imported.loaded.slug)
    form = LibraryFilterForm(request.GET or None)
    versions = services.browse(list(access.visible_challenges(actor)), form.wanted())
    context = {
        "form": form,
        "versions": versions,
        "upload": upload,
        "problems": problems,
        "can_import": actor.can(Role.ADMIN),
    }
    return render(request, "challenges/library.html", context, status=422 if request.method == "POST" else 200)


@member_required
def challenge(request: TeamRequest, slug: str) -> HttpResponse:
    actor = request.actor
    version = access.challenge_for(actor, slug).current_version
    assert version is not None  # visible challenges have one
    weights = version.weights
    total = sum(weights.values()) or 1.0
    context = {
        "version": version,
        "slug": slug,
        # Safe: render_brief escapes raw HTML and neutralises links (see assay.challenges.brief).
        "brief_html": mark_safe(render_brief(version.brief)),  # noqa: S308
        "suites": [
            {"label": SUITE_LABELS[s], "weight": weights[s], "share": round(100 * weights[s] / total)}
            for s in SUITES
            if weights.get(s)
        ],
        "checks": [{"skill": label(s), "count": n} for s, n in version.checks_per_skill.items()],
        "skills": [label(s) for s in version.skills],
        "stacks": [label(s) for s in version.stacks],
        "own": version.challenge.organization_id is not None,
    }
    return render(request, "challenges/challenge.html", context)
