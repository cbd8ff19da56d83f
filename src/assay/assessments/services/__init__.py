"""The assessments domain: what views, the API, listeners and the periodic jobs call. Nothing here commits.

Split by who acts: the hiring team (assessments, invitations) and the candidate (workflow); maintenance
holds the periodic jobs.
"""

from assay.assessments.services.assessments import (
    create_assessment,
    set_archived,
    set_open_link,
    update_assessment,
)
from assay.assessments.services.erasure import erase_candidate, erase_expired
from assay.assessments.services.events import record
from assay.assessments.services.invitations import (
    CsvRow,
    check_csv,
    extend,
    invite,
    invite_many,
    join_by_open_link,
    resend,
    withdraw,
)
from assay.assessments.services.maintenance import close_overdue, send_reminders
from assay.assessments.services.review import decide, mark_reviewed
from assay.assessments.services.workflow import (
    on_submission_graded,
    open_link,
    record_survey,
    start,
    submit,
    upload,
)

__all__ = [
    "CsvRow",
    "check_csv",
    "close_overdue",
    "create_assessment",
    "decide",
    "erase_candidate",
    "erase_expired",
    "extend",
    "invite",
    "invite_many",
    "join_by_open_link",
    "mark_reviewed",
    "on_submission_graded",
    "open_link",
    "record",
    "record_survey",
    "resend",
    "send_reminders",
    "set_archived",
    "set_open_link",
    "start",
    "submit",
    "update_assessment",
    "upload",
    "withdraw",
]
