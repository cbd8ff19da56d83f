"""A stored grading report, arranged for a reviewer: red flags first, checks by skill, evidence, stages.

Reads report version 1 and 2 alike: keys version 2 added (severity, blocked checks, root causes, red
flags, assessed skills, incomplete, interview questions, a finding's evidence) are read with defaults,
so an older report shows what it has.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

from assay.grading.report import SKILLS

BODY_CHARS = 2000  # an evidence body is cut here on the page; the API gives it whole
LOG_LINES = 40
SEVERITY_ORDER = {"critical": 0, "high": 1, "medium": 2, "low": 3, "info": 4}
SKILL_TITLES = {
    "api_design": "API design",
    "database": "Database",
    "server_logic": "Server logic",
    "security": "Security",
    "performance": "Performance",
    "integration": "Integration",
}


@dataclass
class Exchange:
    method: str
    path: str
    request_headers: dict[str, Any]
    request_body: str
    status: int | None
    response_headers: dict[str, Any]
    response_body: str


@dataclass
class CheckView:
    id: str
    name: str
    suite: str
    skill: str
    weight: float
    outcome: str
    message: str
    severity: str
    blocked_by: str
    exchanges: list[Exchange] = field(default_factory=list)
    other_evidence: list[dict[str, Any]] = field(default_factory=list)
    question: str = ""  # what to ask the candidate about a failed critical check

    @property
    def anchor(self) -> str:
        return "check-" + "".join(c if c.isalnum() or c in "-_" else "-" for c in self.id)


@dataclass
class RootCause:
    id: str
    message: str
    skill: str
    checks: list[CheckView] = field(default_factory=list)
    checks_html: str = ""  # set by the view (reviews.markup)


@dataclass
class SkillGroup:
    skill: str
    title: str
    score: float | None
    assessed: bool
    median: float | None = None
    checks: list[CheckView] = field(default_factory=list)
    blocked: list[RootCause] = field(default_factory=list)
    checks_html: str = ""  # set by the view (reviews.markup)

    @property
    def shown(self) -> bool:
        """Listed under "Checks by skill" when assessed or when it has checks at all."""
        return self.assessed or bool(self.checks or self.blocked)

    @property
    def failed(self) -> int:
        return sum(c.outcome != "passed" for c in self.checks)


@dataclass
class RedFlag:
    kind: str
    ref: str
    skill: str
    message: str
    anchor: str


def _cut(text: Any, limit: int = BODY_CHARS) -> str:
    text = "" if text is None else str(text)
    return text if len(text) <= limit else text[:limit] + f"… [cut; {len(text)} characters in all]"


def exchange(data: dict[str, Any]) -> Exchange:
    request, response = data.get("request") or {}, data.get("response") or {}
    split = urlsplit(str(request.get("url", "")))
    path = split.path + (f"?{split.query}" if split.query else "")
    return Exchange(
        method=str(request.get("method", "")),
        path=path or str(request.get("url", "")),
        request_headers=dict(request.get("headers") or {}),
        request_body=_cut(request.get("body")),
        status=response.get("status"),
        response_headers=dict(response.get("headers") or {}),
        response_body=_cut(response.get("body")),
    )


def check_view(data: dict[str, Any]) -> CheckView:
    evidence = data.get("evidence") or []
    return CheckView(
        id=str(data.get("id", "")),
        name=str(data.get("name", "")),
        suite=str(data.get("suite", "")),
        skill=str(data.get("skill", "")),
        weight=float(data.get("weight") or 0),
        outcome=str(data.get("outcome", "")),
        message=str(data.get("message", "")),
        severity=str(data.get("severity") or ("medium" if data.get("suite") == "hidden_tests" else "")),
        blocked_by=str(data.get("blocked_by") or ""),
        exchanges=[exchange(e.get("data") or {}) for e in evidence if e.get("kind") == "http"],
        other_evidence=[e for e in evidence if e.get("kind") != "http"],
        question=str(data.get("question") or ""),
    )


def assessed_skills(report: dict[str, Any], declared_by_challenge: list[str] | None = None) -> list[str]:
    """The report's assessed skills (version 2), else those the challenge declares, else those scored."""
    declared = report.get("assessed_skills", declared_by_challenge)
    if declared:
        return [s for s in SKILLS if s in declared]
    skills = report.get("skills") or {}
    return [s for s in SKILLS if skills.get(s) is not None]


