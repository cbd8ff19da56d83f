"""Who gets what from every route: each page and API operation, asked by each kind of caller.

The two tables below, PAGES and API, are the access matrix. A route added to urls.py or an operation added
to the API that is not in them fails ``test_every_*_is_in_the_matrix``: add a row saying what each caller
should get, and the parametrized tests check it. Each case is its own test (and its own transaction), so the
objects it acts on are fresh and one caller's delete never changes the next caller's answer.

Callers, in the column order of every row: anonymous, viewer, reviewer, admin, owner (members of the team's
organization) and outsider (the owner of another organization). Object routes also run as "outsider-own":
the outsider acting on an object of its own organization, which proves the outsider's 404 comes from tenancy
and not from a broken route.
"""

from __future__ import annotations

import hashlib
import json
import secrets
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from django.db.models import Model
from django.http import HttpResponse
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.urls import path as url_path
from django.urls.resolvers import RegexPattern
from django.utils import timezone
from ninja import NinjaAPI

from assay import urls
from assay.accounts.models import ApiKey, Membership, Organization, TeamInvitation
from assay.accounts.roles import Role
from assay.integrations.api import api
from assay.ops.services import beat
from tests.conftest import Team, add_member

ACTORS = ("anonymous", "viewer", "reviewer", "admin", "owner", "outsider")
OWN = "outsider-own"
PROBLEM_JSON = "application/problem+json"
LOGIN_NEXT = "<login?next=path>"
API_ROOT = "/api/v1"
LIBRARY_CHALLENGE = "bookings-api"  # a package of the repository's challenges/ folder


# What a caller gets ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Answer:
    status: int
    location: str | None = None  # for a redirect; LOGIN_NEXT means the sign-in page coming back here
    says: str = ""  # text the body must contain (the message of a 403 or 404)
    problem: bool = False  # an RFC 9457 problem+json body


def denied(action: str, who: str = "admins and owners") -> Answer:
    """A page's 403 that names who may do it."""
    return Answer(403, says=f"Only {who} can {action}")


def refused(action: str, who: str = "admins and owners") -> Answer:
    """The API's 403 that names who may do it."""
    return Answer(403, says=f"Only {who} can {action}", problem=True)


def to(location: str) -> Answer:
    return Answer(302, location=location)


LOGIN = Answer(302, location=LOGIN_NEXT)
GONE = Answer(404, says="in this organization")  # a page asked for another organization's object
MISSING = Answer(404, says="in this organization", problem=True)  # the API asked for another organization's object
UNAUTHENTICATED = Answer(401, says="Bearer", problem=True)
WRONG_METHOD = Answer(405)


@dataclass(frozen=True)
class Ref:
    """A value made per case: the id of a fresh object, a token, the organization's id."""

    kind: str


@dataclass(frozen=True)
class Row:
    answers: dict[str, Answer]
    args: dict[str, Ref] = field(default_factory=dict)  # URL parameters
    data: dict[str, Any] | None = None  # form fields (pages) or JSON body (API)
    own: Answer | None = None  # outsider-own: the outsider acting on an object of its own organization
    shows_team: bool = False  # the body may name the team's organization to anyone (an invitation to it)


def row(*answers: Answer | int, **options: Any) -> Row:
    assert len(answers) == len(ACTORS), f"a row needs one answer per caller: {', '.join(ACTORS)}"
    own = options.pop("own", None)
    as_answer = [a if isinstance(a, Answer) else Answer(a) for a in answers]
    return Row(dict(zip(ACTORS, as_answer, strict=True)), own=Answer(own) if isinstance(own, int) else own, **options)


MEMBER, INVITATION, KEY = Ref("member"), Ref("invitation"), Ref("api_key")
TOKEN, BAD_TOKEN = Ref("token"), Ref("bad_token")
REPOSITORY, NO_REPOSITORY = Ref("repository"), Ref("unknown_repository")
GIT_CREDENTIALS = Answer(401, says="needs its git credentials")
# Assessments: ASSESSMENT_ID and CANDIDATE_ID name a fresh object without watching its row (inviting or
# resending adds rows elsewhere and leaves the object itself as it was).
ASSESSMENT, ASSESSMENT_ID = Ref("assessment"), Ref("assessment_id")
CANDIDATE, CANDIDATE_ID, GRADED = Ref("candidate"), Ref("candidate_id"), Ref("graded_candidate")
CANDIDATE_LINK, OPEN_LINK = Ref("candidate_link"), Ref("open_link")
# Reviews: SUBMISSION is a graded submission (re-grading changes its row); SUBMISSION_ID names one without
# watching it (commenting adds a row elsewhere); COMMENT is a line comment nobody in the matrix wrote.
SUBMISSION, SUBMISSION_ID, COMMENT, RUN = Ref("submission"), Ref("submission_id"), Ref("comment"), Ref("run")
NOT_AUTHOR = Answer(403, says="Only the author of a comment")
# Reviews, part 2: the submission of a graded candidate (its row is not watched: a scorecard is a row of its own).
SCORED_SUBMISSION = Ref("scored_submission")
SCORECARD = {"score_api_design": "3", "score_server_logic": "2", "recommendation": "yes", "action": "submit"}
NO_KEY_SCORECARD = Answer(403, says="an API key cannot fill one", problem=True)
# Webhooks: admins and owners only. WEBHOOK is watched (switching, rotating, deleting change it); a redelivery
# adds a delivery row, so DELIVERY_WEBHOOK and DELIVERY (a delivery of that endpoint) are not watched.
WEBHOOK, DELIVERY_WEBHOOK, DELIVERY = Ref("webhook"), Ref("delivery_webhook"), Ref("delivery")
PUBLIC_RECEIVER = "https://93.184.215.14/assay"  # a public address, so no name needs resolving offline
HOOKS = "manage webhooks"
SSO, ORG_SLUG = "set up single sign-on", Ref("organization_slug")
# Greenhouse: admins and owners issue its key; its own endpoints answer only that key (HTTP Basic), never a session.
GREENHOUSE, GREENHOUSE_KEY = "manage the Greenhouse connection", Ref("greenhouse_key")
PARTNER_KEY = Answer(401, says="Greenhouse key")
# Live sessions: LIVE is an open session on a fresh submission; LIVE_LINK its candidate's token.
LIVE, LIVE_LINK = Ref("live_session"), Ref("live_link")
LIVE_DENIED = Answer(403, says="Only reviewers, admins and owners can run live sessions")
LIVE_GONE = Answer(404, says="not valid any more")
SIGNUP_CLOSED = Answer(404, says="Sign-up is closed")

# The matrix: pages ----------------------------------------------------------------------------
# Keyed by URL name and method. Columns: anonymous, viewer, reviewer, admin, owner, outsider.

