"""Forms of the assessments pages. They check shape only; the rules live in services."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, cast

from django import forms

from assay import stacks as assay_stacks
from assay.accounts.access import Actor, members
from assay.accounts.roles import Role
from assay.assessments.models import DEFAULT_START_WINDOW_DAYS, DEFAULT_TIME_LIMIT_MINUTES
from assay.challenges.access import visible_challenges

MAX_CSV_BYTES = 512 * 1024


class AssessmentForm(forms.Form):
    title = forms.CharField(max_length=200)
    challenge = forms.ChoiceField()
    stacks = forms.MultipleChoiceField(widget=forms.CheckboxSelectMultiple, help_text="Stacks candidates may use.")
    time_limit_minutes = forms.IntegerField(
        min_value=1, initial=DEFAULT_TIME_LIMIT_MINUTES, label="Working time (minutes from Start)"
    )
    start_window_days = forms.IntegerField(
        min_value=1, initial=DEFAULT_START_WINDOW_DAYS, label="Days candidates have to start"
    )
    instructions = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 5}), required=False, label="Extra instructions (Markdown)"
    )
    reviewers = forms.MultipleChoiceField(widget=forms.CheckboxSelectMultiple, required=False)
    show_breakdown = forms.BooleanField(required=False, label="Candidates see their score breakdown after review")

    def __init__(self, actor: Actor, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        challenges = list(visible_challenges(actor))
        self.challenges = {c.slug: c for c in challenges}
        cast(forms.ChoiceField, self.fields["challenge"]).choices = [
            (c.slug, c.current_version.title if c.current_version else c.slug) for c in challenges
        ]
        # Which stacks each challenge offers: the page shows only the chosen challenge's (stacks.js).
        self.challenge_stacks = {c.slug: list(c.current_version.stacks) for c in challenges if c.current_version}
        order = assay_stacks.names()
        stacks = sorted({s for offered in self.challenge_stacks.values() for s in offered}, key=_stack_order(order))
        cast(forms.ChoiceField, self.fields["stacks"]).choices = [(s, assay_stacks.label(s)) for s in stacks]
        reviewing = members(actor).filter(role__in=[Role.REVIEWER, Role.ADMIN, Role.OWNER])
        cast(forms.ChoiceField, self.fields["reviewers"]).choices = [
            (str(m.user_id), m.user.display_name) for m in reviewing
        ]


def _stack_order(order: tuple[str, ...]) -> Callable[[str], tuple[int, str]]:
    return lambda name: (order.index(name) if name in order else len(order), name)


class InviteForm(forms.Form):
    name = forms.CharField(max_length=150)
    email = forms.EmailField()


class CsvForm(forms.Form):
    csv = forms.CharField(widget=forms.Textarea(attrs={"rows": 5}), required=False, label="Paste name,email rows")
    file = forms.FileField(required=False, label="…or upload a CSV file")

    def text(self) -> str:
        upload = self.cleaned_data.get("file")
        if upload is not None:
            if upload.size > MAX_CSV_BYTES:
                raise forms.ValidationError("The file is over 512 KB.")
            return str(upload.read().decode("utf-8-sig", errors="replace"))
        return str(self.cleaned_data.get("csv") or "")


class ExtendForm(forms.Form):
    days = forms.IntegerField(min_value=0, max_value=30, initial=0, required=False)
    minutes = forms.IntegerField(min_value=0, max_value=43200, initial=0, required=False)


class StartForm(forms.Form):
    stack = forms.ChoiceField(widget=forms.RadioSelect)

    def __init__(self, stacks: list[str], *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["stack"]).choices = [(s, assay_stacks.label(s)) for s in stacks]
        if len(stacks) == 1:
            self.fields["stack"].initial = stacks[0]


class UploadForm(forms.Form):
    archive = forms.FileField(label="A .zip or .tar.gz of your files")


class SurveyForm(forms.Form):
    difficulty = forms.TypedChoiceField(
        choices=[("", "—"), *[(str(n), str(n)) for n in range(1, 6)]],
        coerce=int,
        empty_value=None,
        required=False,
        label="How hard was it? (1 easy – 5 hard)",
    )
    minutes = forms.IntegerField(min_value=0, max_value=100000, required=False, label="Time spent (minutes)")
    feedback = forms.CharField(widget=forms.Textarea(attrs={"rows": 4}), required=False, max_length=5000)


class JoinForm(forms.Form):
    name = forms.CharField(max_length=150, label="Your name")
    email = forms.EmailField(label="Your email")
