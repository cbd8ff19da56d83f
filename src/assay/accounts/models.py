"""Users, organizations, memberships, teammate invitations, API keys, sign-in throttling."""

from __future__ import annotations

from typing import Any, ClassVar

from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.db import models
from django.db.models.functions import Lower
from django.utils import timezone

from assay.accounts.roles import Role


class UserManager(BaseUserManager["User"]):
    def create_user(self, email: str, password: str | None = None, **extra: Any) -> User:
        user = self.model(email=self.normalize_email(email).lower(), **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_superuser(self, email: str, password: str | None = None, **extra: Any) -> User:
        return self.create_user(email, password, is_staff=True, is_superuser=True, **extra)


class User(AbstractBaseUser, PermissionsMixin):
    """A member of a hiring team. Signs in with an email address; candidates never have one."""

    email = models.EmailField(unique=True)
    name = models.CharField(max_length=150, blank=True)
    is_active = models.BooleanField(default=True)
    is_staff = models.BooleanField(default=False)
    date_joined = models.DateTimeField(default=timezone.now)

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS: ClassVar[list[str]] = []

    def __str__(self) -> str:
        return self.email

    @property
    def display_name(self) -> str:
        return self.name or self.email


class Organization(models.Model):
    """A hiring team: the unit of tenancy. Nothing is shared between two of them."""

    name = models.CharField(max_length=120)
    slug = models.SlugField(max_length=60, unique=True)
    created_at = models.DateTimeField(default=timezone.now)
    # Erase candidates this many days after the team's decision on them; None keeps them until erased by hand.
    retention_days = models.PositiveIntegerField(null=True, blank=True)

    def __str__(self) -> str:
        return self.name


class Membership(models.Model):
    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="memberships")
    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField(max_length=16, choices=Role.choices, default=Role.VIEWER)
    joined_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "organization"], name="membership_once_per_org")]
        ordering = ["joined_at", "id"]

    def __str__(self) -> str:
        return f"{self.user} in {self.organization} as {self.role}"


class TeamInvitation(models.Model):
    """An emailed invitation to join an organization. Only the token's hash is stored."""

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="team_invitations")
    email = models.EmailField()
    role = models.CharField(max_length=16, choices=Role.choices, default=Role.REVIEWER)
    token_hash = models.CharField(max_length=64, unique=True)
    invited_by = models.ForeignKey(User, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField()
    accepted_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                Lower("email"),
                "organization",
                condition=models.Q(accepted_at__isnull=True),
                name="one_open_team_invitation_per_email",
            )
        ]
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.email} to {self.organization}"

    @property
    def is_open(self) -> bool:
        return self.accepted_at is None and self.expires_at > timezone.now()


class ApiKey(models.Model):
    """A named, revocable key for the REST API of one organization.

    The secret is shown once at creation; only its SHA-256 is stored. ``prefix``
    is public and finds the row without scanning hashes.
    """

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="api_keys")
    name = models.CharField(max_length=80)
    role = models.CharField(max_length=16, choices=Role.choices, default=Role.VIEWER)
    prefix = models.CharField(max_length=16, unique=True)
    secret_hash = models.CharField(max_length=64)
    created_by = models.ForeignKey(User, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None


class SignInThrottle(models.Model):
    """Failed sign-ins per email address; a locked address cannot sign in until ``locked_until``."""

    email = models.EmailField(unique=True)
    failures = models.PositiveIntegerField(default=0)
    first_failure_at = models.DateTimeField(default=timezone.now)
    locked_until = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"{self.email}: {self.failures} failures"


class SingleSignOn(models.Model):
    """An organization's OpenID Connect provider. Members sign in there; people with an email address in
    ``allowed_domains`` who are not members yet become members with ``default_role`` on their first sign-in."""

    organization = models.OneToOneField(Organization, on_delete=models.CASCADE, related_name="single_sign_on")
    enabled = models.BooleanField(default=False)
    issuer = models.URLField(max_length=300)
    client_id = models.CharField(max_length=200)
    # Fernet token of the client secret (assay.crypto); empty for a public client.
    client_secret_encrypted = models.TextField(blank=True)
    allowed_domains = models.JSONField(default=list, help_text="Email domains that may join on first sign-in.")
    default_role = models.CharField(max_length=16, choices=Role.choices, default=Role.VIEWER)
    updated_at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return f"single sign-on of {self.organization_id} via {self.issuer}"


class SsoIdentity(models.Model):
    """A person at an OpenID provider (issuer + subject) linked to an Assay account."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="sso_identities")
    issuer = models.URLField(max_length=300)
    subject = models.CharField(max_length=255)
    linked_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["issuer", "subject"], name="sso_identity_once")]

    def __str__(self) -> str:
        return f"{self.subject} at {self.issuer}"
