"""What grading tells the rest of Assay. Listeners (the candidate lifecycle) react; grading never judges."""

from django.dispatch import Signal

# Sent after the transaction that stored a report commits; kwargs: submission_id.
submission_graded = Signal()
