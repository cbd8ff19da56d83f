"""The grading report: stages, checks, findings, and scores per skill and overall.

The JSON form is versioned (REPORT_VERSION; schema in docs/report-schema.json).
It learns from Exercism's results.json (status, per-test name, message,
output) and Gradescope's (score, visibility), and adds what a reviewer of
services needs: stages, skills and evidence.

Scoring: every check belongs to one suite (hidden_tests, database, load,
static, candidate_tests) and carries a skill and a weight. A check's share
of the overall score is its suite's weight times its weight within the
suite. A skill's score uses the same shares, restricted to its checks.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any, Literal

from assay.challenges.skills import SKILLS, SUITES

REPORT_VERSION = 1

Outcome = Literal["passed", "failed", "error", "skipped"]
StageStatus = Literal["passed", "failed", "error", "skipped"]
Severity = Literal["info", "low", "medium", "high"]


@dataclass
class Evidence:
    """What a reviewer needs to see why a check failed: an HTTP exchange, a query plan, a log excerpt."""

    kind: str
    data: dict[str, Any]


@dataclass
class Check:
    id: str
    suite: str
    name: str
    skill: str
    weight: float
    outcome: Outcome
    message: str = ""
    duration: float = 0.0
    evidence: list[Evidence] = field(default_factory=list)

    @property
    def passed(self) -> bool:
        return self.outcome == "passed"


@dataclass
class Finding:
    """An observation of automated review: a rule, where, and why it matters."""

    rule: str
    skill: str
    severity: Severity
    message: str
    path: str = ""
    line: int | None = None
    tool: str = ""


@dataclass
class StageReport:
    name: str
    title: str
    status: StageStatus
    summary: str
    duration: float = 0.0
    log_tail: str = ""
    limits: dict[str, str] = field(default_factory=dict)
    data: dict[str, Any] = field(default_factory=dict)


@dataclass
class Report:
    challenge: str
    challenge_version: str
    stack: str
    stages: list[StageReport] = field(default_factory=list)
    checks: list[Check] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)
    suite_weights: dict[str, float] = field(default_factory=dict)
    version: int = REPORT_VERSION

    def stage(self, name: str) -> StageReport | None:
        return next((s for s in self.stages if s.name == name), None)

    def _shares(self) -> list[tuple[Check, float]]:
        totals: dict[str, float] = {}
        for check in self.checks:
            totals[check.suite] = totals.get(check.suite, 0.0) + check.weight
        shares = []
        for check in self.checks:
            suite_weight = self.suite_weights.get(check.suite, 0.0)
            if totals[check.suite] > 0 and suite_weight > 0:
                shares.append((check, suite_weight * check.weight / totals[check.suite]))
        return shares

    @staticmethod
    def _percent(pairs: list[tuple[Check, float]]) -> float | None:
        total = sum(share for _, share in pairs)
        if total <= 0:
            return None
        return round(100 * sum(share for check, share in pairs if check.passed) / total, 1)

    @property
    def score(self) -> float:
        """0 to 100. A suite whose checks could not run counts them as not passed."""
        return self._percent(self._shares()) or 0.0

    @property
    def skills(self) -> dict[str, float | None]:
        """Score per skill; None for a skill this challenge does not assess."""
        shares = self._shares()
        return {skill: self._percent([p for p in shares if p[0].skill == skill]) for skill in SKILLS}

    @property
    def suites(self) -> dict[str, float | None]:
        shares = self._shares()
        return {suite: self._percent([p for p in shares if p[0].suite == suite]) for suite in SUITES}

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data.update(score=self.score, skills=self.skills, suites=self.suites)
        return data

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Report:
        return cls(
            challenge=data["challenge"],
            challenge_version=data["challenge_version"],
            stack=data["stack"],
            stages=[StageReport(**s) for s in data["stages"]],
            checks=[Check(**{**c, "evidence": [Evidence(**e) for e in c.get("evidence", [])]}) for c in data["checks"]],
            findings=[Finding(**f) for f in data["findings"]],
            suite_weights=data["suite_weights"],
            version=data.get("version", REPORT_VERSION),
        )


def json_schema() -> dict[str, Any]:
    """The JSON Schema of ``Report.to_dict()`` (published as docs/report-schema.json)."""
    from pydantic import TypeAdapter

    schema = TypeAdapter(Report).json_schema(mode="serialization")
    score = {"type": ["number", "null"], "minimum": 0, "maximum": 100}
    schema["properties"].update(
        score={"type": "number", "minimum": 0, "maximum": 100, "description": "Overall score, 0 to 100."},
        skills={
            "type": "object",
            "description": "Score per skill; null for a skill the challenge does not assess.",
            "properties": dict.fromkeys(SKILLS, score),
            "required": list(SKILLS),
        },
        suites={"type": "object", "properties": dict.fromkeys(SUITES, score), "required": list(SUITES)},
    )
    schema["required"] = sorted({*schema.get("required", []), "score", "skills", "suites", "version"})
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["$id"] = f"https://assay.dev/schemas/report-v{REPORT_VERSION}.json"
    schema["title"] = f"Assay grading report, version {REPORT_VERSION}"
    return schema
