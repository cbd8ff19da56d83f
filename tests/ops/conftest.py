"""The operator's tests back up a populated instance: a candidate invited, pushing through real git, submitting."""

from tests.assessments.conftest import (  # noqa: F401 - fixtures
    assessment,
    candidate,
    challenge,
    make_assessment,
    make_candidate,
)
from tests.repos.conftest import asgi_url, git  # noqa: F401 - fixtures