PAGES: dict[tuple[str, str], Row] = {
    # Public: probes, signing in and out, password reset, joining.
    ("healthz", "GET"): row(200, 200, 200, 200, 200, 200),
    ("readyz", "GET"): row(200, 200, 200, 200, 200, 200),
    ("login", "GET"): row(200, 200, 200, 200, 200, 200),
    ("login", "POST"): row(401, 401, 401, 401, 401, 401, data={"email": "nobody@example.test", "password": "wrong"}),
    ("logout", "GET"): row(*[WRONG_METHOD] * 6),
    ("logout", "POST"): row(*[to("/login/")] * 6),
    # Single sign-on: anyone may start one (no organization here has it on); only owners set it up.
    ("sso-start", "GET"): row(200, 200, 200, 200, 200, 200),
    ("sso-start", "POST"): row(*[Answer(404, says="No organization signs in")] * 6, data={"email": "a@acme.test"}),
    ("sso-start-for", "GET"): row(
        *[Answer(404, says="No organization signs in")] * 6, args={"organization_slug": ORG_SLUG}
    ),
    ("sso-start-for", "POST"): row(*[WRONG_METHOD] * 6, args={"organization_slug": ORG_SLUG}),
    ("sso-callback", "GET"): row(*[Answer(401, says="not started here")] * 6),
    ("sso-callback", "POST"): row(*[WRONG_METHOD] * 6),
    ("sso-settings", "GET"): row(LOGIN, denied(SSO, "owners"), denied(SSO, "owners"), denied(SSO, "owners"), 200, 200),
    ("sso-settings", "POST"): row(
        LOGIN,
        denied(SSO, "owners"),
        denied(SSO, "owners"),
        denied(SSO, "owners"),
        302,
        302,
        data={"issuer": "https://login.example.com", "client_id": "assay", "default_role": "viewer"},
    ),
    ("password_reset", "GET"): row(200, 200, 200, 200, 200, 200),
    ("password_reset", "POST"): row(*[to("/password-reset/sent/")] * 6, data={"email": "nobody@example.test"}),
    ("password_reset_done", "GET"): row(200, 200, 200, 200, 200, 200),
    # A bad reset link is a page that says so (Django's view answers 200 with validlink=False).
    ("password_reset_confirm", "GET"): row(
        200, 200, 200, 200, 200, 200, args={"uidb64": Ref("bad_uid"), "token": BAD_TOKEN}
    ),
    ("password_reset_complete", "GET"): row(200, 200, 200, 200, 200, 200),
    ("join", "GET"): row(200, 200, 200, 200, 200, 200, args={"token": TOKEN}, shows_team=True),
    ("join", "POST"): row(
        to("/"),
        *[Answer(403, says="This invitation is for")] * 5,
        args={"token": TOKEN},
        data={"name": "New Hire", "password": "a long enough passphrase"},
        shows_team=True,
    ),
    ("join", "GET", "bad token"): row(*[Answer(404, says="not valid any more")] * 6, args={"token": BAD_TOKEN}),
    ("join", "POST", "bad token"): row(*[Answer(404, says="not valid any more")] * 6, args={"token": BAD_TOKEN}),
    # Team pages. The outsider sees its own organization's pages.
    ("dashboard", "GET"): row(LOGIN, 200, 200, 200, 200, 200),
    ("switch-organization", "GET"): row(*[WRONG_METHOD] * 6),
    # The outsider asking for the team's organization is told no and stays where it is (see the test below).
    ("switch-organization", "POST"): row(
        LOGIN, to("/"), to("/"), to("/"), to("/"), to("/"), data={"organization": Ref("organization")}
    ),
    ("team", "GET"): row(LOGIN, 200, 200, 200, 200, 200),
    ("invite", "GET"): row(*[WRONG_METHOD] * 6),
    ("invite", "POST"): row(
        LOGIN,
        denied("invite teammates"),
        denied("invite teammates"),
        to("/team/"),
        to("/team/"),
        to("/team/"),  # into its own organization
        data={"email": "new.hire@example.com", "role": "reviewer"},
    ),
    ("change-role", "GET"): row(*[WRONG_METHOD] * 6, args={"member_id": MEMBER}),
    ("change-role", "POST"): row(
        LOGIN,
        denied("change roles"),
        denied("change roles"),
        to("/team/"),
        to("/team/"),
        GONE,
        args={"member_id": MEMBER},
        data={"role": "reviewer"},
        own=to("/team/"),
    ),
    ("remove-member", "GET"): row(*[WRONG_METHOD] * 6, args={"member_id": MEMBER}),
    ("remove-member", "POST"): row(
        LOGIN,
        denied("remove members"),
        denied("remove members"),
        to("/team/"),
        to("/team/"),
        GONE,
        args={"member_id": MEMBER},
        own=to("/team/"),
    ),
    ("cancel-invitation", "GET"): row(*[WRONG_METHOD] * 6, args={"invitation_id": INVITATION}),
    ("cancel-invitation", "POST"): row(
        LOGIN,
        denied("cancel invitations"),
        denied("cancel invitations"),
        to("/team/"),
        to("/team/"),
        GONE,
        args={"invitation_id": INVITATION},
        own=to("/team/"),
    ),
    ("api-keys", "GET"): row(LOGIN, 200, 200, 200, 200, 200),
    ("api-keys", "POST"): row(
        LOGIN,
        denied("create API keys"),
        denied("create API keys"),
        201,
        201,
        201,  # in its own organization
        data={"name": "Greenhouse sync", "role": "viewer"},
    ),
    ("revoke-api-key", "GET"): row(*[WRONG_METHOD] * 6, args={"key_id": KEY}),
    ("revoke-api-key", "POST"): row(
        LOGIN,
        denied("revoke API keys"),
        denied("revoke API keys"),
        to("/api-keys/"),
        to("/api-keys/"),
        GONE,
        args={"key_id": KEY},
        own=to("/api-keys/"),
    ),
    ("outbox", "GET"): row(LOGIN, denied("read the outbox"), denied("read the outbox"), 200, 200, 200),
    # The audit log: owners only; the outsider reads its own organization's log.
    ("audit-log", "GET"): row(LOGIN, *[denied("read the audit log", "owners")] * 3, 200, 200),
    ("audit-log-csv", "GET"): row(LOGIN, *[denied("read the audit log", "owners")] * 3, 200, 200),
    ("retention", "GET"): row(LOGIN, *[denied("change data retention", "owners")] * 3, 200, 200),
    ("retention", "POST"): row(
        LOGIN,
        *[denied("change data retention", "owners")] * 3,
        to("/organization/retention/"),
        to("/organization/retention/"),
        data={"retention_days": "30"},
    ),
    # Self-service sign-up is closed unless the operator opens it (tests/accounts/test_signup.py opens it).
    ("signup", "GET"): row(*[SIGNUP_CLOSED] * 6),
    ("signup", "POST"): row(*[SIGNUP_CLOSED] * 6, data={"organization": "X", "name": "Y", "email": "a@b.test"}),
    ("signup-verify", "GET"): row(*[SIGNUP_CLOSED] * 6, args={"token": BAD_TOKEN}),
    # The challenge library: shared content that every member of any organization reads.
    ("challenges:library", "GET"): row(LOGIN, 200, 200, 200, 200, 200),
    ("challenges:challenge", "GET"): row(LOGIN, 200, 200, 200, 200, 200, args={"slug": Ref("challenge")}),
    ("challenges:challenge", "GET", "unknown slug"): row(
        LOGIN, *[Answer(404, says="no challenge")] * 5, args={"slug": Ref("unknown_challenge")}
    ),
    # A hiring team's own challenge: its members read it, to another organization it does not exist.
    ("challenges:challenge", "GET", "a team's own"): row(
        LOGIN, 200, 200, 200, 200, Answer(404, says="no challenge"), args={"slug": Ref("team_challenge")}, own=200
    ),
    # Importing a team's own package: admins and owners (no archive attached here, so a 422 that says so).
    ("challenges:library", "POST"): row(LOGIN, denied("import challenges"), denied("import challenges"), 422, 422, 422),
    # Assessments: every member reads; admins and owners set up and invite; reviewers and up decide.
    ("assessments:list", "GET"): row(LOGIN, 200, 200, 200, 200, 200),
    ("assessments:create", "GET"): row(
        LOGIN, denied("create assessments"), denied("create assessments"), 200, 200, 200
    ),
    ("assessments:create", "POST"): row(
        LOGIN,
        denied("create assessments"),
        denied("create assessments"),
        302,
        302,
        302,  # in its own organization
        data={
            "title": "Backend engineer",
            "challenge": Ref("challenge"),
            "stacks": "python",
            "time_limit_minutes": "240",
            "start_window_days": "7",
        },
    ),
    ("assessments:detail", "GET"): row(LOGIN, 200, 200, 200, 200, GONE, args={"assessment_id": ASSESSMENT}, own=200),
    ("assessments:candidates", "GET"): row(
        LOGIN, 200, 200, 200, 200, GONE, args={"assessment_id": ASSESSMENT}, own=200
    ),
    ("assessments:invite", "GET"): row(*[WRONG_METHOD] * 6, args={"assessment_id": ASSESSMENT_ID}),
    ("assessments:invite", "POST"): row(
        LOGIN,
        denied("invite candidates"),
        denied("invite candidates"),
        302,
        302,
        GONE,
        args={"assessment_id": ASSESSMENT_ID},
        data={"name": "New Person", "email": "new.person@example.com"},
        own=302,
    ),
    ("assessments:invite-csv", "GET"): row(*[WRONG_METHOD] * 6, args={"assessment_id": ASSESSMENT_ID}),
    ("assessments:invite-csv", "POST"): row(
        LOGIN,
        denied("invite candidates"),
        denied("invite candidates"),
        302,
        302,
        GONE,
        args={"assessment_id": ASSESSMENT_ID},
        data={"csv": "New Person,new.person@example.com"},
        own=302,
    ),
    ("assessments:open-link", "GET"): row(*[WRONG_METHOD] * 6, args={"assessment_id": ASSESSMENT}),
    ("assessments:open-link", "POST"): row(
        LOGIN,
        denied("manage invite links"),
        denied("manage invite links"),
        302,
        302,
        GONE,
        args={"assessment_id": ASSESSMENT},
        data={"open": "1"},
        own=302,
    ),
    ("assessments:candidate-detail", "GET"): row(
        LOGIN, 200, 200, 200, 200, GONE, args={"candidate_id": CANDIDATE}, own=200
    ),
    ("assessments:resend", "GET"): row(*[WRONG_METHOD] * 6, args={"candidate_id": CANDIDATE_ID}),
    ("assessments:resend", "POST"): row(
        LOGIN,
        denied("resend invitations"),
        denied("resend invitations"),
        302,
        302,
        GONE,
        args={"candidate_id": CANDIDATE_ID},
        own=302,
    ),
    ("assessments:withdraw", "GET"): row(*[WRONG_METHOD] * 6, args={"candidate_id": CANDIDATE}),
    ("assessments:withdraw", "POST"): row(
        LOGIN,
        denied("withdraw candidates"),
        denied("withdraw candidates"),
        302,
        302,
        GONE,
        args={"candidate_id": CANDIDATE},
        own=302,
    ),
    ("assessments:extend", "GET"): row(*[WRONG_METHOD] * 6, args={"candidate_id": CANDIDATE}),
    ("assessments:extend", "POST"): row(
        LOGIN,
        denied("extend deadlines"),
        denied("extend deadlines"),
        302,
        302,
        GONE,
        args={"candidate_id": CANDIDATE},
        data={"days": "1"},
        own=302,
    ),
    ("assessments:erase", "GET"): row(
        LOGIN,
        denied("erase candidates"),
        denied("erase candidates"),
        200,
        200,
        GONE,
        args={"candidate_id": CANDIDATE},
        own=200,
    ),
    ("assessments:erase", "POST"): row(
        LOGIN,
        denied("erase candidates"),
        denied("erase candidates"),
        302,
        302,
        GONE,
        args={"candidate_id": CANDIDATE},
        data={"confirm": "erase"},
        own=302,
    ),
    # The candidate's pages: no account; the signed link is the key, whoever holds it (and signed in or not).
    ("assessments:candidate", "GET"): row(*[200] * 6, args={"token": CANDIDATE_LINK}, shows_team=True),
    ("assessments:candidate", "GET", "bad token"): row(
        *[Answer(404, says="This link is not valid")] * 6, args={"token": BAD_TOKEN}
    ),
    ("assessments:start", "GET"): row(*[WRONG_METHOD] * 6, args={"token": CANDIDATE_LINK}),
    ("assessments:start", "POST"): row(
        *[302] * 6, args={"token": CANDIDATE_LINK}, data={"stack": "python"}, shows_team=True
    ),
    ("assessments:start", "POST", "bad token"): row(*[404] * 6, args={"token": BAD_TOKEN}),
    ("assessments:upload", "GET"): row(*[WRONG_METHOD] * 6, args={"token": CANDIDATE_LINK}),
    ("assessments:upload", "POST"): row(*[422] * 6, args={"token": CANDIDATE_LINK}, shows_team=True),
    ("assessments:submit", "GET"): row(*[WRONG_METHOD] * 6, args={"token": CANDIDATE_LINK}),
    ("assessments:submit", "POST"): row(
        *[Answer(409, says="not under way")] * 6, args={"token": CANDIDATE_LINK}, shows_team=True
    ),
    ("assessments:survey", "GET"): row(*[WRONG_METHOD] * 6, args={"token": CANDIDATE_LINK}),
    ("assessments:survey", "POST"): row(
        *[Answer(409, says="after you submit")] * 6, args={"token": CANDIDATE_LINK}, shows_team=True
    ),
    ("assessments:join", "GET"): row(*[200] * 6, args={"token": OPEN_LINK}, shows_team=True),
    ("assessments:join", "POST"): row(
        *[302] * 6, args={"token": OPEN_LINK}, data={"name": "Self Starter", "email": "self@example.com"}
    ),
    ("assessments:join", "GET", "bad token"): row(
        *[Answer(404, says="invite link is closed")] * 6, args={"token": BAD_TOKEN}
    ),
    # Reviews: every member reads a report and the code; reviewers and up comment; admins and owners
    # re-grade and download the files; only a comment's author edits or deletes it.
    ("reviews:report", "GET"): row(LOGIN, 200, 200, 200, 200, GONE, args={"submission_id": SUBMISSION}, own=200),
    ("reviews:run", "GET"): row(
        LOGIN, 200, 200, 200, 200, GONE, args={"submission_id": SUBMISSION, "number": RUN}, own=200
    ),
    ("reviews:compare", "GET"): row(LOGIN, 200, 200, 200, 200, GONE, args={"submission_id": SUBMISSION}, own=200),
    ("reviews:regrade", "GET"): row(*[WRONG_METHOD] * 6, args={"submission_id": SUBMISSION}),
    ("reviews:regrade", "POST"): row(
        LOGIN,
        denied("re-grade submissions"),
        denied("re-grade submissions"),
        302,
        302,
        GONE,
        args={"submission_id": SUBMISSION},
        own=302,
    ),
    ("reviews:code", "GET"): row(LOGIN, 200, 200, 200, 200, GONE, args={"submission_id": SUBMISSION}, own=200),
    # Without ?path= the file view sends the reader to the list of changes.
    ("reviews:file", "GET"): row(LOGIN, 302, 302, 302, 302, GONE, args={"submission_id": SUBMISSION}, own=302),
    ("reviews:archive", "GET"): row(
        LOGIN,
        denied("download submitted files"),
        denied("download submitted files"),
        200,
        200,
        GONE,
        args={"submission_id": SUBMISSION},
        own=200,
    ),
    ("reviews:comment-add", "GET"): row(*[WRONG_METHOD] * 6, args={"submission_id": SUBMISSION_ID}),
    ("reviews:comment-add", "POST"): row(
        LOGIN,
        denied("comment on code", "reviewers, admins and owners"),
        302,
        302,
        302,
        GONE,
        args={"submission_id": SUBMISSION_ID},
        data={"path": "app.py", "line": "1", "body": "Why this?"},
        own=302,
    ),
    ("reviews:comment", "GET"): row(LOGIN, 302, 302, 302, 302, GONE, args={"comment_id": COMMENT}, own=302),
    ("reviews:comment-edit", "GET"): row(*[WRONG_METHOD] * 6, args={"comment_id": COMMENT}),
    ("reviews:comment-edit", "POST"): row(
        LOGIN,
        denied("edit this comment", "reviewers, admins and owners"),
        NOT_AUTHOR,
        NOT_AUTHOR,
        NOT_AUTHOR,
        GONE,
        args={"comment_id": COMMENT},
        data={"body": "Edited"},
        own=NOT_AUTHOR,
    ),
    ("reviews:comment-delete", "GET"): row(*[WRONG_METHOD] * 6, args={"comment_id": COMMENT}),
    ("reviews:comment-delete", "POST"): row(
        LOGIN,
        denied("delete this comment", "reviewers, admins and owners"),
        NOT_AUTHOR,
        NOT_AUTHOR,
        NOT_AUTHOR,
        GONE,
        args={"comment_id": COMMENT},
        own=NOT_AUTHOR,
    ),
    # Git smart HTTP: only the repository's own basic credentials open it, never a session; an unknown
    # repository answers like a wrong password (401), so its existence is not revealed.
    ("repos:info-refs", "GET"): row(*[GIT_CREDENTIALS] * 6, args={"public_id": REPOSITORY}),
    ("repos:info-refs", "GET", "unknown repository"): row(*[GIT_CREDENTIALS] * 6, args={"public_id": NO_REPOSITORY}),
    ("repos:info-refs", "POST"): row(*[WRONG_METHOD] * 6, args={"public_id": REPOSITORY}),
    ("repos:upload-pack", "GET"): row(*[WRONG_METHOD] * 6, args={"public_id": REPOSITORY}),
    ("repos:upload-pack", "POST"): row(*[GIT_CREDENTIALS] * 6, args={"public_id": REPOSITORY}),
    ("repos:receive-pack", "GET"): row(*[WRONG_METHOD] * 6, args={"public_id": REPOSITORY}),
    ("repos:receive-pack", "POST"): row(*[GIT_CREDENTIALS] * 6, args={"public_id": REPOSITORY}),
    # The API's own pages: public by design (the schema holds no data).
    ("api-v1:openapi-json", "GET"): row(200, 200, 200, 200, 200, 200),
    ("api-v1:openapi-view", "GET"): row(200, 200, 200, 200, 200, 200),
    # Scorecards, decisions, comparison and blind review: members read; reviewers score and decide; admins set
    # blind review; only owners reveal an identity.
    ("reviews:scorecard", "GET"): row(
        LOGIN, 200, 200, 200, 200, GONE, args={"submission_id": SCORED_SUBMISSION}, own=200
    ),
    ("reviews:scorecard", "POST"): row(
        LOGIN,
        denied("fill scorecards", "reviewers, admins and owners"),
        302,
        302,
        302,
        GONE,
        args={"submission_id": SCORED_SUBMISSION},
        data=SCORECARD,
        own=302,
    ),
    ("reviews:decision", "GET"): row(*[WRONG_METHOD] * 6, args={"candidate_id": GRADED}),
    ("reviews:decision", "POST"): row(
        LOGIN,
        denied("advance, hold or reject candidates", "reviewers, admins and owners"),
        302,
        302,
        302,
        GONE,
        args={"candidate_id": GRADED},
        data={"outcome": "hold", "reason": "A second round first"},
        own=302,
    ),
    ("reviews:reveal", "GET"): row(*[WRONG_METHOD] * 6, args={"candidate_id": CANDIDATE_ID}),
    ("reviews:reveal", "POST"): row(
        LOGIN,
        *[denied("reveal who a candidate is", "owners")] * 3,
        302,
        GONE,
        args={"candidate_id": CANDIDATE_ID},
        own=302,
    ),
    ("reviews:comparison", "GET"): row(LOGIN, 200, 200, 200, 200, GONE, args={"assessment_id": ASSESSMENT}, own=200),
    ("reviews:comparison-csv", "GET"): row(
        LOGIN, 200, 200, 200, 200, GONE, args={"assessment_id": ASSESSMENT}, own=200
    ),
    ("reviews:blind", "GET"): row(*[WRONG_METHOD] * 6, args={"assessment_id": ASSESSMENT_ID}),
    ("reviews:blind", "POST"): row(
        LOGIN,
        denied("turn blind review on or off"),
        denied("turn blind review on or off"),
        302,
        302,
        GONE,
        args={"assessment_id": ASSESSMENT_ID},
        data={"blind": "on"},
        own=302,
    ),
    # The AI reviewer's settings: every member sees whether code leaves for a model; only owners change it.
    ("reviews:ai-reviewer", "GET"): row(LOGIN, 200, 200, 200, 200, 200),
    ("reviews:ai-reviewer", "POST"): row(
        LOGIN,
        *[denied("change the AI reviewer", "owners")] * 3,
        to("/ai-reviewer/"),
        to("/ai-reviewer/"),
        data={
            "enabled": "on",
            "base_url": "http://127.0.0.1:9/v1",
            "model": "reviewer-model",
            "api_key": "sk-not-a-real-key",
            "submission_token_budget": "20000",
            "monthly_token_budget": "100000",
        },
    ),
    # Webhooks settings: admins and owners only.
    ("integrations:webhooks", "GET"): row(LOGIN, denied(HOOKS), denied(HOOKS), 200, 200, 200),
    ("integrations:webhooks", "POST"): row(
        LOGIN, denied(HOOKS), denied(HOOKS), 201, 201, 201, data={"url": PUBLIC_RECEIVER, "description": "ATS"}
    ),
    ("integrations:webhook", "GET"): row(
        LOGIN, denied(HOOKS), denied(HOOKS), 200, 200, GONE, args={"webhook_id": WEBHOOK}, own=200
    ),
    ("integrations:webhook-switch", "GET"): row(*[WRONG_METHOD] * 6, args={"webhook_id": WEBHOOK}),
    ("integrations:webhook-switch", "POST"): row(
        LOGIN, denied(HOOKS), denied(HOOKS), 302, 302, GONE, args={"webhook_id": WEBHOOK}, data={"active": "0"}, own=302
    ),
    ("integrations:webhook-rotate", "GET"): row(*[WRONG_METHOD] * 6, args={"webhook_id": WEBHOOK}),
    ("integrations:webhook-rotate", "POST"): row(
        LOGIN,
        denied(HOOKS),
        denied(HOOKS),
        200,
        200,
        GONE,
        args={"webhook_id": WEBHOOK},
        data={"overlap_hours": "1"},
        own=200,
    ),
    ("integrations:webhook-delete", "GET"): row(*[WRONG_METHOD] * 6, args={"webhook_id": WEBHOOK}),
    ("integrations:webhook-delete", "POST"): row(
        LOGIN, denied(HOOKS), denied(HOOKS), 302, 302, GONE, args={"webhook_id": WEBHOOK}, own=302
    ),
    ("integrations:webhook-redeliver", "GET"): row(
        *[WRONG_METHOD] * 6, args={"webhook_id": DELIVERY_WEBHOOK, "delivery_id": DELIVERY}
    ),
    ("integrations:webhook-redeliver", "POST"): row(
        LOGIN,
        denied(HOOKS),
        denied(HOOKS),
        302,
        302,
        GONE,
        args={"webhook_id": DELIVERY_WEBHOOK, "delivery_id": DELIVERY},
        own=302,
    ),
    ("integrations:greenhouse", "GET"): row(LOGIN, denied(GREENHOUSE), denied(GREENHOUSE), 200, 200, 200),
    ("integrations:greenhouse", "POST"): row(
        LOGIN, denied(GREENHOUSE), denied(GREENHOUSE), 201, 201, 201, data={"name": "Greenhouse"}
    ),
    ("integrations:greenhouse-revoke", "GET"): row(*[WRONG_METHOD] * 6, args={"key_id": GREENHOUSE_KEY}),
    ("integrations:greenhouse-revoke", "POST"): row(
        LOGIN, denied(GREENHOUSE), denied(GREENHOUSE), 302, 302, GONE, args={"key_id": GREENHOUSE_KEY}, own=302
    ),
    ("integrations:greenhouse-list-tests", "GET"): row(*[PARTNER_KEY] * 6),
    ("integrations:greenhouse-list-tests", "POST"): row(*[WRONG_METHOD] * 6),
    ("integrations:greenhouse-send-test", "GET"): row(*[WRONG_METHOD] * 6),
    ("integrations:greenhouse-send-test", "POST"): row(*[PARTNER_KEY] * 6),
    ("integrations:greenhouse-test-status", "GET"): row(*[PARTNER_KEY] * 6),
    ("integrations:greenhouse-test-status", "POST"): row(*[WRONG_METHOD] * 6),
    ("integrations:greenhouse-response-error", "GET"): row(*[WRONG_METHOD] * 6),
    ("integrations:greenhouse-response-error", "POST"): row(*[PARTNER_KEY] * 6),
    # Live sessions: every member lists and plays back; reviewers and up start, run and end one; the candidate
    # comes in by the signed link alone.
    ("live:sessions", "GET"): row(LOGIN, 200, 200, 200, 200, 200),
    ("live:from-submission", "GET"): row(*[WRONG_METHOD] * 6, args={"submission_id": SUBMISSION_ID}),
    ("live:from-submission", "POST"): row(
        LOGIN, LIVE_DENIED, 302, 302, 302, GONE, args={"submission_id": SUBMISSION_ID}, own=302
    ),
    ("live:from-starter", "GET"): row(*[WRONG_METHOD] * 6, args={"slug": Ref("challenge")}),
    ("live:from-starter", "POST"): row(
        LOGIN,
        LIVE_DENIED,
        302,
        302,
        302,
        302,  # the library is shared; the session is the outsider's own
        args={"slug": Ref("challenge")},
        data={"stack": "python", "candidate_name": "Cara"},
    ),
    ("live:room", "GET"): row(LOGIN, LIVE_DENIED, 200, 200, 200, GONE, args={"session_id": LIVE}, own=200),
    ("live:end", "GET"): row(*[WRONG_METHOD] * 6, args={"session_id": LIVE}),
    ("live:end", "POST"): row(LOGIN, LIVE_DENIED, 302, 302, 302, GONE, args={"session_id": LIVE}, own=302),
    ("live:new-link", "GET"): row(*[WRONG_METHOD] * 6, args={"session_id": LIVE}),
    ("live:new-link", "POST"): row(LOGIN, LIVE_DENIED, 302, 302, 302, GONE, args={"session_id": LIVE}, own=302),
    ("live:playback", "GET"): row(LOGIN, 200, 200, 200, 200, GONE, args={"session_id": LIVE}, own=200),
    ("live:recording", "GET"): row(LOGIN, 200, 200, 200, 200, GONE, args={"session_id": LIVE}, own=200),
    ("live:changes", "GET"): row(LOGIN, 200, 200, 200, 200, GONE, args={"session_id": LIVE}, own=200),
    ("live:connections", "GET"): row(LOGIN, 200, 200, 200, 200, GONE, args={"session_id": LIVE}, own=200),
    ("live:remove-connection", "GET"): row(
        *[WRONG_METHOD] * 6, args={"session_id": LIVE, "connection_id": Ref("live_connection_id")}
    ),
    ("live:remove-connection", "POST"): row(
        LOGIN,
        LIVE_DENIED,
        Answer(404, says="already left"),
        Answer(404, says="already left"),
        Answer(404, says="already left"),
        GONE,
        args={"session_id": LIVE, "connection_id": Ref("live_connection_id")},
        own=Answer(404, says="already left"),
    ),
    ("live:notes", "GET"): row(*[WRONG_METHOD] * 6, args={"session_id": LIVE}),
    ("live:notes", "POST"): row(LOGIN, LIVE_DENIED, 302, 302, 302, GONE, args={"session_id": LIVE}, own=302),
    ("live:join", "GET"): row(200, 200, 200, 200, 200, 200, args={"token": LIVE_LINK}),
    ("live:join", "GET", "bad token"): row(*[LIVE_GONE] * 6, args={"token": BAD_TOKEN}),
    ("live:run", "GET"): row(*[WRONG_METHOD] * 6, args={"token": LIVE_LINK}),
    # Not JSON: refused before any sandbox starts (the runs themselves are tested in tests/live).
    ("live:run", "POST"): row(*[Answer(422, says="JSON")] * 6, args={"token": LIVE_LINK}, data={"command": "ls"}),
    ("live:run", "POST", "bad token"): row(*[LIVE_GONE] * 6, args={"token": BAD_TOKEN}, data={"command": "ls"}),
    ("live:service", "GET"): row(*[WRONG_METHOD] * 6, args={"token": LIVE_LINK}),
    ("live:service", "POST"): row(*[Answer(422, says="JSON")] * 6, args={"token": LIVE_LINK}, data={"action": "start"}),
    ("live:service", "POST", "bad token"): row(*[LIVE_GONE] * 6, args={"token": BAD_TOKEN}, data={"action": "start"}),
    ("live:request", "GET"): row(*[WRONG_METHOD] * 6, args={"token": LIVE_LINK}),
    ("live:request", "POST"): row(*[Answer(422, says="JSON")] * 6, args={"token": LIVE_LINK}, data={"path": "/"}),
    ("live:request", "POST", "bad token"): row(*[LIVE_GONE] * 6, args={"token": BAD_TOKEN}, data={"path": "/"}),
    # ninja's placeholder root: a 404, and under /api/ every error is problem+json (today an HTML page).
    ("api-v1:api-root", "GET"): row(*[Answer(404, problem=True)] * 6),
}

