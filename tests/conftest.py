"""Shared fixtures: a team with every role, an outsider in another organization, and clients acting as each.

The database comes from DATABASE_URL (PostgreSQL in the second run of `make test`), else SQLite.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pytest
from django.test import Client

from assay.accounts import services
from assay.accounts.access import Actor
from assay.accounts.models import ApiKey, Membership, Organization, User
from assay.accounts.roles import Role

_serial = itertools.count(1)
ROLES = [Role.VIEWER, Role.REVIEWER, Role.ADMIN, Role.OWNER]


def make_user(email: str | None = None, password: str = "correct horse battery", **extra: object) -> User:
    email = email or f"user{next(_serial)}@example.test"
    return User.objects.create_user(email, password, **extra)


def make_organization(name: str = "Acme Hiring", owner: User | None = None) -> Organization:
    return services.create_organization(name, owner or make_user())


def add_member(organization: Organization, role: Role, user: User | None = None) -> User:
    user = user or make_user()
    Membership.objects.create(user=user, organization=organization, role=role)
    return user


@dataclass
class Team:
    """One organization with a member of every role, and an owner of another organization."""

    organization: Organization
    users: dict[str, User]
    other_organization: Organization
    outsider: User

    def actor(self, role: str) -> Actor:
        return Actor(organization=self.organization, role=Role(role), user=self.users[role])

    def client(self, who: str) -> Client:
        """A browser session as ``who``: a role name, "outsider" or "anonymous"."""
        client = Client()
        if who == "outsider":
            client.force_login(self.outsider)
        elif who != "anonymous":
            client.force_login(self.users[who])
        return client

    def api_key(self, who: str) -> str:
        """A fresh API key acting as ``who`` (a role, or "outsider" for an owner key of the other organization)."""
        if who == "outsider":
            actor = Actor(organization=self.other_organization, role=Role.OWNER, user=self.outsider)
            role = Role.OWNER
        else:
            actor, role = self.actor(Role.OWNER), Role(who)
        _, secret = services.create_api_key(actor, f"{who} key {next(_serial)}", role)
        return secret

    def api(self, who: str) -> Client:
        """An API client authenticated with a key acting as ``who``, or none for "anonymous"."""
        if who == "anonymous":
            return Client()
        return Client(headers={"Authorization": f"Bearer {self.api_key(who)}"})


@pytest.fixture
def team(db: None) -> Team:
    owner = make_user(name="Olive Owner")
    organization = make_organization("Acme Hiring", owner)
    users = {Role.OWNER.value: owner}
    for role in (Role.ADMIN, Role.REVIEWER, Role.VIEWER):
        users[role.value] = add_member(organization, role)
    outsider = make_user(name="Oscar Outsider")
    other = make_organization("Rival Corp", outsider)
    return Team(organization=organization, users=users, other_organization=other, outsider=outsider)


@pytest.fixture(autouse=True)
def _cheap_argon2(settings: object) -> None:
    """Argon2 as in production, with the cost lowered: hashing is most of a test's time otherwise."""
    settings.PASSWORD_HASHERS = ["tests.hashers.CheapArgon2PasswordHasher"]  # type: ignore[attr-defined]


@pytest.fixture(autouse=True)
def _isolated_var_dir(settings: object, tmp_path: object) -> None:
    """Files a test writes (uploads, repositories, the stored library) land in its own folder.

    The grader's caches (ASSAY_CACHE_DIR) stay shared: they are content-addressed and make gradings fast.
    """
    settings.VAR_DIR = tmp_path / "var"  # type: ignore[attr-defined]
    settings.MEDIA_ROOT = tmp_path / "files"  # type: ignore[attr-defined]


__all__ = ["ApiKey", "Team", "add_member", "make_organization", "make_user"]


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--database-tests-only",
        action="store_true",
        help="run only tests that use the database (the second pass of `make test`, on PostgreSQL)",
    )


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """With --database-tests-only, leave out tests that never touch the database.

    `make test` runs the whole suite on SQLite, then again on PostgreSQL; a test that uses no database
    (the sandbox, the pipeline on a folder, a browser against a server of its own) cannot answer
    differently the second time, so it runs once.
    """
    if not config.getoption("--database-tests-only"):
        return
    # Only what a test asks for: pytest-django's autouse fixtures pull django_db_blocker into every test.
    # postgres_database: a browser test's server on a database of its own, made on DATABASE_URL's server.
    uses_db = {"db", "transactional_db", "live_server", "team", "postgres_database"}
    kept, dropped = [], []
    for item in items:
        fixtures = set(getattr(item, "fixturenames", ()))
        (kept if item.get_closest_marker("django_db") or fixtures & uses_db else dropped).append(item)
    config.hook.pytest_deselected(items=dropped)
    items[:] = kept


@pytest.fixture(scope="session")
def playwright_driver() -> Iterator[Any]:
    """One Playwright driver for the whole run: its sync API allows one at a time in a thread, so the browser
    tests (end to end, and the hidden tests' sandboxed browser) share it."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        yield playwright
