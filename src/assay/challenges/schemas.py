"""Shapes of the challenge library over the API."""

from __future__ import annotations

from typing import Any

from ninja import Schema


class ChallengeOut(Schema):
    slug: str
    title: str
    summary: str
    category: str
    skills: list[str]
    difficulty: str
    suggested_minutes: int
    stacks: list[str]
    services: list[str]
    version: str
    # True for the organization's own challenge (imported by its team), False for the shared library's.
    own: bool
    # passed | pending | running | failed: candidates can be invited only to a validated ("passed") version.
    validation: str

    @staticmethod
    def resolve_own(obj: Any) -> bool:
        return obj.organization_id is not None

    @staticmethod
    def resolve_validation(obj: Any) -> str:
        return str(obj.current_version.validation)

    @staticmethod
    def resolve_title(obj: Any) -> str:
        return str(obj.current_version.title)

    @staticmethod
    def resolve_summary(obj: Any) -> str:
        return str(obj.current_version.summary)

    @staticmethod
    def resolve_category(obj: Any) -> str:
        return str(obj.current_version.category)

    @staticmethod
    def resolve_skills(obj: Any) -> list[str]:
        return [str(s) for s in obj.current_version.skills]

    @staticmethod
    def resolve_difficulty(obj: Any) -> str:
        return str(obj.current_version.difficulty)

    @staticmethod
    def resolve_suggested_minutes(obj: Any) -> int:
        return int(obj.current_version.suggested_minutes)

    @staticmethod
    def resolve_stacks(obj: Any) -> list[str]:
        return [str(s) for s in obj.current_version.stacks]

    @staticmethod
    def resolve_services(obj: Any) -> list[str]:
        return [str(s) for s in obj.current_version.services]

    @staticmethod
    def resolve_version(obj: Any) -> str:
        return str(obj.current_version.content_hash)


class ChallengeDetailOut(ChallengeOut):
    brief: str

    @staticmethod
    def resolve_brief(obj: Any) -> str:
        return str(obj.current_version.brief)


class ChallengeImportOut(Schema):
    slug: str
    status: str  # new | updated | unchanged | reverted
    version: str
    validation: str

    @staticmethod
    def resolve_slug(obj: Any) -> str:
        return str(obj.loaded.slug)

    @staticmethod
    def resolve_status(obj: Any) -> str:
        return str(obj.loaded.status)

    @staticmethod
    def resolve_version(obj: Any) -> str:
        return str(obj.version.content_hash)

    @staticmethod
    def resolve_validation(obj: Any) -> str:
        return str(obj.version.validation)
