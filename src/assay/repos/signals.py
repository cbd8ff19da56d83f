"""What a repository tells the rest of Assay. Repositories know nothing of assessments; listeners do."""

from django.dispatch import Signal

# Sent after a push (or an uploaded archive) moved main; kwargs: repository, commit.
repository_pushed = Signal()
