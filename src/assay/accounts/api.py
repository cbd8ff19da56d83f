"""Organization, members, teammate invitations and API keys over the REST API."""

from __future__ import annotations

from django.db.models import QuerySet
from django.http import HttpRequest
from ninja import Router
from ninja.pagination import paginate

from assay.accounts import access, services
from assay.accounts.auth import actor_of
from assay.accounts.models import ApiKey, Membership, Organization, TeamInvitation
from assay.accounts.pagination import Pagination
from assay.accounts.roles import Role
from assay.accounts.schemas import (
    ApiKeyCreated,
    ApiKeyIn,
    ApiKeyOut,
    InvitationIn,
    InvitationOut,
    MemberOut,
    MemberPatch,
    OrganizationOut,
    OrganizationPatch,
)

router = Router(tags=["organization"])


@router.get("/organization", response=OrganizationOut)
def get_organization(request: HttpRequest) -> Organization:
    """The organization the caller acts in."""
    return actor_of(request).organization


@router.patch("/organization", response=OrganizationOut)
def update_organization(request: HttpRequest, payload: OrganizationPatch) -> Organization:
    """Rename the organization (admins and owners) or set its data retention (owners)."""
    actor = actor_of(request)
    if payload.name is not None:
        services.rename_organization(actor, payload.name)
    if "retention_days" in payload.model_fields_set:
        services.set_retention(actor, payload.retention_days)
    return actor.organization


@router.get("/members", response=list[MemberOut])
@paginate(Pagination)
def list_members(request: HttpRequest) -> QuerySet[Membership]:
    """The members of the organization with their roles."""
    return access.members(actor_of(request))


@router.get("/members/{member_id}", response=MemberOut)
def get_member(request: HttpRequest, member_id: int) -> Membership:
    """One member."""
    return access.member(actor_of(request), member_id)


@router.patch("/members/{member_id}", response=MemberOut)
def update_member(request: HttpRequest, member_id: int, payload: MemberPatch) -> Membership:
    """Change a member's role (admins and owners; only owners touch owners)."""
    actor = actor_of(request)
    return services.change_role(actor, access.member(actor, member_id), payload.role)


@router.delete("/members/{member_id}", response={204: None})
def remove_member(request: HttpRequest, member_id: int) -> tuple[int, None]:
    """Remove a member from the organization."""
    actor = actor_of(request)
    services.remove_member(actor, access.member(actor, member_id))
    return 204, None


@router.get("/invitations", response=list[InvitationOut], tags=["team invitations"])
@paginate(Pagination)
def list_invitations(request: HttpRequest) -> QuerySet[TeamInvitation]:
    """Open teammate invitations."""
    return access.team_invitations(actor_of(request))


@router.post("/invitations", response={201: InvitationOut}, tags=["team invitations"])
def invite(request: HttpRequest, payload: InvitationIn) -> tuple[int, TeamInvitation]:
    """Invite a teammate by email; inviting the same address again resends the invitation."""
    return 201, services.invite_teammate(actor_of(request), payload.email, payload.role)


@router.delete("/invitations/{invitation_id}", response={204: None}, tags=["team invitations"])
def cancel_invitation(request: HttpRequest, invitation_id: int) -> tuple[int, None]:
    """Cancel an open teammate invitation."""
    actor = actor_of(request)
    services.cancel_team_invitation(actor, access.team_invitation(actor, invitation_id))
    return 204, None


@router.get("/api-keys", response=list[ApiKeyOut], tags=["api keys"])
@paginate(Pagination)
def list_api_keys(request: HttpRequest) -> QuerySet[ApiKey]:
    """The organization's API keys (never their secrets)."""
    return access.api_keys(actor_of(request))


@router.post("/api-keys", response={201: ApiKeyCreated}, tags=["api keys"])
def create_api_key(request: HttpRequest, payload: ApiKeyIn) -> tuple[int, dict[str, object]]:
    """Create an API key; the response carries its secret, shown this once."""
    key, secret = services.create_api_key(actor_of(request), payload.name, payload.role or Role.VIEWER)
    return 201, {**ApiKeyOut.from_orm(key).dict(), "key": secret}


@router.delete("/api-keys/{key_id}", response=ApiKeyOut, tags=["api keys"])
def revoke_api_key(request: HttpRequest, key_id: int) -> ApiKey:
    """Revoke an API key; requests with it fail with 401 from now on."""
    actor = actor_of(request)
    return services.revoke_api_key(actor, access.api_key(actor, key_id))
