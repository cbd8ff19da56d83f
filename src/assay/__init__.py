"""Assay: practical backend-developer hiring assessments, graded by running the candidate's service."""

__version__ = "0.1.0"
