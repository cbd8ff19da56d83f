"""The library pages: browse the challenges, read one. Hidden tests never reach a page."""

from __future__ import annotations

from django.http import HttpResponse
from django.shortcuts import render
from django.utils.safestring import mark_safe

from assay.accounts.decorators import member_required
from assay.accounts.requests import TeamRequest
from assay.challenges import access, services
from assay.challenges.brief import render_brief
from assay.challenges.forms import LibraryFilterForm, label
from assay.challenges.skills import SUITES

SUITE_LABELS = {
    "hidden_tests": "Hidden API tests",
    "database": "Database inspection",
    "load": "Load probe",
    "static": "Static checks",
    "candidate_tests": "The candidate's own tests",
}


@member_required
def library(request: TeamRequest) -> HttpResponse:
    actor = request.actor
    form = LibraryFilterForm(request.GET or None)
    versions = services.browse(list(access.visible_challenges(actor)), form.wanted())
    return render(request, "challenges/library.html", {"form": form, "versions": versions})


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
    }
    return render(request, "challenges/challenge.html", context)
