"""Who may see and do what. Every view and API route asks here; nothing filters by organization inline.

An ``Actor`` is a signed-in team member acting in one organization, or an API
key of that organization. Objects of another organization are simply absent
from the querysets below, so asking for one is a 404, never a 403.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TypeVar

from django.core.exceptions import ObjectDoesNotExist
from django.db.models import Model, QuerySet

from assay.accounts.models import ApiKey, Membership, Organization, TeamInvitation, User
from assay.accounts.roles import Role
from assay.errors import NotFound, PermissionDenied

M = TypeVar("M", bound=Model)


@dataclass(frozen=True)
class Actor:
    organization: Organization
    role: Role
    user: User | None = None
    api_key: ApiKey | None = None
    via: str = ""  # an integration acting for the organization (e.g. "Greenhouse"), named in its records

    @property
    def label(self) -> str:
        if self.via:
            return self.via
        if self.api_key is not None:
            return f"API key {self.api_key.name}"
        return self.user.email if self.user else "unknown"

    def can(self, minimum: Role) -> bool:
        return self.role.at_least(minimum)


_ROLE_NEEDED = {
    Role.REVIEWER: "reviewers, admins and owners",
    Role.ADMIN: "admins and owners",
    Role.OWNER: "owners",
}


def require_role(actor: Actor, minimum: Role, action: str) -> None:
    """Raise PermissionDenied, naming who may do ``action``, unless the actor's role suffices."""
    if not actor.can(minimum):
        raise PermissionDenied(f"Only {_ROLE_NEEDED[minimum]} can {action}; your role is {actor.role.label.lower()}.")


def memberships_of(user: User) -> QuerySet[Membership]:
    return Membership.objects.filter(user=user, user__is_active=True).select_related("organization")


def actor_for_user(user: User, organization_id: int | None) -> Actor | None:
    """The actor for a signed-in user in the given organization, or their first one."""
    memberships = memberships_of(user)
    membership = memberships.filter(organization_id=organization_id).first() if organization_id else None
    membership = membership or memberships.first()
    if membership is None:
        return None
    return Actor(organization=membership.organization, role=Role(membership.role), user=user)


def members(actor: Actor) -> QuerySet[Membership]:
    return Membership.objects.filter(organization=actor.organization).select_related("user")


def member(actor: Actor, membership_id: int) -> Membership:
    return _one(members(actor), membership_id, "member")


def team_invitations(actor: Actor) -> QuerySet[TeamInvitation]:
    return TeamInvitation.objects.filter(organization=actor.organization, accepted_at__isnull=True)


def team_invitation(actor: Actor, invitation_id: int) -> TeamInvitation:
    return _one(team_invitations(actor), invitation_id, "invitation")


def api_keys(actor: Actor) -> QuerySet[ApiKey]:
    return ApiKey.objects.filter(organization=actor.organization)


def api_key(actor: Actor, key_id: int) -> ApiKey:
    return _one(api_keys(actor), key_id, "API key")


def _one(queryset: QuerySet[M], pk: int, noun: str) -> M:
    try:
        return queryset.get(pk=pk)
    except ObjectDoesNotExist:
        raise NotFound(f"No {noun} with id {pk} in this organization.") from None
