"""The AI reviewer's narrative of a graded run (docs/ai-review.md). Placeholder filled in below."""

from __future__ import annotations

from assay.reviews.services.ai_budget import tokens_this_month

__all__ = ["tokens_this_month"]
