"""The vocabulary a challenge and its report share: the six skills every check carries, and the grading suites.

The package format (challenges.package, challenges.hidden) and the report (grading.report) import these.
The hidden-test plugin keeps its own copy because it runs standalone, without Assay installed;
tests/grading/hidden/test_plugin.py checks that copy against this one.
"""

from __future__ import annotations

SKILLS = ("api_design", "database", "server_logic", "security", "performance", "integration")
# In the order a report and a challenge page list them.
SUITES = ("hidden_tests", "database", "load", "static", "candidate_tests")
# Most serious first. Critical faults are red flags: injection, another user's data, secrets or stack traces in
# responses, plaintext passwords, lost updates (docs/scoring.md).
SEVERITIES = ("critical", "high", "medium", "low")