# The matrix: API operations -------------------------------------------------------------------
# Keyed by method and path under /api/v1. Callers use API keys (the outsider an owner key of its own
# organization); every GET is asked again with a signed-in session, which must answer the same.

API: dict[tuple[str, ...], Row] = {
    ("GET", "/organization"): row(UNAUTHENTICATED, 200, 200, 200, 200, 200),
    ("PATCH", "/organization"): row(
        UNAUTHENTICATED,
        refused("rename the organization"),
        refused("rename the organization"),
        200,
        200,
        200,  # renames its own organization, not the team's
        data={"name": "Renamed Hiring"},
    ),
    ("GET", "/members"): row(UNAUTHENTICATED, 200, 200, 200, 200, 200),
    ("GET", "/members/{member_id}"): row(
        UNAUTHENTICATED, 200, 200, 200, 200, MISSING, args={"member_id": MEMBER}, own=200
    ),
    ("PATCH", "/members/{member_id}"): row(
        UNAUTHENTICATED,
        refused("change roles"),
        refused("change roles"),
        200,
        200,
        MISSING,
        args={"member_id": MEMBER},
        data={"role": "reviewer"},
        own=200,
    ),
    ("DELETE", "/members/{member_id}"): row(
        UNAUTHENTICATED,
        refused("remove members"),
        refused("remove members"),
        204,
        204,
        MISSING,
        args={"member_id": MEMBER},
        own=204,
    ),
    ("GET", "/invitations"): row(UNAUTHENTICATED, 200, 200, 200, 200, 200),
    ("POST", "/invitations"): row(
        UNAUTHENTICATED,
        refused("invite teammates"),
        refused("invite teammates"),
        201,
        201,
        201,  # into its own organization
        data={"email": "new.hire@example.com", "role": "reviewer"},
    ),
    ("DELETE", "/invitations/{invitation_id}"): row(
        UNAUTHENTICATED,
        refused("cancel invitations"),
        refused("cancel invitations"),
        204,
        204,
        MISSING,
        args={"invitation_id": INVITATION},
        own=204,
    ),
    ("GET", "/api-keys"): row(UNAUTHENTICATED, 200, 200, 200, 200, 200),
    ("POST", "/api-keys"): row(
        UNAUTHENTICATED,
        refused("create API keys"),
        refused("create API keys"),
        201,
        201,
        201,  # in its own organization
        data={"name": "Greenhouse sync", "role": "viewer"},
    ),
    ("DELETE", "/api-keys/{key_id}"): row(
        UNAUTHENTICATED,
        refused("revoke API keys"),
        refused("revoke API keys"),
        200,
        200,
        MISSING,
        args={"key_id": KEY},
        own=200,
    ),
    ("GET", "/audit-log"): row(UNAUTHENTICATED, *[refused("read the audit log", "owners")] * 3, 200, 200),
    ("GET", "/assessments"): row(UNAUTHENTICATED, 200, 200, 200, 200, 200),
    ("POST", "/assessments"): row(
        UNAUTHENTICATED,
        refused("create assessments"),
        refused("create assessments"),
        201,
        201,
        201,  # in its own organization
        data={"title": "Backend engineer", "challenge": Ref("challenge"), "stacks": ["python"]},
    ),
    ("GET", "/assessments/{assessment_id}"): row(
        UNAUTHENTICATED, 200, 200, 200, 200, MISSING, args={"assessment_id": ASSESSMENT}, own=200
    ),
    ("GET", "/assessments/{assessment_id}/candidates"): row(
        UNAUTHENTICATED, 200, 200, 200, 200, MISSING, args={"assessment_id": ASSESSMENT}, own=200
    ),
    ("POST", "/assessments/{assessment_id}/candidates"): row(
        UNAUTHENTICATED,
        refused("invite candidates"),
        refused("invite candidates"),
        201,
        201,
        MISSING,
        args={"assessment_id": ASSESSMENT_ID},
        data={"name": "New Person", "email": "new.person@example.com"},
        own=201,
    ),
    ("GET", "/candidates/{candidate_id}"): row(
        UNAUTHENTICATED, 200, 200, 200, 200, MISSING, args={"candidate_id": CANDIDATE}, own=200
    ),
    ("DELETE", "/candidates/{candidate_id}"): row(
        UNAUTHENTICATED,
        refused("erase candidates"),
        refused("erase candidates"),
        204,
        204,
        MISSING,
        args={"candidate_id": CANDIDATE},
        own=204,
    ),
    # Reviews: as on the pages. A comment written with an API key has no author, so nobody edits it but
    # the matrix's comment (written by nobody in the matrix) answers every member with a 403.
    ("GET", "/submissions/{submission_id}/report"): row(
        UNAUTHENTICATED, 200, 200, 200, 200, MISSING, args={"submission_id": SUBMISSION}, own=200
    ),
    ("GET", "/submissions/{submission_id}/runs"): row(
        UNAUTHENTICATED, 200, 200, 200, 200, MISSING, args={"submission_id": SUBMISSION}, own=200
    ),
    ("GET", "/submissions/{submission_id}/runs/{number}"): row(
        UNAUTHENTICATED, 200, 200, 200, 200, MISSING, args={"submission_id": SUBMISSION, "number": RUN}, own=200
    ),
    ("POST", "/submissions/{submission_id}/regrade"): row(
        UNAUTHENTICATED,
        refused("re-grade submissions"),
        refused("re-grade submissions"),
        202,
        202,
        MISSING,
        args={"submission_id": SUBMISSION},
        own=202,
    ),
    ("GET", "/submissions/{submission_id}/files"): row(
        UNAUTHENTICATED, 200, 200, 200, 200, MISSING, args={"submission_id": SUBMISSION}, own=200
    ),
    # Without ?path= the API says which parameter is missing.
    ("GET", "/submissions/{submission_id}/file"): row(
        UNAUTHENTICATED,
        *[Answer(422, says="path", problem=True)] * 4,
        Answer(422, says="path", problem=True),
        args={"submission_id": SUBMISSION},
        own=Answer(422, says="path", problem=True),
    ),
    ("GET", "/submissions/{submission_id}/comments"): row(
        UNAUTHENTICATED, 200, 200, 200, 200, MISSING, args={"submission_id": SUBMISSION}, own=200
    ),
    ("POST", "/submissions/{submission_id}/comments"): row(
        UNAUTHENTICATED,
        refused("comment on code", "reviewers, admins and owners"),
        201,
        201,
        201,
        MISSING,
        args={"submission_id": SUBMISSION_ID},
        data={"path": "app.py", "line": 1, "body": "Why this?"},
        own=201,
    ),
    ("GET", "/comments/{comment_id}"): row(
        UNAUTHENTICATED, 200, 200, 200, 200, MISSING, args={"comment_id": COMMENT}, own=200
    ),
    ("PATCH", "/comments/{comment_id}"): row(
        UNAUTHENTICATED,
        refused("edit this comment", "reviewers, admins and owners"),
        Answer(403, says="Only the author of a comment", problem=True),
        Answer(403, says="Only the author of a comment", problem=True),
        Answer(403, says="Only the author of a comment", problem=True),
        MISSING,
        args={"comment_id": COMMENT},
        data={"body": "Edited"},
        own=Answer(403, says="Only the author of a comment", problem=True),
    ),
    ("DELETE", "/comments/{comment_id}"): row(
        UNAUTHENTICATED,
        refused("delete this comment", "reviewers, admins and owners"),
        Answer(403, says="Only the author of a comment", problem=True),
        Answer(403, says="Only the author of a comment", problem=True),
        Answer(403, says="Only the author of a comment", problem=True),
        MISSING,
        args={"comment_id": COMMENT},
        own=Answer(403, says="Only the author of a comment", problem=True),
    ),
    # Scorecards belong to team members: an API key reads them but cannot fill one (a session can).
    ("GET", "/submissions/{submission_id}/scorecards"): row(
        UNAUTHENTICATED, 200, 200, 200, 200, MISSING, args={"submission_id": SCORED_SUBMISSION}, own=200
    ),
    ("PUT", "/submissions/{submission_id}/scorecards/mine"): row(
        UNAUTHENTICATED,
        refused("fill scorecards", "reviewers, admins and owners"),
        NO_KEY_SCORECARD,
        NO_KEY_SCORECARD,
        NO_KEY_SCORECARD,
        MISSING,
        args={"submission_id": SCORED_SUBMISSION},
        data={"scores": {"api_design": 3}, "submit": False},
        own=NO_KEY_SCORECARD,
    ),
    ("GET", "/candidates/{candidate_id}/decisions"): row(
        UNAUTHENTICATED, 200, 200, 200, 200, MISSING, args={"candidate_id": CANDIDATE}, own=200
    ),
    ("POST", "/candidates/{candidate_id}/decisions"): row(
        UNAUTHENTICATED,
        refused("advance, hold or reject candidates", "reviewers, admins and owners"),
        201,
        201,
        201,
        MISSING,
        args={"candidate_id": GRADED},
        data={"outcome": "hold", "reason": "A second round first"},
        own=201,
    ),
    ("GET", "/assessments/{assessment_id}/comparison"): row(
        UNAUTHENTICATED, 200, 200, 200, 200, MISSING, args={"assessment_id": ASSESSMENT}, own=200
    ),
    ("GET", "/assessments/{assessment_id}/comparison.csv"): row(
        UNAUTHENTICATED, 200, 200, 200, 200, MISSING, args={"assessment_id": ASSESSMENT}, own=200
    ),
    # The library: shared content every member of any organization reads.
    ("GET", "/challenges"): row(UNAUTHENTICATED, 200, 200, 200, 200, 200),
    ("GET", "/challenges/{slug}"): row(UNAUTHENTICATED, 200, 200, 200, 200, 200, args={"slug": Ref("challenge")}),
    # A hiring team's own challenge, and importing one (no archive attached here: a 422 that says so).
    ("GET", "/challenges/{slug}", "a team's own"): row(
        UNAUTHENTICATED,
        200,
        200,
        200,
        200,
        Answer(404, says="no challenge", problem=True),
        args={"slug": Ref("team_challenge")},
        own=200,
    ),
    ("POST", "/challenges"): row(
        UNAUTHENTICATED,
        refused("import challenges"),
        refused("import challenges"),
        Answer(422, says="Attach the package", problem=True),
        Answer(422, says="Attach the package", problem=True),
        Answer(422, says="Attach the package", problem=True),
    ),
    ("PATCH", "/assessments/{assessment_id}"): row(
        UNAUTHENTICATED,
        refused("change assessments"),
        refused("change assessments"),
        200,
        200,
        MISSING,
        args={"assessment_id": ASSESSMENT},
        data={"title": "Senior backend engineer"},
        own=200,
    ),
    ("POST", "/assessments/{assessment_id}/archive"): row(
        UNAUTHENTICATED,
        refused("archive assessments"),
        refused("archive assessments"),
        200,
        200,
        MISSING,
        args={"assessment_id": ASSESSMENT},
        own=200,
    ),
    ("POST", "/assessments/{assessment_id}/restore"): row(
        UNAUTHENTICATED,
        refused("archive assessments"),
        refused("archive assessments"),
        200,
        200,
        MISSING,
        args={"assessment_id": ASSESSMENT_ID},
        own=200,
    ),
    ("POST", "/assessments/{assessment_id}/candidates/bulk"): row(
        UNAUTHENTICATED,
        refused("invite candidates"),
        refused("invite candidates"),
        201,
        201,
        MISSING,
        args={"assessment_id": ASSESSMENT_ID},
        data={"candidates": [{"name": "New Person", "email": "new.person@example.com"}]},
        own=201,
    ),
    ("POST", "/candidates/{candidate_id}/resend"): row(
        UNAUTHENTICATED,
        refused("resend invitations"),
        refused("resend invitations"),
        200,
        200,
        MISSING,
        args={"candidate_id": CANDIDATE_ID},
        own=200,
    ),
    ("POST", "/candidates/{candidate_id}/withdraw"): row(
        UNAUTHENTICATED,
        refused("withdraw candidates"),
        refused("withdraw candidates"),
        200,
        200,
        MISSING,
        args={"candidate_id": CANDIDATE},
        data={"reason": "The role was filled"},
        own=200,
    ),
    ("POST", "/candidates/{candidate_id}/extend"): row(
        UNAUTHENTICATED,
        refused("extend deadlines"),
        refused("extend deadlines"),
        200,
        200,
        MISSING,
        args={"candidate_id": CANDIDATE},
        data={"days": 1},
        own=200,
    ),
    ("GET", "/submissions/{submission_id}"): row(
        UNAUTHENTICATED, 200, 200, 200, 200, MISSING, args={"submission_id": SUBMISSION}, own=200
    ),
    ("GET", "/submissions/{submission_id}/snapshot"): row(
        UNAUTHENTICATED,
        refused("download submitted files"),
        refused("download submitted files"),
        200,
        200,
        MISSING,
        args={"submission_id": SUBMISSION},
        own=200,
    ),
    # Webhooks: admins and owners only; a key's secret is answered only when it is made.
    ("GET", "/webhooks"): row(UNAUTHENTICATED, refused(HOOKS), refused(HOOKS), 200, 200, 200),
    ("POST", "/webhooks"): row(
        UNAUTHENTICATED, refused(HOOKS), refused(HOOKS), 201, 201, 201, data={"url": PUBLIC_RECEIVER}
    ),
    ("GET", "/webhooks/{webhook_id}"): row(
        UNAUTHENTICATED, refused(HOOKS), refused(HOOKS), 200, 200, MISSING, args={"webhook_id": WEBHOOK}, own=200
    ),
    ("PATCH", "/webhooks/{webhook_id}"): row(
        UNAUTHENTICATED,
        refused(HOOKS),
        refused(HOOKS),
        200,
        200,
        MISSING,
        args={"webhook_id": WEBHOOK},
        data={"description": "ATS sync"},
        own=200,
    ),
    ("DELETE", "/webhooks/{webhook_id}"): row(
        UNAUTHENTICATED, refused(HOOKS), refused(HOOKS), 204, 204, MISSING, args={"webhook_id": WEBHOOK}, own=204
    ),
    ("POST", "/webhooks/{webhook_id}/rotate-secret"): row(
        UNAUTHENTICATED,
        refused(HOOKS),
        refused(HOOKS),
        200,
        200,
        MISSING,
        args={"webhook_id": WEBHOOK},
        data={"overlap_hours": 2},
        own=200,
    ),
    ("GET", "/webhooks/{webhook_id}/deliveries"): row(
        UNAUTHENTICATED, refused(HOOKS), refused(HOOKS), 200, 200, MISSING, args={"webhook_id": WEBHOOK}, own=200
    ),
    ("POST", "/webhooks/{webhook_id}/deliveries/{delivery_id}/redeliver"): row(
        UNAUTHENTICATED,
        refused(HOOKS),
        refused(HOOKS),
        202,
        202,
        MISSING,
        args={"webhook_id": DELIVERY_WEBHOOK, "delivery_id": DELIVERY},
        own=202,
    ),
}

