"""Self-service sign-up, when the operator allows it (ASSAY_SIGNUP=open).

The new account stays inactive until its owner follows the link emailed to them, so nobody can create an
organization in someone else's name; asking with an address that already has an account reveals nothing.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.core import signing
from django.core.exceptions import ValidationError
from django.db import transaction

from assay.accounts.models import Membership, Organization, User
from assay.accounts.services import create_organization
from assay.audit import events
from assay.audit.services import record
from assay.errors import InvalidInput, NotFound
from assay.notifications.services import send_email

SALT = "assay.signup"
VERIFY_HOURS = 48


def signup_open() -> bool:
    return settings.ASSAY_SIGNUP == "open"


def require_signup_open() -> None:
    if not signup_open():
        raise NotFound("Sign-up is closed on this installation. Ask its operator for an organization.")


@transaction.atomic
def sign_up(*, organization_name: str, name: str, email: str, password: str) -> None:
    """Create the organization and its inactive owner, and email the verification link."""
    require_signup_open()
    email = email.strip().lower()
    if User.objects.filter(email=email).exists():
        send_email(to=email, template="accounts/email/signup_exists", context={"url": f"{settings.SITE_URL}/login/"})
        return
    user = User(email=email, name=name.strip(), is_active=False)
    try:
        validate_password(password, user)
    except ValidationError as error:
        raise InvalidInput("Choose a stronger password.", fields={"password": list(error.messages)}) from None
    user.set_password(password)
    user.save()
    organization = create_organization(organization_name, user)
    token = signing.dumps(user.pk, salt=SALT)
    context = {"organization": organization, "url": f"{settings.SITE_URL}/signup/verify/{token}/"}
    send_email(
        to=email,
        template="accounts/email/signup_verify",
        context={**context, "hours": VERIFY_HOURS},
        organization_id=organization.pk,
    )


@transaction.atomic
def verify(token: str) -> User:
    """Activate the account the link was sent for; the link works once, for VERIFY_HOURS."""
    require_signup_open()
    try:
        user_id = signing.loads(token, salt=SALT, max_age=VERIFY_HOURS * 3600)
    except signing.BadSignature:
        raise NotFound("This link is not valid any more. Sign up again.") from None
    user = User.objects.select_for_update().filter(pk=user_id, is_active=False, last_login__isnull=True).first()
    if user is None:
        raise NotFound("This link was already used. Sign in instead.")
    user.is_active = True
    user.save(update_fields=["is_active"])
    organization: Organization = Membership.objects.get(user=user).organization
    summary = f"Signed up by {user.email}"
    record(None, events.ORGANIZATION_CREATED, target=organization, organization_id=organization.pk, summary=summary)
    return user
