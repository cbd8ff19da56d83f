"""The library's filter form. An unknown value is ignored rather than an error: it is a GET filter."""

from __future__ import annotations

from django import forms

from assay import stacks
from assay.challenges.package import CATEGORIES, DIFFICULTIES, STACKS
from assay.challenges.services import LibraryFilter
from assay.challenges.skills import SKILLS

LABELS = {
    "api": "API",
    "fullstack": "Full-stack backend",
    "api_design": "API design",
    "server_logic": "Server logic",
    "sql": "SQL",
    "postgres": "PostgreSQL",
}


def _choices(values: tuple[str, ...], everything: str) -> list[tuple[str, str]]:
    return [("", everything), *((v, label(v)) for v in values)]


def label(value: str) -> str:
    if value in stacks.names():
        return stacks.label(value)
    return LABELS.get(value, value.replace("_", " ").capitalize())


class LibraryFilterForm(forms.Form):
    category = forms.ChoiceField(choices=_choices(CATEGORIES, "Any category"), required=False)
    skill = forms.ChoiceField(choices=_choices(SKILLS, "Any skill"), required=False)
    stack = forms.ChoiceField(choices=_choices(STACKS, "Any stack"), required=False)
    difficulty = forms.ChoiceField(choices=_choices(DIFFICULTIES, "Any difficulty"), required=False)

    def wanted(self) -> LibraryFilter:
        data = self.cleaned_data if self.is_valid() else {}
        return LibraryFilter(**{name: data.get(name, "") for name in self.fields})


class ImportForm(forms.Form):
    archive = forms.FileField(label="Package archive (.zip, .tar or .tar.gz)")
