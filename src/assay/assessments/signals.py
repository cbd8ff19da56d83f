"""What the hiring workflow tells the floors above it."""

from django.dispatch import Signal

# Sent inside the erasing transaction, before the candidate's rows go, with ``candidate`` and ``submissions``
# (theirs). Each app above deletes what it keeps of them (live recordings, webhook bodies, idempotent
# replies): assessments knows nothing of those apps.
candidate_erasing = Signal()
