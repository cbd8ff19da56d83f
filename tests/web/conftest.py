"""Page-wide behaviour is checked on a candidate's page too: the assessments' fixtures make one."""

from tests.assessments.conftest import (  # noqa: F401 - fixtures
    assessment,
    candidate,
    challenge,
    make_assessment,
    make_candidate,
)