WRITES = {"POST", "PUT", "PATCH", "DELETE"}


# Finding every route --------------------------------------------------------------------------


def url_patterns(resolver: URLResolver | None = None, prefix: str = "", namespace: str = "") -> Iterator[tuple]:
    """Every URL pattern as (route, qualified name or None, callback), through every include()."""
    for pattern in (resolver or get_resolver()).url_patterns:
        if isinstance(pattern, URLResolver):
            inner = ":".join(n for n in (namespace, pattern.namespace) if n)
            yield from url_patterns(pattern, prefix + str(pattern.pattern), inner)
        elif isinstance(pattern, URLPattern):
            name = f"{namespace}:{pattern.name}" if namespace and pattern.name else pattern.name
            yield prefix + str(pattern.pattern), name, pattern.callback


def is_api_operation(callback: Any) -> bool:
    return getattr(callback, "__module__", "").startswith("ninja.operation")


def api_path(route: str) -> str:
    """'api/v1/members/<member_id>' -> '/members/{member_id}', the API table's spelling."""
    path = "/" + route.removeprefix(API_ROOT.strip("/") + "/")
    return path.replace("<", "{").replace(">", "}").replace("{int:", "{").replace("{str:", "{")


def api_operations(the_api: NinjaAPI = api, root: str = API_ROOT) -> set[tuple[str, str]]:
    """Every (method, path) of an API, from its OpenAPI schema and from its routers (which also hold
    operations left out of the schema)."""
    found = set()
    for path, operations in the_api.get_openapi_schema(path_prefix=root).get("paths", {}).items():
        found |= {(method.upper(), path.removeprefix(root)) for method in operations}
    for prefix, router in the_api._routers:  # all of them, nested ones too, once get_openapi_schema() bound them
        for path, path_view in router.path_operations.items():
            full = "/" + "/".join(part.strip("/") for part in (prefix, path) if part.strip("/"))
            found |= {(method.upper(), full) for operation in path_view.operations for method in operation.methods}
    return found


