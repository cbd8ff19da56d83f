"""The audit log for owners: a filtered page, its CSV export, and the API list."""

# No `from __future__ import annotations` here: the paginated route's query parameters (a date among them)
# then fail to resolve in django-ninja ("QueryParams is not fully defined").

from datetime import date

from django import forms
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from ninja import Router, Schema
from ninja.pagination import paginate

from assay.accounts.access import Actor, require_role
from assay.accounts.auth import actor_of
from assay.accounts.decorators import member_required
from assay.accounts.pagination import Pagination
from assay.accounts.requests import TeamRequest
from assay.accounts.roles import Role
from assay.audit import events
from assay.audit.models import AuditEntry
from assay.audit.services import AuditFilter, event_choices, record, search, to_csv
from assay.errors import InvalidInput

PAGE_SIZE = 200


class AuditFilterForm(forms.Form):
    event = forms.ChoiceField(required=False, choices=[("", "Any event"), *event_choices()])
    actor = forms.CharField(required=False, max_length=200, label="Who")
    since = forms.DateField(required=False, label="From", widget=forms.DateInput(attrs={"type": "date"}))
    until = forms.DateField(required=False, label="To", widget=forms.DateInput(attrs={"type": "date"}))

    def wanted(self) -> AuditFilter:
        if not self.is_valid():
            problems = {name: [str(e) for e in errors] for name, errors in self.errors.items()}
            raise InvalidInput("Check the filters of the audit log.", fields=problems)
        return AuditFilter(**self.cleaned_data)


def _entries(actor: Actor, wanted: AuditFilter) -> QuerySet[AuditEntry]:
    require_role(actor, Role.OWNER, "read the audit log")
    return search(actor.organization.pk, wanted)


@member_required
def audit_log(request: TeamRequest) -> HttpResponse:
    form = AuditFilterForm(request.GET or None)
    wanted = form.wanted() if form.is_bound else AuditFilter()
    entries = _entries(request.actor, wanted)
    query = request.GET.urlencode()
    context = {"form": form, "entries": entries[:PAGE_SIZE], "labels": events.LABELS, "query": query}
    return render(request, "accounts/audit_log.html", context)


@member_required
def audit_log_csv(request: TeamRequest) -> HttpResponse:
    form = AuditFilterForm(request.GET or None)
    wanted = form.wanted() if form.is_bound else AuditFilter()
    entries = list(_entries(request.actor, wanted))
    count = f"{len(entries)} entr{'y' if len(entries) == 1 else 'ies'}"
    record(request.actor, events.EXPORT, summary=f"Audit log as CSV ({count})")
    response = HttpResponse(to_csv(entries), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="audit-log-{date.today():%Y-%m-%d}.csv"'
    return response


router = Router(tags=["audit log"])


class AuditEntryOut(Schema):
    at: str
    event: str
    actor_kind: str
    actor: str
    target_type: str
    target_id: str
    summary: str
    ip: str | None

    @staticmethod
    def resolve_at(entry: AuditEntry) -> str:
        return entry.at.isoformat()

    @staticmethod
    def resolve_actor(entry: AuditEntry) -> str:
        return entry.actor_label


@router.get("/audit-log", response=list[AuditEntryOut])
@paginate(Pagination)
def list_audit_log(
    request: HttpRequest, event: str = "", actor: str = "", since: date | None = None, until: date | None = None
) -> QuerySet[AuditEntry]:
    """The organization's audit log, newest first (owners); filter by event type, actor and dates (inclusive)."""
    return _entries(actor_of(request), AuditFilter(event=event, actor=actor, since=since, until=until))
