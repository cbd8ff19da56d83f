"""What the library tells the rest of Assay."""

from django.dispatch import Signal

# Sent after the transaction that stored a new challenge version commits; kwargs: version_id.
# Grading listens: it measures the reference solutions' load figures then, never inside a candidate's grading.
version_stored = Signal()