def unlisted_routes(resolver: URLResolver) -> tuple[list[str], set[str]]:
    """Routes the matrix lacks, and matrix rows whose route is gone."""
    page_names = {key[0] for key in PAGES}
    api_paths = {key[1] for key in API}
    missing, seen = [], set()
    for route, name, callback in url_patterns(resolver):
        if is_api_operation(callback) and route.startswith(API_ROOT.strip("/") + "/"):
            key, table = api_path(route), api_paths
        else:
            key, table = name or route, page_names
        seen.add(key)
        if key not in table:
            missing.append(f"{'API path' if table is api_paths else 'page'} {key!r} (route {route!r})")
    return missing, (page_names | api_paths) - seen


def test_every_url_pattern_is_in_the_matrix() -> None:
    missing, stale = unlisted_routes(get_resolver())
    assert not missing, (
        "These routes are not in the access matrix. Add a row per method to PAGES (pages, keyed by URL name) or "
        "API (operations under /api/v1/) in tests/test_access_matrix.py saying what each caller gets:\n  "
        + "\n  ".join(missing)
    )
    assert not stale, f"The access matrix has rows for routes that no longer exist; remove them: {sorted(stale)}"


def test_every_api_operation_is_in_the_matrix() -> None:
    operations = api_operations()
    listed = {(key[0], key[1]) for key in API}  # a third part of a key names a variant of the same operation
    missing = operations - listed
    assert not missing, (
        "These API operations are not in the access matrix. Add a row to API in tests/test_access_matrix.py "
        f"saying what each caller gets: {sorted(missing)}"
    )
    stale = listed - operations
    assert not stale, f"The access matrix has rows for API operations that no longer exist: {sorted(stale)}"


