"""Who may reach a repository: team members through their organization, git clients through its credentials."""

from __future__ import annotations

import base64
import binascii
import uuid

from django.db.models import QuerySet

from assay.accounts.access import Actor
from assay.errors import NotFound
from assay.repos.models import Repository
from assay.repos.services import credentials_match


def repositories(actor: Actor) -> QuerySet[Repository]:
    return Repository.objects.filter(organization=actor.organization)


def repository(actor: Actor, public_id: uuid.UUID) -> Repository:
    try:
        return repositories(actor).get(public_id=public_id)
    except Repository.DoesNotExist:
        raise NotFound("No such repository in this organization.") from None


def repository_for_git(public_id: uuid.UUID, authorization: str) -> Repository | None:
    """The repository a git client may use with this Authorization header, or None.

    The password is checked before the database is asked, so an unknown repository and a wrong password
    cost the same and answer the same: a credential only ever opens the repository it was made for.
    """
    scheme, _, encoded = authorization.partition(" ")
    if scheme.lower() != "basic":
        return None
    try:
        username, _, password = base64.b64decode(encoded.strip(), validate=True).decode().partition(":")
    except (binascii.Error, UnicodeDecodeError):
        return None
    if not credentials_match(public_id, username, password):
        return None
    return Repository.objects.filter(public_id=public_id).first()
