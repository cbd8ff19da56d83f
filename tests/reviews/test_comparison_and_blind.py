"""The comparison page and its CSV; blind review on every page, export and API response below owner."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest

from assay.assessments.models import Assessment, Candidate
from assay.reviews.models import BlindReview
from tests.conftest import Team
from tests.reviews.candidates import assessment_for, graded
from tests.reviews.conftest import sample_report

pytestmark = pytest.mark.django_db
FORMULA = '=HYPERLINK("http://evil.test","x")'


@pytest.fixture
def assessment(team: Team) -> Assessment:
    return assessment_for(team)


@pytest.fixture
def pair(team: Team, assessment: Assessment, tmp_path: Path) -> list[Candidate]:
    return [
        graded(team, assessment, "Ada Lovelace", "ada@example.test", tmp_path),
        graded(team, assessment, FORMULA, "mallory@example.test", tmp_path, checks=sample_report().checks[1:]),
    ]


def _rows(body: bytes) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(body.decode())))


def test_the_comparison_lists_every_candidate_and_sorts(team: Team, assessment: Assessment, pair: list) -> None:
    url = f"/assessments/{assessment.pk}/comparison/"
    page = team.client("viewer").get(url + "?sort=score&order=desc").content.decode()
    assert page.index("Ada Lovelace") < page.index("HYPERLINK")
    ascending = team.client("viewer").get(url + "?sort=score&order=asc").content.decode()
    assert ascending.index("HYPERLINK") < ascending.index("Ada Lovelace")
    assert "1 / 2" in page, "hidden checks passed of the sample report"


def test_the_csv_makes_a_formula_like_name_inert(team: Team, assessment: Assessment, pair: list) -> None:
    answer = team.client("viewer").get(f"/assessments/{assessment.pk}/comparison.csv")
    assert answer["Content-Type"].startswith("text/csv")
    names = [row["name"] for row in _rows(answer.content)]
    assert "'" + FORMULA in names and "Ada Lovelace" in names
    assert not any(name.startswith(("=", "+", "-", "@")) for name in names)


def test_another_organization_gets_404_on_the_comparison(team: Team, assessment: Assessment, pair: list) -> None:
    outsider = team.client("outsider")
    assert outsider.get(f"/assessments/{assessment.pk}/comparison/").status_code == 404
    assert outsider.get(f"/assessments/{assessment.pk}/comparison.csv").status_code == 404
    api = team.api("outsider")
    assert api.get(f"/api/v1/assessments/{assessment.pk}/comparison").status_code == 404


def _blind(team: Team, assessment: Assessment) -> None:
    answer = team.client("admin").post(f"/assessments/{assessment.pk}/blind/", {"blind": "on"})
    assert answer.status_code == 302
    assert BlindReview.objects.filter(assessment=assessment).exists()


def _everything(team: Team, who: str, assessment: Assessment, candidate: Candidate) -> dict[str, str]:
    client, api = team.client(who), team.api(who)
    sub = candidate.submission_id
    pages = {
        "dashboard": "/",
        "assessment": f"/assessments/{assessment.pk}/",
        "candidate": f"/assessments/candidates/{candidate.pk}/",
        "report": f"/submissions/{sub}/",
        "code": f"/submissions/{sub}/code/",
        "scorecard": f"/submissions/{sub}/scorecard/",
        "comparison": f"/assessments/{assessment.pk}/comparison/",
        "csv": f"/assessments/{assessment.pk}/comparison.csv",
    }
    found = {name: client.get(url).content.decode() for name, url in pages.items()}
    apis = {
        "api candidates": f"/api/v1/assessments/{assessment.pk}/candidates",
        "api candidate": f"/api/v1/candidates/{candidate.pk}",
        "api comparison": f"/api/v1/assessments/{assessment.pk}/comparison",
        "api csv": f"/api/v1/assessments/{assessment.pk}/comparison.csv",
    }
    found.update({name: api.get(url).content.decode() for name, url in apis.items()})
    return found


def test_blind_review_hides_names_and_emails_below_owner(team: Team, assessment: Assessment, pair: list) -> None:
    _blind(team, assessment)
    ada = pair[0]
    for who in ("viewer", "reviewer", "admin"):
        for name, body in _everything(team, who, assessment, ada).items():
            assert "Lovelace" not in body and "ada@example" not in body, f"{who} sees the name on {name}"
            assert "mallory" not in body, f"{who} sees an email on {name}"
    shown = _everything(team, "owner", assessment, ada)
    assert "Ada Lovelace" in shown["comparison"] and "ada@example.test" in shown["candidate"]


def test_blind_review_uses_a_stable_alias_and_says_so(team: Team, assessment: Assessment, pair: list) -> None:
    _blind(team, assessment)
    first = team.client("reviewer").get(f"/assessments/{assessment.pk}/comparison/").content.decode()
    again = team.client("viewer").get(f"/assessments/{assessment.pk}/comparison/").content.decode()
    alias = f"Candidate {pair[0].public_id.hex[:6].upper()}"
    assert alias in first and alias in again
    report = team.client("reviewer").get(f"/submissions/{pair[0].submission_id}/").content.decode()
    assert "shown as written" in report


def test_blind_review_disables_snapshot_downloads(team: Team, assessment: Assessment, pair: list) -> None:
    _blind(team, assessment)
    url = f"/submissions/{pair[0].submission_id}/archive/"
    refused = team.client("admin").get(url)
    assert refused.status_code == 403 and "blind review" in refused.content.decode()
    assert team.client("owner").get(url).status_code == 200


def test_a_decision_lifts_blind_review_for_that_candidate(team: Team, assessment: Assessment, pair: list) -> None:
    _blind(team, assessment)
    ada = pair[0]
    team.client("reviewer").post(f"/assessments/candidates/{ada.pk}/decision/", {"outcome": "advance", "reason": "Ok"})
    page = team.client("reviewer").get(f"/assessments/{assessment.pk}/comparison/").content.decode()
    assert "Ada Lovelace" in page
    assert "mallory" not in team.client("reviewer").get(f"/assessments/{assessment.pk}/").content.decode()


def test_an_owner_reveals_a_candidate_and_the_timeline_records_it(
    team: Team, assessment: Assessment, pair: list
) -> None:
    _blind(team, assessment)
    ada = pair[0]
    scorecard = f"/submissions/{ada.submission_id}/scorecard/"
    assert "Reveal the identity to the team" in team.client("owner").get(scorecard).content.decode()
    assert "Reveal the identity" not in team.client("admin").get(scorecard).content.decode()
    assert team.client("admin").post(f"/assessments/candidates/{ada.pk}/reveal/").status_code == 403
    assert team.client("owner").post(f"/assessments/candidates/{ada.pk}/reveal/").status_code == 302
    assert ada.events.filter(kind="revealed").exists()
    assert "Ada Lovelace" in team.client("reviewer").get(f"/assessments/candidates/{ada.pk}/").content.decode()
    assert "Reveal the identity" not in team.client("owner").get(scorecard).content.decode()


def test_only_admins_and_owners_set_blind_review(team: Team, assessment: Assessment) -> None:
    refused = team.client("reviewer").post(f"/assessments/{assessment.pk}/blind/", {"blind": "on"})
    assert refused.status_code == 403
    assert team.client("outsider").post(f"/assessments/{assessment.pk}/blind/", {"blind": "on"}).status_code == 404
    assert not BlindReview.objects.exists()
