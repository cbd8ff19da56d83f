"""Shapes of the accounts API."""

from __future__ import annotations

from datetime import datetime

from ninja import Schema
from pydantic import Field

from assay.accounts.fields import Email
from assay.accounts.roles import Role


class OrganizationOut(Schema):
    id: int
    name: str
    slug: str
    created_at: datetime
    retention_days: int | None = Field(description="Candidates are erased this many days after the decision.")


class OrganizationPatch(Schema):
    name: str | None = Field(None, min_length=1, max_length=120)
    retention_days: int | None = Field(
        None, description="Erase candidates this many days after the decision (owners); null turns it off."
    )


class MemberOut(Schema):
    id: int
    email: str
    name: str
    role: Role
    joined_at: datetime

    @staticmethod
    def resolve_email(obj: object) -> str:
        return obj.user.email  # type: ignore[attr-defined]

    @staticmethod
    def resolve_name(obj: object) -> str:
        return obj.user.name  # type: ignore[attr-defined]


class MemberPatch(Schema):
    role: Role


class InvitationIn(Schema):
    email: Email
    role: Role = Role.REVIEWER


class InvitationOut(Schema):
    id: int
    email: str
    role: Role
    created_at: datetime
    expires_at: datetime


class ApiKeyIn(Schema):
    name: str = Field(min_length=1, max_length=80)
    role: Role = Role.VIEWER


class ApiKeyOut(Schema):
    id: int
    name: str
    role: Role
    prefix: str
    created_at: datetime
    last_used_at: datetime | None
    revoked_at: datetime | None


class ApiKeyCreated(ApiKeyOut):
    key: str = Field(description="The secret. It is shown this once and cannot be recovered.")
