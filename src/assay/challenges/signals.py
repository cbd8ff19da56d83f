"""What the library tells the rest of Assay."""

from django.dispatch import Signal

# Sent after the transaction that stored a new challenge version commits; kwargs: version_id.
# Grading listens: it measures the reference solutions' load figures then, never inside a candidate's grading.
version_stored = Signal()

# Sent after the transaction that imported a new version of a hiring team's own challenge commits; kwargs:
# version_id. Grading listens: it validates the version through the real grader before anyone is invited to it.
version_imported = Signal()
