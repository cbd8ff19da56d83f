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


class TeamMember(HttpUser):
    wait_time = between(0.5, 1.5)

    def on_start(self) -> None:
        self.client.cookies.set("sessionid", SEASON["session_cookie"])
        self.api = {"Authorization": f"Bearer {SEASON['api_key']}"}

    def read(self, url: str, name: str, headers: dict[str, str] | None = None) -> None:
        """A page that is not a 200 (a redirect to sign in, a 429) counts as a failure, not as a fast answer."""
        with self.client.get(url, name=name, headers=headers, allow_redirects=False, catch_response=True) as answer:
            if answer.status_code != 200:
                answer.failure(f"answered {answer.status_code}")

    @task
    def assessment_page(self) -> None:
        self.read(f"/assessments/{random.choice(SEASON['assessments'])}/", "assessment page")

    @task
    def candidate_page(self) -> None:
        self.read(f"/assessments/candidates/{random.choice(SEASON['candidates'])}/", "candidate page (team)")

    @task
    def candidates_own_page(self) -> None:
        self.read(random.choice(SEASON["candidate_links"]), "candidate's own page (/c/<link>/)")

    @task
    def api_assessments(self) -> None:
        self.read("/api/v1/assessments", "API: assessments list", self.api)

    @task
    def api_candidates(self) -> None:
        url = f"/api/v1/assessments/{random.choice(SEASON['assessments'])}/candidates"
        self.read(url, "API: an assessment's candidates list", self.api)
