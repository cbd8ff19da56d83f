"""The candidate's link: a signed token naming one Candidate row.

The signature proves the link came from us; whether it still works is the row's business (the start
window, a withdrawal), so extending a deadline needs no new link and a withdrawn link stops at once.
"""

from __future__ import annotations

from django.conf import settings
from django.core import signing

from assay.assessments.models import Candidate
from assay.errors import NotFound

SALT = "assay.assessments.candidate-link"
TAMPERED = "This link is not valid. Check that you copied all of it from the invitation email."


def token_for(candidate: Candidate) -> str:
    # No timestamp in it: a resent invitation carries the very link the first one did.
    return signing.Signer(salt=SALT).sign_object(candidate.public_id.hex)


def url_for(candidate: Candidate) -> str:
    return f"{settings.SITE_URL}/c/{token_for(candidate)}/"


def candidate_for(token: str) -> Candidate:
    """The candidate a link names; NotFound when the link was altered or names nobody."""
    try:
        # Links sent before they were made stable carry a timestamp (value:time:signature); they still work.
        older = token.count(":") == 2
        public_id = signing.loads(token, salt=SALT) if older else signing.Signer(salt=SALT).unsign_object(token)
    except (signing.BadSignature, ValueError):
        raise NotFound(TAMPERED) from None
    candidate = (
        Candidate.objects.select_related("assessment__challenge_version__challenge", "assessment__organization")
        .filter(public_id=public_id)
        .first()
    )
    if candidate is None:
        raise NotFound(TAMPERED)
    return candidate
