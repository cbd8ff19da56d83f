"""The AI reviewer's settings page: off by default, owners only, the key kept encrypted and never shown."""

from __future__ import annotations

from typing import Any

from assay.reviews.models import AIReviewer
from tests.conftest import Team

KEY = "sk-test-4f1d2a9c7e"


def _form(**change: Any) -> dict[str, Any]:
    form = {
        "enabled": "on",
        "base_url": "https://models.example.test/v1",
        "model": "reviewer-small",
        "api_key": KEY,
        "submission_token_budget": "20000",
        "monthly_token_budget": "500000",
    }
    form.update(change)
    return {k: v for k, v in form.items() if v is not None}


def test_off_by_default_and_says_code_would_leave_the_machine(team: Team) -> None:
    page = team.client("viewer").get("/ai-reviewer/")
    assert page.status_code == 200
    text = page.content.decode()
    assert "<strong>Off.</strong>" in text
    assert "sends the candidate's code out of this machine" in text
    assert "Only owners can change the AI reviewer." in text
    assert 'name="api_key"' not in text


def test_an_owner_turns_it_on_and_the_key_is_never_shown_back(team: Team) -> None:
    owner = team.client("owner")
    assert owner.post("/ai-reviewer/", _form()).status_code == 302
    stored = AIReviewer.objects.get(organization=team.organization)
    assert stored.enabled and stored.model == "reviewer-small"
    assert KEY not in stored.api_key_encrypted  # encrypted at rest
    page = owner.get("/ai-reviewer/").content.decode()
    assert "<strong>On.</strong>" in page and "https://models.example.test/v1" in page
    assert KEY not in page and "A key is stored." in page
    # Saving again with the key field blank keeps the stored key; the box removes it.
    owner.post("/ai-reviewer/", _form(api_key="", model="reviewer-large"))
    again = AIReviewer.objects.get(organization=team.organization)
    assert again.model == "reviewer-large" and again.api_key_encrypted == stored.api_key_encrypted
    owner.post("/ai-reviewer/", _form(api_key="", clear_key="on"))
    assert AIReviewer.objects.get(organization=team.organization).api_key_encrypted == ""


def test_only_an_owner_may_change_it(team: Team) -> None:
    refused = team.client("admin").post("/ai-reviewer/", _form())
    assert refused.status_code == 403
    assert "Only owners can change the AI reviewer" in refused.content.decode()
    assert not AIReviewer.objects.filter(organization=team.organization).exists()


def test_turning_it_on_needs_an_endpoint_and_a_model(team: Team) -> None:
    answer = team.client("owner").post("/ai-reviewer/", _form(base_url="", model=""))
    assert answer.status_code == 422
    text = answer.content.decode()
    assert "The reviewer needs an endpoint to be turned on." in text
    assert "The reviewer needs a model name to be turned on." in text
    assert not AIReviewer.objects.filter(organization=team.organization, enabled=True).exists()


def test_another_organization_sees_its_own_setting_only(team: Team) -> None:
    team.client("owner").post("/ai-reviewer/", _form())
    page = team.client("outsider").get("/ai-reviewer/").content.decode()
    assert "<strong>Off.</strong>" in page and "models.example.test" not in page
