"""Signed links and room tokens: what lets a browser into one session's room, and as whom.

A token names one session, a role (interviewer or candidate) and the session's link nonce; it is signed
with the secret key, so it cannot be made for another room. It is refused once the session has ended or
expired, and a candidate token is refused once the interviewer has revoked the links (a new nonce).
"""

from __future__ import annotations

from django.core import signing
from django.urls import reverse
from django.utils import timezone

from assay.errors import NotFound
from assay.live.models import LiveSession

SALT = "assay.live.room"
INTERVIEWER, CANDIDATE = "interviewer", "candidate"
GONE = "This live session link is not valid any more: it has expired, ended or been replaced."


def token_for(session: LiveSession, role: str) -> str:
    return signing.dumps({"s": session.pk, "r": role, "n": session.link_nonce}, salt=SALT)


def candidate_url(session: LiveSession) -> str:
    return reverse("live:join", kwargs={"token": token_for(session, CANDIDATE)})


def open_session(token: str, session_id: int | None = None) -> tuple[LiveSession, str]:
    """The open session and role a token admits to; NotFound for anything else (a bad, old or foreign token)."""
    try:
        claims = signing.loads(token, salt=SALT)
    except signing.BadSignature:
        raise NotFound(GONE) from None
    if not isinstance(claims, dict) or not isinstance(claims.get("s"), int):
        raise NotFound(GONE)
    if session_id is not None and claims["s"] != session_id:
        raise NotFound(GONE)
    found = LiveSession.objects.filter(pk=claims["s"], ended_at__isnull=True, expires_at__gt=timezone.now()).first()
    if found is None or claims.get("r") not in (INTERVIEWER, CANDIDATE) or claims.get("n") != found.link_nonce:
        raise NotFound(GONE)
    return found, claims["r"]
