from __future__ import annotations

from django import template

from assay.challenges.forms import label as label_of

register = template.Library()


@register.filter
def label(value: str) -> str:
    """A library value (category, skill, stack, difficulty) as people read it."""
    return label_of(str(value))
