"""An organization's single sign-on: its settings, the round trip to the provider, and who that signs in.

The round trip is the authorization code flow with PKCE (S256), a state and a nonce, all kept in the
browser's session between the two legs. After the provider vouches for a person (``tokens.verify``), the
person is the account linked to that issuer and subject; else a new account when their email domain is
allowed to join; but never an existing password account with the same email. That one is linked only after
its owner signs in with the password (``link_pending``), so whoever controls a provider cannot take over an
account they merely name.
"""

from __future__ import annotations

import hmac
import secrets
from dataclasses import dataclass
from typing import Any

import requests
from authlib.integrations.requests_client import OAuth2Session
from django.contrib.sessions.backends.base import SessionBase
from django.db import transaction
from django.utils import timezone

from assay import crypto
from assay.accounts.access import Actor, require_role
from assay.accounts.models import Membership, Organization, SingleSignOn, SsoIdentity, User
from assay.accounts.roles import Role
from assay.accounts.sso.tokens import Identity, Refused, identity, verify
from assay.audit import events
from assay.audit.services import record
from assay.errors import InvalidInput

PURPOSE = "sso-client-secret"
SESSION_KEY = "assay.sso.pending"
LINK_KEY = "assay.sso.link"
TIMEOUT_SECONDS = 10
SCOPE = "openid email profile"
PENDING_SECONDS = 600


# Settings -------------------------------------------------------------------------------------


def of(organization: Organization) -> SingleSignOn:
    found = SingleSignOn.objects.filter(organization=organization).first()
    return found or SingleSignOn(organization=organization)


def save(
    actor: Actor,
    *,
    enabled: bool,
    issuer: str,
    client_id: str,
    client_secret: str,
    allowed_domains: list[str],
    default_role: str,
) -> SingleSignOn:
    """Owners only: single sign-on decides who becomes a member. A blank secret keeps the stored one."""
    require_role(actor, Role.OWNER, "set up single sign-on")
    problems: dict[str, list[str]] = {}
    issuer = issuer.strip().rstrip("/")
    if not issuer.startswith(("https://", "http://")):
        problems["issuer"] = ["The issuer is the provider's https:// address (as in its discovery document)."]
    if enabled and not client_id.strip():
        problems["client_id"] = ["Give the client id the provider issued for Assay."]
    domains = sorted({d.strip().lower().lstrip("@") for d in allowed_domains if d.strip()})
    if any("." not in d or "@" in d or "/" in d for d in domains):
        problems["allowed_domains"] = ["Give domains such as example.com, one per line."]
    if default_role not in (Role.VIEWER, Role.REVIEWER, Role.ADMIN):
        problems["default_role"] = ["New members join as viewer, reviewer or admin, never as owner."]
    if problems:
        raise InvalidInput("Check the single sign-on settings.", fields=problems)
    sso = of(actor.organization)
    sso.enabled, sso.issuer, sso.client_id = enabled, issuer, client_id.strip()
    if client_secret:
        sso.client_secret_encrypted = crypto.encrypt(PURPOSE, client_secret)
    sso.allowed_domains, sso.default_role, sso.updated_at = domains, default_role, timezone.now()
    sso.save()
    state = "on" if enabled else "off"
    record(actor, events.SETTINGS, target=actor.organization, summary=f"Single sign-on {state}, issuer {issuer}")
    return sso


def enabled_for(organization_slug: str) -> SingleSignOn | None:
    return (
        SingleSignOn.objects.select_related("organization")
        .filter(organization__slug=organization_slug, enabled=True)
        .first()
    )


def enabled_for_email(email: str) -> SingleSignOn | None:
    """The organization whose single sign-on lets this email's domain in (the first, if several do)."""
    domain = email.strip().lower().rpartition("@")[2]
    if not domain:
        return None
    for sso in SingleSignOn.objects.select_related("organization").filter(enabled=True):
        if domain in sso.allowed_domains:
            return sso
    return None


# The round trip -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Provider:
    authorization_endpoint: str
    token_endpoint: str
    jwks_uri: str
    userinfo_endpoint: str = ""


def _get_json(url: str, access_token: str = "") -> dict[str, Any]:
    headers = {"Authorization": f"Bearer {access_token}"} if access_token else {}
    try:
        with requests.Session() as http:
            http.trust_env = False  # no proxy from the environment decides where sign-ins go
            response = http.get(url, timeout=TIMEOUT_SECONDS, allow_redirects=False, headers=headers)
        response.raise_for_status()
        answer = response.json()
    except (requests.RequestException, ValueError) as error:
        raise Refused(f"The sign-in provider could not be reached ({type(error).__name__}); try again later.") from None
    if not isinstance(answer, dict):
        raise Refused("The sign-in provider answered something other than a JSON object.")
    return answer


def discover(sso: SingleSignOn) -> Provider:
    found = _get_json(f"{sso.issuer}/.well-known/openid-configuration")
    if found.get("issuer") != sso.issuer:
        raise Refused(f"The provider calls itself {found.get('issuer')!r}, not the configured issuer {sso.issuer!r}.")
    try:
        return Provider(
            authorization_endpoint=str(found["authorization_endpoint"]),
            token_endpoint=str(found["token_endpoint"]),
            jwks_uri=str(found["jwks_uri"]),
            userinfo_endpoint=str(found.get("userinfo_endpoint") or ""),
        )
    except KeyError as missing:
        raise Refused(f"The provider's discovery document has no {missing.args[0]}.") from None


