"""The kinds of audit entries, and what a person reads for each."""

from __future__ import annotations

SIGN_IN = "sign_in.succeeded"
SIGN_IN_FAILED = "sign_in.failed"
TEAM_INVITATION = "team.invited"
CANDIDATE_INVITATION = "candidate.invited"
DECISION = "candidate.decided"
SETTINGS = "settings.changed"
API_KEY_CREATED = "api_key.created"
API_KEY_REVOKED = "api_key.revoked"
EXPORT = "export.downloaded"
ERASURE = "candidate.erased"
REGRADE = "submission.regraded"
IDENTITY_REVEALED = "identity.revealed"
ORGANIZATION_CREATED = "organization.created"

LABELS = {
    SIGN_IN: "Signed in",
    SIGN_IN_FAILED: "Failed sign-in",
    TEAM_INVITATION: "Invited a teammate",
    CANDIDATE_INVITATION: "Invited a candidate",
    DECISION: "Decided on a candidate",
    SETTINGS: "Changed settings",
    API_KEY_CREATED: "Created an API key",
    API_KEY_REVOKED: "Revoked an API key",
    EXPORT: "Exported data",
    ERASURE: "Erased a candidate",
    REGRADE: "Re-graded a submission",
    IDENTITY_REVEALED: "Revealed a blind identity",
    ORGANIZATION_CREATED: "Created the organization",
}