def test_a_route_missing_from_the_matrix_is_found() -> None:
    """The two checks above can fail: a page and an API operation nobody listed are both reported."""

    def view(request: Any) -> HttpResponse:
        return HttpResponse()

    def report(request: Any, report_id: int) -> None:
        """A report nobody added to the matrix."""

    probe = NinjaAPI(urls_namespace="access-matrix-probe")
    probe.get("/reports/{report_id}")(report)
    routes = [*urls.urlpatterns, url_path("reports/", view, name="reports"), url_path("api/v1/probe/", probe.urls)]
    missing, stale = unlisted_routes(URLResolver(RegexPattern(r"^/"), routes))
    assert "page 'reports' (route 'reports/')" in missing, missing
    assert "API path '/probe/reports/{report_id}' (route 'api/v1/probe/reports/<report_id>')" in missing, missing
    assert not stale
    assert api_operations(probe, root="/probe") == {("GET", "/reports/{report_id}")}


# Making what a case acts on -------------------------------------------------------------------


def _fresh_invitation(organization: Organization, token: str | None = None) -> TeamInvitation:
    token = token or secrets.token_urlsafe(16)
    return TeamInvitation.objects.create(
        organization=organization,
        email=f"invitee-{secrets.token_hex(4)}@example.test",
        role=Role.REVIEWER,
        token_hash=hashlib.sha256(token.encode()).hexdigest(),
        expires_at=timezone.now() + timedelta(days=7),
    )


