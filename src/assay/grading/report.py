"""The grading report: stages, checks, findings, and scores per skill and overall.

The JSON form is versioned (REPORT_VERSION; schema in docs/report-schema.json).
It learns from Exercism's results.json (status, per-test name, message,
output) and Gradescope's (score, visibility), and adds what a reviewer of
services needs: stages, skills and evidence.

Scoring (assay.grading.scoring; the policy is docs/scoring.md): every check
belongs to one suite (hidden_tests, database, load, static, candidate_tests)
and carries a skill, a weight and a severity. Blocked checks leave the score
and their root cause counts once; skills the challenge does not declare are
not assessed; critical failures are red flags that cap their skill and the
overall. Version 2 added severity, blocked checks, root causes, red flags,
assessed skills and incompleteness; version-1 reports still load. Findings and critical checks
gained an interview ``question`` (and findings their ``evidence``) within version 2: optional, so
reports written without them still load.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any, Literal

from assay.challenges.skills import SKILLS, SUITES
from assay.grading import scoring

REPORT_VERSION = 2

Outcome = Literal["passed", "failed", "error", "skipped", "blocked"]
StageStatus = Literal["passed", "failed", "error", "skipped"]
Severity = Literal["info", "low", "medium", "high", "critical"]
CheckSeverity = Literal["critical", "high", "medium", "low"]


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
    severity: CheckSeverity = "medium"
    blocked_by: str = ""  # the id of the root cause when the outcome is "blocked"
    question: str = ""  # for a failed critical check: what to ask the candidate about it

    @property
    def passed(self) -> bool:
        return self.outcome == "passed"

    @property
    def red_flag(self) -> bool:
        return self.severity == "critical" and self.outcome == "failed"


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
    excerpt: str = ""  # the code line(s) the finding is about, when known
    question: str = ""  # a follow-up question for the interview about this code (assay.grading.questions)
    evidence: list[Evidence] = field(default_factory=list)  # a query and its table, an HTTP exchange...


@dataclass
class RootCause:
    """A failing setup behaviour that blocked the checks in ``blocks``; it counts once, as one failed check."""

    id: str
    message: str
    skill: str
    blocks: list[str] = field(default_factory=list)


@dataclass
class RedFlag:
    """A critical fault, listed first; it caps its skill and the overall (docs/scoring.md)."""

    kind: Literal["check", "finding"]
    ref: str
    skill: str
    severity: Literal["critical"]
    message: str


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
    root_causes: list[RootCause] = field(default_factory=list)
    assessed_skills: list[str] = field(default_factory=list)
    incomplete: bool = False
    incomplete_reasons: list[str] = field(default_factory=list)

    def stage(self, name: str) -> StageReport | None:
        return next((s for s in self.stages if s.name == name), None)

    def mark_incomplete(self, reason: str) -> None:
        """Something failed inside Assay, not because of the candidate: the score is provisional."""
        self.incomplete = True
        if reason not in self.incomplete_reasons:
            self.incomplete_reasons.append(reason)

    @property
    def assessed(self) -> tuple[str, ...]:
        """The declared skills; a report that declares none (version 1) assesses every skill it has checks for."""
        return tuple(self.assessed_skills) if self.assessed_skills else SKILLS

    @property
    def red_flags(self) -> list[RedFlag]:
        flags = [
            RedFlag("check", c.id, c.skill, "critical", f"{c.name}: {c.message}".rstrip(": "))
            for c in self.checks
            if c.red_flag
        ]
        seen: set[str] = set()
        for f in self.findings:
            if f.severity == "critical" and f.rule not in seen:
                seen.add(f.rule)  # one flag per rule: ten concatenated queries are one fault, not ten
                where = f"{f.path}:{f.line} " if f.path and f.line else (f"{f.path} " if f.path else "")
                flags.append(RedFlag("finding", f.rule, f.skill, "critical", f"{where}{f.message}"))
        return flags

    @property
    def score(self) -> float:
        """0 to 100, capped by red flags; provisional when the report is incomplete."""
        return scoring.overall(self)

    @property
    def skills(self) -> dict[str, float | None]:
        """Score per skill; None for a skill this challenge does not assess."""
        return scoring.skill_scores(self)

    @property
    def suites(self) -> dict[str, float | None]:
        return scoring.suite_scores(self)

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data.update(
            score=self.score,
            skills=self.skills,
            suites=self.suites,
            red_flags=[asdict(flag) for flag in self.red_flags],
        )
        return data

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Report:
        return cls(
            challenge=data["challenge"],
            challenge_version=data["challenge_version"],
            stack=data["stack"],
            stages=[StageReport(**s) for s in data["stages"]],
            checks=[Check(**{**c, "evidence": [Evidence(**e) for e in c.get("evidence", [])]}) for c in data["checks"]],
            findings=[
                Finding(**{**f, "evidence": [Evidence(**e) for e in f.get("evidence", [])]}) for f in data["findings"]
            ],
            suite_weights=data["suite_weights"],
            version=data.get("version", 1),
            root_causes=[RootCause(**r) for r in data.get("root_causes", [])],
            assessed_skills=list(data.get("assessed_skills", [])),
            incomplete=bool(data.get("incomplete", False)),
            incomplete_reasons=list(data.get("incomplete_reasons", [])),
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
    schema["properties"]["red_flags"] = {
        "type": "array",
        "description": "Critical faults, listed first; each caps its skill and the overall (docs/scoring.md).",
        "items": TypeAdapter(RedFlag).json_schema(mode="serialization"),
    }
    schema["required"] = sorted({*schema.get("required", []), "score", "skills", "suites", "version", "red_flags"})
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["$id"] = f"https://assay.dev/schemas/report-v{REPORT_VERSION}.json"
    schema["title"] = f"Assay grading report, version {REPORT_VERSION}"
    return schema
