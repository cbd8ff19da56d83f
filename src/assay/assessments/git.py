"""The candidate's repository, through the repos app's service interface.

Imported when used rather than at module load: the hiring-team pages of this app work on their own,
and repos (which knows nothing of assessments) stays a leaf below us.
"""

from __future__ import annotations

import importlib.util
from types import ModuleType
from typing import Any

from assay.assessments.models import Candidate
from assay.errors import Conflict


def available() -> bool:
    return importlib.util.find_spec("assay.repos.services") is not None


def repos() -> ModuleType:
    from assay.repos import services

    return services


def repository(candidate: Candidate) -> Any:
    """The candidate's Repository row; Conflict when the candidate has not started (and so has none)."""
    from assay.repos.models import Repository

    if candidate.repository_id is None:
        raise Conflict("There is no repository yet: start the assessment first.")
    repository = Repository.objects.filter(public_id=candidate.repository_id).first()
    if repository is None:
        raise Conflict("There is no repository yet: start the assessment first.")
    return repository