def skill_groups(report: dict[str, Any], declared_by_challenge: list[str] | None = None) -> list[SkillGroup]:
    """Checks by skill, failures first; blocked checks sit under the root cause that blocked them."""
    scores, assessed = report.get("skills") or {}, set(assessed_skills(report, declared_by_challenge))
    causes = {c.get("id", ""): c for c in report.get("root_causes") or []}
    groups = {s: SkillGroup(s, SKILL_TITLES[s], scores.get(s), s in assessed) for s in SKILLS}
    for check in sorted(map(check_view, report.get("checks") or []), key=lambda c: (c.outcome == "passed", c.id)):
        group = groups.get(check.skill)
        if group is None:
            continue
        if check.outcome == "blocked" and check.blocked_by:
            _blocked_under(group, causes.get(check.blocked_by, {}), check)
        else:
            group.checks.append(check)
    return list(groups.values())


def _blocked_under(group: SkillGroup, cause: dict[str, Any], check: CheckView) -> None:
    found = next((r for r in group.blocked if r.id == check.blocked_by), None)
    if found is None:
        message = str(cause.get("message") or f"blocked by {check.blocked_by}")
        found = RootCause(check.blocked_by, message, str(cause.get("skill", "")))
        group.blocked.append(found)
    found.checks.append(check)


def red_flags(report: dict[str, Any]) -> list[RedFlag]:
    """The report's red flags (version 2), else its critical findings; each links to its evidence."""
    flags = []
    for flag in report.get("red_flags") or []:
        kind, ref = str(flag.get("kind", "")), str(flag.get("ref", ""))
        anchor = CheckView(ref, "", "", "", 0, "", "", "", "").anchor if kind == "check" else _finding_anchor(ref)
        flags.append(RedFlag(kind, ref, str(flag.get("skill", "")), str(flag.get("message", "")), anchor))
    if not flags:
        for finding in report.get("findings") or []:
            if finding.get("severity") == "critical":
                rule = str(finding.get("rule", ""))
                flags.append(
                    RedFlag(
                        "finding",
                        rule,
                        str(finding.get("skill", "")),
                        str(finding.get("message", "")),
                        _finding_anchor(rule),
                    )
                )
    return flags


def _finding_anchor(rule: str) -> str:
    return "finding-" + "".join(c if c.isalnum() or c in "-_" else "-" for c in rule)


def findings(report: dict[str, Any]) -> list[dict[str, Any]]:
    """Findings, most severe first, each with its anchor and its evidence (HTTP exchanges apart from the rest)."""
    found = [
        dict(
            f,
            anchor=_finding_anchor(str(f.get("rule", ""))),
            question=str(f.get("question") or ""),
            # A commit message's finding names the commit, not a file to open.
            in_file=bool(f.get("path")) and not str(f.get("path")).startswith("commit "),
            exchanges=[exchange(e.get("data") or {}) for e in f.get("evidence") or [] if e.get("kind") == "http"],
            other_evidence=[e for e in f.get("evidence") or [] if e.get("kind") != "http"],
        )
        for f in report.get("findings") or []
    ]
    return sorted(found, key=lambda f: (SEVERITY_ORDER.get(str(f.get("severity")), 5), str(f.get("path", ""))))


def stage_data(report: dict[str, Any], name: str) -> dict[str, Any]:
    stage = next((s for s in report.get("stages") or [] if s.get("name") == name), None)
    return dict((stage or {}).get("data") or {})


def stages(report: dict[str, Any]) -> list[dict[str, Any]]:
    """Each stage with its log tail cut to its last lines."""
    found = []
    for stage in report.get("stages") or []:
        tail = str(stage.get("log_tail") or "").splitlines()[-LOG_LINES:]
        found.append({**stage, "log_tail": "\n".join(tail)})
    return found


def flips(older: dict[str, Any], newer: dict[str, Any]) -> dict[str, Any]:
    """What changed between two runs: checks whose outcome flipped, and the score per skill before and after."""
    before = {c.get("id"): c.get("outcome") for c in older.get("checks") or []}
    changed = [
        {
            "id": c.get("id"),
            "name": c.get("name"),
            "before": before.get(c.get("id"), "absent"),
            "after": c.get("outcome"),
        }
        for c in newer.get("checks") or []
        if before.get(c.get("id"), "absent") != c.get("outcome")
    ]
    old_skills, new_skills = older.get("skills") or {}, newer.get("skills") or {}
    skills = [(SKILL_TITLES[s], old_skills.get(s), new_skills.get(s)) for s in SKILLS]
    return {"checks": changed, "skills": skills, "score": (older.get("score"), newer.get("score"))}