def make(ref: Ref, organization: Organization) -> tuple[str, Model | None]:
    """The value for ``ref`` in ``organization``, and the object it names (to check what happened to it)."""
    if ref.kind == "member":
        user = add_member(organization, Role.VIEWER)
        membership = Membership.objects.get(user=user, organization=organization)
        return str(membership.pk), membership
    if ref.kind == "invitation":
        invitation = _fresh_invitation(organization)
        return str(invitation.pk), invitation
    if ref.kind == "api_key":
        key = ApiKey.objects.create(
            organization=organization, name=f"ci-{secrets.token_hex(4)}", prefix=secrets.token_hex(6), secret_hash="0"
        )
        return str(key.pk), key
    if ref.kind == "token":
        token = secrets.token_urlsafe(16)
        return token, _fresh_invitation(organization, token)
    if ref.kind == "challenge":
        from assay.challenges.services import default_library_dir, load_library

        report = load_library(default_library_dir(), [LIBRARY_CHALLENGE])
        assert report.ok, report.refused
        return LIBRARY_CHALLENGE, None
    if ref.kind == "unknown_challenge":
        return "no-such-challenge", None
    if ref.kind == "team_challenge":
        return _team_challenge(organization)
    if ref.kind == "organization":
        return str(organization.pk), None
    if ref.kind in ASSESSMENT_MAKERS:
        return ASSESSMENT_MAKERS[ref.kind](organization)
    if ref.kind in REVIEW_MAKERS:
        return REVIEW_MAKERS[ref.kind](organization)
    if ref.kind in WEBHOOK_MAKERS:
        return WEBHOOK_MAKERS[ref.kind](organization)
    if ref.kind == "repository":
        return _repository(organization)
    if ref.kind == "unknown_repository":
        return "00000000-0000-4000-8000-000000000000", None
    if ref.kind == "bad_uid":
        return "Zm9v", None
    if ref.kind == "organization_slug":
        return organization.slug, None
    if ref.kind == "bad_token":
        return "not-a-real-token", None
    raise AssertionError(f"no maker for {ref.kind}")


def _webhook(organization: Organization) -> Any:
    from assay.integrations.models import WebhookEndpoint

    return WebhookEndpoint.objects.create(organization=organization, url=PUBLIC_RECEIVER, secret="whsec_matrix")


def _delivery_webhook(organization: Organization) -> tuple[str, None]:
    from assay.integrations.models import WebhookDelivery

    endpoint = _webhook(organization)
    WebhookDelivery.objects.create(endpoint=endpoint, event_type="candidate.invited", body="{}")
    return str(endpoint.pk), None


def _delivery(organization: Organization) -> tuple[str, None]:
    from assay.integrations.models import WebhookDelivery

    delivery = WebhookDelivery.objects.filter(endpoint__organization=organization).latest("pk")
    return str(delivery.pk), None


def _greenhouse_key(organization: Organization) -> tuple[str, Any]:
    from assay.integrations.models import GreenhouseKey

    return _with_object(GreenhouseKey.objects.create(organization=organization, name="GH", prefix=secrets.token_hex(6)))


WEBHOOK_MAKERS: dict[str, Any] = {
    "webhook": lambda org: _with_object(_webhook(org)),
    "greenhouse_key": _greenhouse_key,
    "delivery_webhook": _delivery_webhook,
    "delivery": _delivery,
}


def _repository(organization: Organization) -> tuple[str, Model]:
    from assay.repos.services import create_repository

    starter = Path(__file__).parent / "repos" / "fixtures" / "starter"
    repository = create_repository(organization, name=f"candidate {secrets.token_hex(4)}", starter=starter)
    return str(repository.public_id), repository


def _team_challenge(organization: Organization) -> tuple[str, None]:
    """The organization's own challenge, validated: the tiny-api fixture under a slug of its own."""
    import shutil
    import tempfile

    from assay.challenges.models import ChallengeVersion, Validation
    from assay.challenges.package import load_package
    from assay.challenges.services import store_package

    root = Path(tempfile.mkdtemp()) / "team-greetings"
    shutil.copytree(Path(__file__).parent / "grading" / "fixtures" / "tiny-api", root)
    toml = root / "challenge.toml"
    toml.write_text(toml.read_text().replace('"tiny-api"', '"team-greetings"'))
    store_package(load_package(root), organization=organization)
    ChallengeVersion.objects.filter(challenge__organization=organization).update(validation=Validation.PASSED)
    shutil.rmtree(root.parent)
    return "team-greetings", None


def _assessment(organization: Organization) -> Any:
    from assay.accounts.access import Actor
    from assay.assessments.services import create_assessment
    from assay.challenges.models import Challenge
    from assay.challenges.services import load_library

    if not Challenge.objects.filter(organization=None, slug="tiny-api").exists():
        assert load_library(Path(__file__).parent / "grading" / "fixtures", ["tiny-api"]).ok
    actor = Actor(organization=organization, role=Role.OWNER)
    challenge = Challenge.objects.get(organization=None, slug="tiny-api")
    return create_assessment(
        actor,
        title="Backend engineer",
        challenge=challenge,
        stacks=["python"],
        time_limit_minutes=60,
        start_window_days=7,
    )


def _candidate(organization: Organization, state: str = "") -> Any:
    from assay.accounts.access import Actor
    from assay.assessments.services import invite

    actor = Actor(organization=organization, role=Role.OWNER)
    candidate, _ = invite(
        actor, _assessment(organization), "Cara Candidate", f"cara-{secrets.token_hex(4)}@example.test"
    )
    if state:
        type(candidate).objects.filter(pk=candidate.pk).update(state=state)
    return candidate


def _open_link(organization: Organization) -> tuple[str, None]:
    from assay.accounts.access import Actor
    from assay.assessments.services import set_open_link

    assessment = set_open_link(Actor(organization=organization, role=Role.OWNER), _assessment(organization), open=True)
    return assessment.open_link_token, None


def _with_object(obj: Model) -> tuple[str, Model]:
    return str(obj.pk), obj


ASSESSMENT_MAKERS: dict[str, Any] = {
    "assessment": lambda org: _with_object(_assessment(org)),
    "assessment_id": lambda org: (str(_assessment(org).pk), None),
    "candidate": lambda org: _with_object(_candidate(org)),
    "candidate_id": lambda org: (str(_candidate(org).pk), None),
    "graded_candidate": lambda org: _with_object(_candidate(org, "graded")),
    "candidate_link": lambda org: (_link(_candidate(org)), None),
    "open_link": _open_link,
    "scored_submission": lambda org: (str(_scored_submission(org)), None),
}


def _submission(organization: Organization) -> Any:
    from tests.reviews.conftest import grade, make_submission

    return grade(make_submission(organization))


def _comment(organization: Organization) -> Any:
    from assay.reviews.models import LineComment

    submission = _submission(organization)
    return LineComment.objects.create(
        organization=organization, submission=submission, path="app.py", line=1, body="Hm"
    )


REVIEW_MAKERS: dict[str, Any] = {
    "submission": lambda org: _with_object(_submission(org)),
    "submission_id": lambda org: (str(_submission(org).pk), None),
    "run": lambda org: ("1", None),
    "comment": lambda org: _with_object(_comment(org)),
    "live_session": lambda org: _with_object(_live_session(org)),
    "live_link": lambda org: (_live_link(org), None),
    # A connection that has left: who may ask is what is checked here (removing one is in tests/live).
    "live_connection_id": lambda org: ("999999", None),
}


def _live_session(organization: Organization) -> Any:
    from assay.accounts.access import Actor
    from assay.live.services import create_from_submission

    return create_from_submission(Actor(organization=organization, role=Role.OWNER), _submission(organization))