def _client(sso: SingleSignOn, redirect_uri: str) -> OAuth2Session:
    client = OAuth2Session(
        sso.client_id,
        crypto.decrypt(PURPOSE, sso.client_secret_encrypted) or None,
        scope=SCOPE,
        redirect_uri=redirect_uri,
        code_challenge_method="S256",
    )
    client.trust_env = False
    return client


def begin(sso: SingleSignOn, session: SessionBase, redirect_uri: str) -> str:
    """The provider's sign-in address for this organization; what the callback must match stays in the session."""
    provider = discover(sso)
    pending = {
        "organization_id": sso.organization_id,
        "state": secrets.token_urlsafe(32),
        "nonce": secrets.token_urlsafe(32),
        "verifier": secrets.token_urlsafe(64),
        "started": timezone.now().timestamp(),
    }
    url, _ = _client(sso, redirect_uri).create_authorization_url(
        provider.authorization_endpoint,
        state=pending["state"],
        code_verifier=pending["verifier"],
        nonce=pending["nonce"],
    )
    session[SESSION_KEY] = pending
    return str(url)


def finish(session: SessionBase, params: dict[str, str], redirect_uri: str) -> tuple[SingleSignOn, Identity]:
    """Check the provider's answer against the session, exchange the code and verify the ID token."""
    pending = session.pop(SESSION_KEY, None)
    if not isinstance(pending, dict) or timezone.now().timestamp() - pending.get("started", 0) > PENDING_SECONDS:
        raise Refused("This sign-in was not started here or took too long; start again.")
    if not hmac.compare_digest(str(params.get("state", "")), str(pending["state"])):
        raise Refused("The provider's answer does not belong to this sign-in (its state differs); start again.")
    if params.get("error"):
        said = str(params.get("error_description") or params["error"])[:200]
        raise Refused(f"The sign-in provider refused: {said}")
    sso = (
        SingleSignOn.objects.select_related("organization")
        .filter(organization_id=pending["organization_id"], enabled=True)
        .first()
    )
    if sso is None:
        raise Refused("Single sign-on is no longer switched on for this organization.")
    provider = discover(sso)
    try:
        token = _client(sso, redirect_uri).fetch_token(
            provider.token_endpoint,
            grant_type="authorization_code",
            code=params.get("code", ""),
            code_verifier=pending["verifier"],
            timeout=TIMEOUT_SECONDS,
        )
    except Exception as error:  # noqa: BLE001 - any failure of the exchange is a refused sign-in, said once
        raise Refused(f"The provider did not exchange the code ({type(error).__name__}); start again.") from None
    if "id_token" not in token:
        raise Refused("The provider returned no ID token; allow the 'openid' scope for Assay.")
    keys = _get_json(provider.jwks_uri)
    claims = verify(token["id_token"], keys, issuer=sso.issuer, client_id=sso.client_id, nonce=pending["nonce"])
    if "email" not in claims and provider.userinfo_endpoint and token.get("access_token"):
        # Many providers keep the email out of the ID token; their userinfo answers it for the same subject.
        about = _get_json(provider.userinfo_endpoint, access_token=str(token["access_token"]))
        if about.get("sub") != claims["sub"]:
            raise Refused("The provider's userinfo describes another person than its ID token.")
        claims |= {name: about[name] for name in ("email", "email_verified", "name") if name in about}
    return sso, identity(sso.issuer, claims)


# Who that is ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Outcome:
    user: User | None  # signed in when set
    link_email: str = ""  # else: an account with this email exists and must confirm with its password first


@transaction.atomic
def account_for(sso: SingleSignOn, identity: Identity) -> Outcome:
    linked = SsoIdentity.objects.select_related("user").filter(issuer=identity.issuer, subject=identity.subject).first()
    if linked is not None:
        _ensure_member(sso, linked.user, identity)
        return Outcome(linked.user)
    existing = User.objects.filter(email__iexact=identity.email).first()
    if existing is not None:
        return Outcome(None, link_email=existing.email)
    _require_allowed_domain(sso, identity)
    user = User.objects.create_user(email=identity.email, password=None, name=identity.name[:150])
    SsoIdentity.objects.create(user=user, issuer=identity.issuer, subject=identity.subject)
    Membership.objects.create(user=user, organization=sso.organization, role=sso.default_role)
    return Outcome(user)


def _require_allowed_domain(sso: SingleSignOn, identity: Identity) -> None:
    if identity.email.rpartition("@")[2] not in sso.allowed_domains:
        raise Refused(f"{identity.email} is not a member of {sso.organization.name}; ask an owner to invite you.")


def _ensure_member(sso: SingleSignOn, user: User, identity: Identity) -> None:
    if not user.is_active:
        raise Refused("This account is switched off; ask an owner of the organization.")
    if not Membership.objects.filter(user=user, organization=sso.organization).exists():
        _require_allowed_domain(sso, identity)
        Membership.objects.create(user=user, organization=sso.organization, role=sso.default_role)


def remember_link(session: SessionBase, sso: SingleSignOn, identity: Identity) -> None:
    session[LINK_KEY] = {
        "organization_id": sso.organization_id,
        "issuer": identity.issuer,
        "subject": identity.subject,
        "email": identity.email,
        "started": timezone.now().timestamp(),
    }


@transaction.atomic
def link_pending(session: SessionBase, user: User) -> bool:
    """After a password sign-in: link the provider's identity that named this account, if one waits."""
    pending = session.pop(LINK_KEY, None)
    if not isinstance(pending, dict) or pending.get("email") != user.email.lower():
        return False
    if timezone.now().timestamp() - pending.get("started", 0) > PENDING_SECONDS:
        return False
    SsoIdentity.objects.get_or_create(issuer=pending["issuer"], subject=pending["subject"], defaults={"user": user})
    return True
