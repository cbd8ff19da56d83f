"""How well each analyzer does on a challenge's own library: recall on known flaws, false flags on references.

An analyzer is named by its rules' prefix (``security``, ``db``, ``perf``, ``secrets``...). Recall counts, over
the flawed variants and seeded flaws that were graded, the findings their ``must_find`` expects that were
raised; false flags count the findings of medium or higher severity raised on references and alternative
references, which should raise none (low and info findings are observations, such as where the SQL lives).
Every analyzer has a row, so one that no flaw exercises shows as such ("—") instead of missing.
Aims (issue 12): recall at least 90 %, at most one false flag per reference.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

from assay.grading.analyzers import registry
from assay.grading.validation import Verdict

RECALL_AIM = 0.9
FALSE_FLAGS_PER_REFERENCE = 1.0
FLAGGING = ("medium", "high", "critical")


@dataclass(frozen=True)
class AnalyzerScore:
    analyzer: str
    expected: int  # findings the flaws' must_find expects of this analyzer
    raised: int  # of those, how many it raised
    false_flags: int  # medium, high or critical findings it raised on references
    references: int  # references graded

    @property
    def recall(self) -> float | None:
        return self.raised / self.expected if self.expected else None

    @property
    def meets_aims(self) -> bool:
        recall_ok = self.recall is None or self.recall >= RECALL_AIM
        return recall_ok and self.false_flags <= FALSE_FLAGS_PER_REFERENCE * max(self.references, 1)


def analyzer_of(rule: str) -> str:
    return rule.split(".", 1)[0]


def analyzer_scores(verdicts: Iterable[Verdict]) -> list[AnalyzerScore]:
    """One row per analyzer (every registered one, and any other a flaw expects); crashed gradings count nowhere."""
    expected: Counter[str] = Counter()
    raised: Counter[str] = Counter()
    false_flags: Counter[str] = Counter()
    references = 0
    for verdict in verdicts:
        if verdict.score is None:
            continue
        rules = {rule for rule, _ in verdict.findings}
        flaw = verdict.subject.flaw
        for rule in flaw.must_find if flaw is not None else ():
            expected[analyzer_of(rule)] += 1
            raised[analyzer_of(rule)] += rule in rules
        if verdict.subject.is_reference:
            references += 1
            false_flags.update(analyzer_of(rule) for rule, severity in verdict.findings if severity in FLAGGING)
    names = sorted({*registry.names(), *expected, *false_flags})
    return [AnalyzerScore(name, expected[name], raised[name], false_flags[name], references) for name in names]


def analyzer_rows(scores: Iterable[AnalyzerScore]) -> list[tuple[str, str, str, str]]:
    """(analyzer, recall, false flags, result) for the table `assay challenges validate` prints."""
    rows = []
    for score in scores:
        recall = "—" if score.recall is None else f"{score.raised} of {score.expected} ({score.recall:.0%})"
        flags = f"{score.false_flags} on {score.references} reference(s)"
        rows.append((score.analyzer, recall, flags, "ok" if score.meets_aims else "BELOW AIM"))
    return rows
