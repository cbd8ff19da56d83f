"""The simulated users of `load_pages.py`, for locust (run headless by that script, not by hand).

Each user is a member of the hiring team who reads the season: the assessment pages, the candidates' pages and
the API lists, one request at a time with a pause between (a person reading, or an ATS polling), plus the
candidate's own page opened from an invitation link. The seeded season comes from the JSON file named by
``ASSAY_LOAD_SEED``.
"""

from __future__ import annotations

import json
import os
import random

from locust import HttpUser, between, task

SEASON = json.loads(open(os.environ["ASSAY_LOAD_SEED"]).read())  # noqa: SIM115 - read once at import


def read(user: HttpUser, url: str, name: str, headers: dict[str, str] | None = None) -> None:
    """A page that is not a 200 (a redirect to sign in, a 429) counts as a failure, not as a fast answer."""
    with user.client.get(url, name=name, headers=headers, allow_redirects=False, catch_response=True) as answer:
        if answer.status_code != 200:
            answer.failure(f"answered {answer.status_code}")


class TeamMember(HttpUser):
    """Four of five users: each reads the team's two pages and the two API lists in turn, at random."""

    weight = 4
    wait_time = between(0.5, 1.5)

    def on_start(self) -> None:
        self.client.cookies.set("sessionid", SEASON["session_cookie"])
        self.api = {"Authorization": f"Bearer {SEASON['api_key']}"}

    @task
    def assessment_page(self) -> None:
        read(self, f"/assessments/{random.choice(SEASON['assessments'])}/", "assessment page")

    @task
    def candidate_page(self) -> None:
        read(self, f"/assessments/candidates/{random.choice(SEASON['candidates'])}/", "candidate page (team)")

    @task
    def api_assessments(self) -> None:
        read(self, "/api/v1/assessments", "API: assessments list", self.api)

    @task
    def api_candidates(self) -> None:
        url = f"/api/v1/assessments/{random.choice(SEASON['assessments'])}/candidates"
        read(self, url, "API: an assessment's candidates list", self.api)


class CandidateVisit(HttpUser):
    """One of five users: a candidate opening their invitation link, with no team session."""

    weight = 1
    wait_time = between(0.5, 1.5)

    @task
    def own_page(self) -> None:
        read(self, random.choice(SEASON["candidate_links"]), "candidate's own page (/c/<link>/)")
