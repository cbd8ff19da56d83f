"""Accounts domain logic. Views and API routes call these; none of them commits on its own."""

from __future__ import annotations

import hashlib
import hmac
import secrets
from datetime import timedelta

from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

from assay.accounts import access
from assay.accounts.access import Actor, require_role
from assay.accounts.models import ApiKey, Membership, Organization, SignInThrottle, TeamInvitation, User
from assay.accounts.roles import Role
from assay.audit import events
from assay.audit.services import record, record_sign_in
from assay.errors import Conflict, InvalidInput, NotFound, PermissionDenied, TooManyAttempts
from assay.notifications.services import send_email

API_KEY_PREFIX = "assay_"
TEAM_INVITATION_DAYS = 7
# Writing last_used_at on every request would turn every API read into a write.
LAST_USED_RESOLUTION = timedelta(minutes=1)


def _digest(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def new_key_secret() -> tuple[str, str, str]:
    """A key's public prefix, its secret (shown once) and the secret's digest (the only part stored)."""
    secret = secrets.token_urlsafe(32)
    return secrets.token_hex(6), secret, _digest(secret)


def secret_matches(digest: str, secret: str) -> bool:
    return hmac.compare_digest(digest, _digest(secret))


# Organizations -------------------------------------------------------------------------------


def create_organization(name: str, owner: User) -> Organization:
    name = name.strip()
    if not name:
        raise InvalidInput("An organization needs a name.", fields={"name": ["This field is required."]})
    base = slugify(name)[:50] or "team"
    slug, n = base, 1
    while Organization.objects.filter(slug=slug).exists():
        n += 1
        slug = f"{base}-{n}"
    organization = Organization.objects.create(name=name, slug=slug)
    Membership.objects.create(user=owner, organization=organization, role=Role.OWNER)
    return organization


def create_organization_with_owner(name: str, owner_email: str) -> tuple[Organization, str | None]:
    """An operator's new organization, owned by ``owner_email``: the account is created when it has none,
    and its one-time password returned (None when the owner already had an account)."""
    email = owner_email.strip().lower()
    try:
        validate_email(email)
    except ValidationError:
        raise InvalidInput(f"{email!r} is not an email address.", fields={"owner_email": ["Not an email."]}) from None
    owner = User.objects.filter(email=email).first()
    password = None
    if owner is None:
        password = secrets.token_urlsafe(12)
        owner = User.objects.create_user(email, password)
    organization = create_organization(name, owner)
    record(None, events.ORGANIZATION_CREATED, target=organization, organization_id=organization.pk)
    return organization, password


def organizations_overview() -> list[tuple[Organization, int, list[str]]]:
    """Every organization with its member count and its owners' emails (for the operator)."""
    rows = []
    for organization in Organization.objects.order_by("pk"):
        memberships = Membership.objects.filter(organization=organization).select_related("user")
        owners = [m.user.email for m in memberships if m.role == Role.OWNER]
        rows.append((organization, len(memberships), owners))
    return rows


def rename_organization(actor: Actor, name: str) -> Organization:
    require_role(actor, Role.ADMIN, "rename the organization")
    name = name.strip()
    if not name or len(name) > 120:
        raise InvalidInput(
            "Give the organization a name of 1 to 120 characters.", fields={"name": ["1-120 characters."]}
        )
    organization = actor.organization
    organization.name = name
    organization.save(update_fields=["name"])
    record(actor, events.SETTINGS, target=organization, summary=f"Renamed the organization to {name}")
    return organization


MAX_RETENTION_DAYS = 3650


def set_retention(actor: Actor, days: int | None) -> Organization:
    """Erase candidates ``days`` after the decision on them (housekeeping does it); None turns it off."""
    require_role(actor, Role.OWNER, "change data retention")
    if days is not None and not 1 <= days <= MAX_RETENTION_DAYS:
        problem = f"1 to {MAX_RETENTION_DAYS} days, or empty to keep candidates until erased by hand."
        raise InvalidInput(f"Retention is {problem}", fields={"retention_days": [problem]})
    organization = actor.organization
    organization.retention_days = days
    organization.save(update_fields=["retention_days"])
    summary = f"Candidates erased {days} days after the decision" if days else "Retention turned off"
    record(actor, events.SETTINGS, target=organization, summary=summary)
    return organization


# Sign-in throttling ---------------------------------------------------------------------------


def check_sign_in_allowed(email: str) -> None:
    """Raise TooManyAttempts while this email address is locked after repeated failures."""
    throttle = SignInThrottle.objects.filter(email=email.strip().lower()).first()
    if throttle and throttle.locked_until and throttle.locked_until > timezone.now():
        minutes = max(1, round((throttle.locked_until - timezone.now()).total_seconds() / 60))
        raise TooManyAttempts(
            f"Too many failed sign-in attempts for this account. Try again in {minutes} minute"
            f"{'s' if minutes != 1 else ''}, or reset your password."
        )


def record_sign_in_success(user: User) -> None:
    organization_ids = Membership.objects.filter(user=user).values_list("organization_id", flat=True)
    record_sign_in(user.email, user, organization_ids, succeeded=True)


def record_sign_in_refused(email: str) -> None:
    """An attempt on a locked account: a failure for the audit log, without counting towards the lock."""
    email = email.strip().lower()
    user = User.objects.filter(email=email).first()
    organization_ids = Membership.objects.filter(user=user).values_list("organization_id", flat=True) if user else []
    record_sign_in(email, user, organization_ids, succeeded=False)


def record_sign_in_failure(email: str) -> None:
    record_sign_in_refused(email)
    now = timezone.now()
    window = timedelta(seconds=settings.ASSAY_LOGIN_LOCKOUT_SECONDS)
    throttle, _ = SignInThrottle.objects.select_for_update().get_or_create(email=email.strip().lower())
    if now - throttle.first_failure_at > window:
        throttle.failures, throttle.first_failure_at, throttle.locked_until = 0, now, None
    throttle.failures += 1
    if throttle.failures >= settings.ASSAY_LOGIN_MAX_FAILURES:
        throttle.locked_until = now + window
    throttle.save()


def clear_sign_in_failures(email: str) -> None:
    SignInThrottle.objects.filter(email=email.strip().lower()).delete()


# Team ----------------------------------------------------------------------------------------


def _assignable(actor: Actor, role: str) -> Role:
    try:
        wanted = Role(role)
    except ValueError:
        choices = ", ".join(r.value for r in Role)
        raise InvalidInput(
            f"Unknown role {role!r}; choose one of {choices}.", fields={"role": [f"One of {choices}."]}
        ) from None
    if not actor.can(wanted):
        raise PermissionDenied(f"You cannot give the role {wanted.label.lower()}, which is above your own.")
    return wanted


def invite_teammate(actor: Actor, email: str, role: str) -> TeamInvitation:
    """Invite someone by email. Inviting the same address again resends the open invitation."""
    require_role(actor, Role.ADMIN, "invite teammates")
    email = email.strip().lower()
    try:
        validate_email(email)
    except ValidationError:
        raise InvalidInput(
            f"{email!r} is not an email address.", fields={"email": ["Enter a valid email address."]}
        ) from None
    wanted = _assignable(actor, role)
    if access.members(actor).filter(user__email=email).exists():
        raise Conflict(f"{email} is already a member of {actor.organization.name}.")
    token = secrets.token_urlsafe(32)
    invitation = access.team_invitations(actor).filter(email=email).first() or TeamInvitation(
        organization=actor.organization, email=email
    )
    invitation.role = wanted
    invitation.token_hash = _digest(token)
    invitation.invited_by = actor.user
    invitation.expires_at = timezone.now() + timedelta(days=TEAM_INVITATION_DAYS)
    invitation.save()
    record(actor, events.TEAM_INVITATION, target=invitation, summary=f"Invited {email} as {wanted.label.lower()}")
    send_email(
        to=email,
        template="accounts/email/team_invitation",
        context={
            "organization": actor.organization,
            "inviter": actor.label,
            "role": wanted.label,
            "url": f"{settings.SITE_URL}/join/{token}/",
            "days": TEAM_INVITATION_DAYS,
        },
        organization_id=actor.organization.pk,
    )
    return invitation


def open_team_invitation(token: str) -> TeamInvitation:
    invitation = TeamInvitation.objects.select_related("organization").filter(token_hash=_digest(token)).first()
    if invitation is None or not invitation.is_open:
        raise NotFound("This invitation link is not valid any more. Ask your team for a new one.")
    return invitation


@transaction.atomic
def accept_team_invitation(token: str, user: User | None, *, name: str = "", password: str = "") -> User:
    """Join the invitation's organization, creating the account when the email has none yet."""
    invitation = open_team_invitation(token)
    if user is None:
        user = User.objects.filter(email=invitation.email).first()
        if user is None:
            user = User(email=invitation.email, name=name.strip())
            try:
                validate_password(password, user)
            except ValidationError as error:
                raise InvalidInput("Choose a stronger password.", fields={"password": list(error.messages)}) from None
            user.set_password(password)
            user.save()
        elif not user.check_password(password):
            raise InvalidInput("That is not the password of this account.", fields={"password": ["Wrong password."]})
    elif user.email != invitation.email:
        raise PermissionDenied(f"This invitation is for {invitation.email}; you are signed in as {user.email}.")
    Membership.objects.get_or_create(
        user=user, organization=invitation.organization, defaults={"role": invitation.role}
    )
    invitation.accepted_at = timezone.now()
    invitation.save(update_fields=["accepted_at"])
    return user


def cancel_team_invitation(actor: Actor, invitation: TeamInvitation) -> None:
    require_role(actor, Role.ADMIN, "cancel invitations")
    invitation.delete()


def _owners_left_without(membership: Membership) -> int:
    return (
        Membership.objects.filter(organization=membership.organization, role=Role.OWNER)
        .exclude(pk=membership.pk)
        .count()
    )


def change_role(actor: Actor, membership: Membership, role: str) -> Membership:
    require_role(actor, Role.ADMIN, "change roles")
    wanted = _assignable(actor, role)
    if membership.role == Role.OWNER and not actor.can(Role.OWNER):
        raise PermissionDenied("Only owners can change the role of an owner.")
    if membership.role == Role.OWNER and wanted != Role.OWNER and _owners_left_without(membership) == 0:
        raise Conflict("An organization needs at least one owner; make someone else an owner first.")
    membership.role = wanted
    membership.save(update_fields=["role"])
    return membership


def remove_member(actor: Actor, membership: Membership) -> None:
    require_role(actor, Role.ADMIN, "remove members")
    if membership.role == Role.OWNER and not actor.can(Role.OWNER):
        raise PermissionDenied("Only owners can remove an owner.")
    if membership.role == Role.OWNER and _owners_left_without(membership) == 0:
        raise Conflict("An organization needs at least one owner; make someone else an owner first.")
    membership.delete()


# API keys ------------------------------------------------------------------------------------


def create_api_key(actor: Actor, name: str, role: str = Role.VIEWER) -> tuple[ApiKey, str]:
    """Create a key and return it with its plaintext, which is never available again."""
    require_role(actor, Role.ADMIN, "create API keys")
    name = name.strip()
    if not name or len(name) > 80:
        raise InvalidInput(
            "Name the key (1 to 80 characters) so you know where it is used.", fields={"name": ["1-80 characters."]}
        )
    wanted = _assignable(actor, role)
    if access.api_keys(actor).filter(name=name, revoked_at__isnull=True).exists():
        raise Conflict(f"An active key named {name!r} already exists; pick another name or revoke it first.")
    prefix, secret, digest = new_key_secret()
    key = ApiKey.objects.create(
        organization=actor.organization,
        name=name,
        role=wanted,
        prefix=prefix,
        secret_hash=digest,
        created_by=actor.user,
    )
    record(actor, events.API_KEY_CREATED, target=key, summary=f"Key {name!r} ({wanted.label.lower()})")
    return key, f"{API_KEY_PREFIX}{prefix}_{secret}"


def revoke_api_key(actor: Actor, key: ApiKey) -> ApiKey:
    require_role(actor, Role.ADMIN, "revoke API keys")
    if key.revoked_at is None:
        key.revoked_at = timezone.now()
        key.save(update_fields=["revoked_at"])
        record(actor, events.API_KEY_REVOKED, target=key, summary=f"Key {key.name!r}")
    return key


def actor_for_api_key(plaintext: str) -> Actor | None:
    """The actor an API key stands for, or None when it is malformed, unknown or revoked."""
    if not plaintext.startswith(API_KEY_PREFIX):
        return None
    prefix, _, secret = plaintext.removeprefix(API_KEY_PREFIX).partition("_")
    key = ApiKey.objects.select_related("organization").filter(prefix=prefix, revoked_at__isnull=True).first()
    if key is None or not secret_matches(key.secret_hash, secret):
        return None
    now = timezone.now()
    if key.last_used_at is None or now - key.last_used_at > LAST_USED_RESOLUTION:
        ApiKey.objects.filter(pk=key.pk).update(last_used_at=now)
        key.last_used_at = now
    return Actor(organization=key.organization, role=Role(key.role), api_key=key)