def _live_link(organization: Organization) -> str:
    from assay.live.links import CANDIDATE, token_for

    return token_for(_live_session(organization), CANDIDATE)


def _scored_submission(organization: Organization) -> int:
    """The submission of a graded candidate (queued files are enough for a scorecard)."""
    from assay.submissions.services import create_submission, snapshot_bytes

    candidate = _candidate(organization, "graded")
    version = candidate.assessment.challenge_version
    submission = create_submission(
        organization=organization,
        challenge_version=version,
        stack="python",
        label="Cara",
        archive=snapshot_bytes(version.package().starter_dir("python")),
    )
    type(candidate).objects.filter(pk=candidate.pk).update(submission=submission)
    return submission.pk


def _link(candidate: Any) -> str:
    from assay.assessments.links import token_for

    return token_for(candidate)


def snapshot(obj: Model | None) -> dict[str, Any] | None:
    return type(obj).objects.filter(pk=obj.pk).values().first() if obj is not None else None


def team_state(team: Team) -> tuple:
    """What a write to the team's organization would change (not last_used_at, which reading updates)."""
    organization = team.organization
    return (
        Organization.objects.filter(pk=organization.pk).values_list("name", "slug").get(),
        sorted(Membership.objects.filter(organization=organization).values_list("id", "user_id", "role")),
        sorted(TeamInvitation.objects.filter(organization=organization).values_list("id", "role", "token_hash")),
        sorted(ApiKey.objects.filter(organization=organization).values_list("id", "name", "role", "revoked_at")),
    )


# Checking an answer ---------------------------------------------------------------------------


def check_problem(response: HttpResponse) -> dict[str, Any]:
    assert response["Content-Type"] == PROBLEM_JSON, f"an API error must be {PROBLEM_JSON}: {response['Content-Type']}"
    body = json.loads(response.content)
    for name in ("type", "title", "status", "detail"):
        assert body.get(name), f"a problem needs a {name!r}: {body}"
    assert body["status"] == response.status_code, body
    return body


def content(response: HttpResponse) -> bytes:
    """The body, also of a streamed response (a download), read once and kept."""
    if not getattr(response, "streaming", False):
        return response.content
    if not hasattr(response, "read_body"):
        response.read_body = b"".join(response.streaming_content)  # type: ignore[attr-defined]
    return response.read_body  # type: ignore[attr-defined]


def check(response: HttpResponse, expected: Answer, path: str, *, is_api: bool) -> None:
    body = content(response).decode(errors="replace")
    assert response.status_code != 500, f"{path} answered 500: {body[:500]}"
    assert response.status_code == expected.status, (
        f"{path}: expected {expected.status}, got {response.status_code}: {body[:300]}"
    )
    if response.get("Content-Type", "").startswith(PROBLEM_JSON) or expected.problem:
        problem = check_problem(response)
        body = problem["detail"]
    elif is_api and response.status_code >= 400:
        pytest.fail(f"{path}: an API error must be problem+json, got {response.get('Content-Type')}")
    if expected.location is not None:
        location = f"/login/?next={path}" if expected.location == LOGIN_NEXT else expected.location
        assert response["Location"] == location
    assert expected.says in body, f"{path}: the answer should say {expected.says!r}: {body[:300]}"


def _cases(table: dict[tuple, Row], *, sessions: bool = False) -> Iterator[Any]:
    for key, entry in table.items():
        actors = [*ACTORS, OWN] if entry.own is not None else list(ACTORS)
        for actor in actors:
            label = " ".join(key if table is API else (key[1], key[0], *key[2:]))
            yield pytest.param(key, actor, "key", id=f"{label} as {actor}")
            if sessions and key[0] == "GET":
                yield pytest.param(key, actor, "session", id=f"{label} as {actor} with a session")


def _reveals_team(team: Team, body: str) -> list[str]:
    secrets_of_team = [team.organization.name, *(user.email for user in team.users.values())]
    return [text for text in secrets_of_team if text in body]


def _run(team: Team, entry: Row, actor: str, client: Client, method: str, path_of: Any, *, is_api: bool) -> None:
    organization = team.other_organization if actor == OWN else team.organization
    values, objects = {}, []
    for name, ref in [*entry.args.items(), *(entry.data or {}).items()]:
        if isinstance(ref, Ref):
            values[name], obj = make(ref, organization)
            objects += [obj] if obj is not None else []
    data = {name: values.get(name, value) for name, value in (entry.data or {}).items()}
    path = path_of({name: values[name] for name in entry.args})
    before, state_before = [snapshot(obj) for obj in objects], team_state(team)

    if is_api:
        body = json.dumps(data) if data else ""
        response = client.generic(method, path, body, content_type="application/json")
    else:
        response = client.post(path, data) if method == "POST" else client.generic(method, path)

    expected = entry.own if actor == OWN else entry.answers[actor]
    check(response, expected, path, is_api=is_api)
    after = [snapshot(obj) for obj in objects]
    if expected.status >= 400 or expected.location == LOGIN_NEXT or method not in WRITES:
        assert after == before, f"{path}: answered {response.status_code} but changed {before} into {after}"
    elif objects:
        assert after != before, f"{path}: answered {response.status_code} but changed nothing"
    if actor in ("outsider", OWN) or expected.status >= 400:
        assert team_state(team) == state_before, f"{path}: {actor} changed the team's organization"
    if actor in ("anonymous", "outsider", OWN) and not entry.shows_team:
        leaked = _reveals_team(team, content(response).decode(errors="replace"))
        assert not leaked, f"{path} showed {actor} the team's data: {leaked}"


@pytest.fixture(autouse=True)
def _fast_hashing(settings: Any, tmp_path: Any) -> None:
    """The matrix is about who gets what, not about password hashing, which would dominate its runtime."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.VAR_DIR = tmp_path  # the library's stored copies land in this test's folder


@pytest.fixture
def ready(db: None) -> None:
    """A worker heartbeat, so /readyz can say ready."""
    beat("access-matrix")


@pytest.mark.parametrize(("key", "actor", "via"), list(_cases(PAGES)))
@pytest.mark.usefixtures("ready")
def test_page(team: Team, key: tuple[str, ...], actor: str, via: str) -> None:
    name, method = key[0], key[1]
    client = team.client("outsider" if actor == OWN else actor)
    _run(team, PAGES[key], actor, client, method, lambda kwargs: reverse(name, kwargs=kwargs), is_api=False)


@pytest.mark.parametrize(("key", "actor", "via"), list(_cases(API, sessions=True)))
def test_api(team: Team, key: tuple[str, ...], actor: str, via: str) -> None:
    method, path = key[0], key[1]  # a third part names a variant of the same operation
    who = "outsider" if actor == OWN else actor
    client = team.api(who) if via == "key" else team.client(who)
    _run(team, API[key], actor, client, method, lambda kwargs: API_ROOT + path.format(**kwargs), is_api=True)


# Beyond the table: the answers a role column cannot express -----------------------------------


def test_outsider_cannot_switch_into_another_organization(team: Team) -> None:
    client = team.client("outsider")
    client.post(reverse("switch-organization"), {"organization": team.organization.pk})
    assert client.get(f"{API_ROOT}/organization").json()["id"] == team.other_organization.pk


@pytest.mark.parametrize("credential", ["assay_nope_nope", "not-even-a-key", "revoked"])
def test_api_refuses_unknown_and_revoked_keys(team: Team, credential: str) -> None:
    if credential == "revoked":
        credential = team.api_key("owner")
        ApiKey.objects.filter(prefix=credential.split("_")[1]).update(revoked_at=timezone.now())
    response = Client(headers={"Authorization": f"Bearer {credential}"}).get(f"{API_ROOT}/organization")
    assert response.status_code == 401
    check_problem(response)


def test_api_says_where_a_body_is_not_json(team: Team) -> None:
    body = '{"name": "CI",\n "role": }'  # the value missing on line 2, column 10
    response = team.api("owner").generic("POST", f"{API_ROOT}/api-keys", body, content_type="application/json")
    assert response.status_code == 422, response.content
    problem = check_problem(response)
    assert problem["errors"] == {"body": ["The body is not valid JSON at line 2 column 10."]}, problem
    assert "line 2 column 10" in problem["detail"]


@pytest.mark.parametrize("path", sorted({key[1] for key in API}))
def test_api_answers_a_method_it_does_not_serve_with_a_problem(team: Team, path: str) -> None:
    served = {key[0] for key in API if key[1] == path}
    ids = (
        "member_id",
        "invitation_id",
        "key_id",
        "assessment_id",
        "candidate_id",
        "submission_id",
        "number",
        "webhook_id",
        "delivery_id",
    )
    url = API_ROOT + path.format(**dict.fromkeys(ids, 1), comment_id=1, slug="bookings-api")
    client = team.api("owner")
    for method in sorted({"GET", "POST", "PUT", "PATCH", "DELETE"} - served):
        response = client.generic(method, url, "{}", content_type="application/json")
        assert response.status_code == 405, (method, url, response.status_code)
        check_problem(response)


def test_api_answers_an_unknown_path_with_a_problem(team: Team) -> None:
    response = team.api("owner").get(f"{API_ROOT}/no-such-thing")
    assert response.status_code == 404
    check_problem(response)
