"""Checking the ID token an OpenID provider returned: every refusal named, none of them left to the provider.

The signature must verify against the provider's published keys; ``iss`` must be the configured issuer,
``aud`` must hold our client id (and ``azp`` name us when there are several audiences), ``exp`` must not be past
and ``iat`` not in the future (a minute of clock skew allowed), ``nonce`` must be the one this sign-in sent, and
the provider must vouch for the email (``email_verified`` exactly true, in the token or from the userinfo
endpoint for the same subject).
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import Any, cast

from joserfc import jwt
from joserfc.errors import BadSignatureError, DecodeError, JoseError
from joserfc.jwk import KeySet

from assay.errors import NotAuthenticated

ALGORITHMS = ["RS256", "RS384", "RS512", "PS256", "ES256", "ES384", "EdDSA"]
LEEWAY_SECONDS = 60


class Refused(NotAuthenticated):
    """A single sign-on that must not sign anyone in; the detail says why, for the person and the log."""


@dataclass(frozen=True)
class Identity:
    issuer: str
    subject: str
    email: str
    name: str


def verify(id_token: str, jwks: dict[str, Any], *, issuer: str, client_id: str, nonce: str) -> dict[str, Any]:
    """The ID token's claims once its signature and every claim about this sign-in check out."""
    try:
        keys = KeySet.import_key_set(cast(Any, jwks))
    except (JoseError, ValueError, KeyError, TypeError):
        raise Refused("The provider's published keys could not be read.") from None
    try:
        token = jwt.decode(id_token, keys, algorithms=ALGORITHMS)
    except BadSignatureError:
        raise Refused("The ID token's signature does not verify with the provider's keys.") from None
    except (DecodeError, JoseError, ValueError) as error:
        raise Refused(f"The ID token could not be read ({type(error).__name__}).") from None
    claims = dict(token.claims)
    _check_claims(claims, issuer=issuer, client_id=client_id, nonce=nonce)
    return claims


def identity(issuer: str, claims: dict[str, Any]) -> Identity:
    """Who the provider vouches for; only an email it has verified names an Assay account."""
    email = claims.get("email")
    if not isinstance(email, str) or "@" not in email:
        raise Refused("The provider sent no email address; allow the 'email' scope for Assay.")
    if claims.get("email_verified") is not True:
        raise Refused(f"The provider has not verified {email}; verify it there, then sign in again.")
    return Identity(issuer=issuer, subject=str(claims["sub"]), email=email.lower(), name=str(claims.get("name") or ""))


def _check_claims(claims: dict[str, Any], *, issuer: str, client_id: str, nonce: str) -> None:
    if claims.get("iss") != issuer:
        raise Refused(f"The ID token comes from {claims.get('iss')!r}, not the configured issuer {issuer!r}.")
    audience = claims.get("aud")
    audiences = audience if isinstance(audience, list) else [audience]
    if client_id not in audiences or (len(audiences) > 1 and claims.get("azp") != client_id):
        raise Refused("The ID token was issued for another application (its audience is not Assay's client).")
    now = time.time()
    expires, issued = claims.get("exp"), claims.get("iat")
    if not isinstance(expires, int | float) or expires + LEEWAY_SECONDS < now:
        raise Refused("The ID token has expired; sign in again.")
    if not isinstance(issued, int | float) or issued - LEEWAY_SECONDS > now:
        raise Refused("The ID token was issued in the future; check the provider's clock.")
    if not nonce or claims.get("nonce") != nonce:
        raise Refused("The ID token does not answer this sign-in (its nonce differs); start again.")
    if not claims.get("sub"):
        raise Refused("The ID token names no subject.")
