"""Forms of the webhooks pages. They validate shape only; the address rules live in webhooks.addresses."""

from __future__ import annotations

from django import forms

from assay.integrations.models import EVENT_TYPES

EVENT_CHOICES = [(t, t) for t in EVENT_TYPES]


class WebhookForm(forms.Form):
    url = forms.URLField(max_length=500, assume_scheme="https", label="URL")
    description = forms.CharField(max_length=200, required=False)
    events = forms.MultipleChoiceField(
        choices=EVENT_CHOICES, required=False, widget=forms.CheckboxSelectMultiple, help_text="None ticked: all."
    )


class RotateForm(forms.Form):
    overlap_hours = forms.IntegerField(min_value=0, max_value=168, initial=24)
