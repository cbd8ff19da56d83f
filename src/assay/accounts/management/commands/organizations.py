"""`assay organizations create|list`: the operator creates hiring teams and their first owner."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction

from assay.accounts import services
from assay.errors import AssayError


class Command(BaseCommand):
    help = "Create an organization with its first owner, or list the organizations."

    def add_arguments(self, parser: CommandParser) -> None:
        actions = parser.add_subparsers(dest="action", required=True)
        create = actions.add_parser("create", help="Create an organization and its owner.")
        create.add_argument("--name", required=True, help="The organization's name, as its members see it.")
        create.add_argument("--owner-email", required=True, help="The first owner's email address.")
        actions.add_parser("list", help="List the organizations with their member and owner counts.")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["action"] == "create":
            self.create(options["name"], options["owner_email"])
        else:
            self.list()

    def create(self, name: str, owner_email: str) -> None:
        try:
            with transaction.atomic():
                organization, password = services.create_organization_with_owner(name, owner_email)
        except AssayError as error:
            raise CommandError(error.detail) from None
        self.stdout.write(f"Created {organization.name} (slug {organization.slug}, id {organization.pk}).")
        if password is None:
            self.stdout.write(f"{owner_email} already has an account and is now its owner; they sign in as before.")
            return
        self.stdout.write(
            f"Sign in at {settings.SITE_URL}/login/\nemail:    {owner_email.strip().lower()}\n"
            f"password: {password}\n\nThis password is shown once. "
            "The owner can change it with 'Forgot your password?'."
        )

    def list(self) -> None:
        rows = services.organizations_overview()
        if not rows:
            self.stdout.write(
                "No organizations yet. Create one with: assay organizations create --name … --owner-email …"
            )
            return
        self.stdout.write(f"{'id':>5}  {'slug':<30} {'members':>7}  owners")
        for organization, members, owners in rows:
            self.stdout.write(f"{organization.pk:>5}  {organization.slug:<30} {members:>7}  {', '.join(owners)}")
