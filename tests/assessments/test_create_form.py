"""The new-assessment form offers each challenge's own stacks, with checkboxes beside their labels."""

from __future__ import annotations

import json
import re

from django.urls import reverse

from assay.challenges.models import Challenge
from tests.conftest import Team


def test_the_form_knows_each_challenges_stacks_and_sets_checkboxes_beside_labels(
    team: Team, challenge: Challenge
) -> None:
    body = team.client("admin").get(reverse("assessments:create")).content.decode()
    found = re.search(r'<script id="challenge-stacks" type="application/json">(.*?)</script>', body)
    assert found, "the page carries each challenge's stacks for the form"
    assert json.loads(found.group(1)) == {"tiny-api": ["python"]}
    assert re.search(r'<label class="check" for="id_stacks_0" data-stack="python"><input[^>]+> Python</label>', body)
    assert '<script src="/static/assessments/stacks.js" defer></script>' in body


def test_a_stack_the_challenge_does_not_take_is_refused(team: Team, challenge: Challenge) -> None:
    data = {
        "title": "Data",
        "challenge": "tiny-api",
        "stacks": "sql",
        "time_limit_minutes": "60",
        "start_window_days": "3",
    }
    response = team.client("admin").post(reverse("assessments:create"), data)
    assert response.status_code == 422
