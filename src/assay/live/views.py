"""Pages of live sessions: starting one, the interviewer's room, the candidate's room, ending, playback."""

from __future__ import annotations

import base64
import json

from asgiref.sync import sync_to_async
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_POST

from assay.accounts.access import require_role
from assay.accounts.decorators import member_required
from assay.accounts.requests import TeamRequest
from assay.accounts.roles import Role
from assay.challenges import access as challenges
from assay.errors import AssayError, InvalidInput
from assay.live import access, connections, diff, links, panel, runs, service, services
from assay.live.models import LiveSession
from assay.reviews import access as reviews

PALETTE = {links.INTERVIEWER: "#1f6feb", links.CANDIDATE: "#d4380d"}


@require_POST
@member_required
def from_submission(request: TeamRequest, submission_id: int) -> HttpResponse:
    session = services.create_from_submission(request.actor, reviews.submission(request.actor, submission_id))
    return redirect("live:room", session_id=session.pk)


@require_POST
@member_required
def from_starter(request: TeamRequest, slug: str) -> HttpResponse:
    challenge = challenges.challenge_for(request.actor, slug)
    name = request.POST.get("candidate_name", "")
    session = services.create_from_starter(request.actor, challenge, request.POST.get("stack", ""), name)
    return redirect("live:room", session_id=session.pk)


@require_GET
@member_required
def sessions(request: TeamRequest) -> HttpResponse:
    return render(request, "live/sessions.html", {"sessions": access.live_sessions(request.actor)[:100]})


def _room_context(request: HttpRequest, session: LiveSession, role: str) -> dict[str, object]:
    name = session.candidate_name
    if role == links.INTERVIEWER:
        user = getattr(request, "user", None)
        name = user.display_name if user is not None and user.is_authenticated else "Interviewer"
    token = links.token_for(session, role)
    config = {
        "session": session.pk,
        "token": token,
        "name": name,
        "color": PALETTE[role],
        "role": role,
        "socketPath": f"/live/{session.pk}/socket",
        "runUrl": reverse("live:run", kwargs={"token": token}),
        "serviceUrl": reverse("live:service", kwargs={"token": token}),
        "requestUrl": reverse("live:request", kwargs={"token": token}),
    }
    return {"session": session, "role": role, "config": config, "open": session.is_open, "methods": service.METHODS}


@require_GET
@member_required
def room(request: TeamRequest, session_id: int) -> HttpResponse:
    """The interviewer's room: the editor, the candidate's link, ending the session."""
    session = access.live_session(request.actor, session_id)
    require_role(request.actor, Role.REVIEWER, services.ACTION)
    context = _room_context(request, session, links.INTERVIEWER)
    context["candidate_link"] = request.build_absolute_uri(links.candidate_url(session))
    context["connections"] = connections.current(session)
    return render(request, "live/room.html", context)


@require_POST
@member_required
def notes(request: TeamRequest, session_id: int) -> HttpResponse:
    """Save the interviewer's notes; the page's script sends them without leaving the room."""
    session = access.live_session(request.actor, session_id)
    session = services.save_notes(request.actor, session, request.POST.get("notes", ""))
    if request.headers.get("X-Requested-With") == "fetch":
        return JsonResponse({"saved": session.notes_saved_at.isoformat() if session.notes_saved_at else None})
    return redirect("live:room", session_id=session.pk)


@require_GET
@member_required
def connections_list(request: TeamRequest, session_id: int) -> JsonResponse:
    """The browsers connected to the room now, for the interviewer's panel."""
    session = access.live_session(request.actor, session_id)
    found = [
        {"id": c.pk, "role": c.role, "address": c.address, "agent": c.agent, "opened": c.opened_at.isoformat()}
        for c in connections.current(session)
    ]
    return JsonResponse({"connections": found})


@require_POST
@member_required
def remove_connection(request: TeamRequest, session_id: int, connection_id: int) -> HttpResponse:
    """Close one connection (a second browser on a leaked link); it is told its link is not valid here."""
    session = access.live_session(request.actor, session_id)
    connections.remove(request.actor, session, connection_id)
    if request.headers.get("X-Requested-With") == "fetch":
        return JsonResponse({"removed": connection_id})
    return redirect("live:room", session_id=session.pk)


@require_GET
def join(request: HttpRequest, token: str) -> HttpResponse:
    """The candidate's room, reached by the signed link; no account."""
    session, role = links.open_session(token)
    if role != links.CANDIDATE:
        return redirect("live:room", session_id=session.pk)
    return render(request, "live/room.html", _room_context(request, session, role))


def _tell_room(session: LiveSession, what: str) -> None:
    services.announce(session.pk, what)


@require_POST
@member_required
def end(request: TeamRequest, session_id: int) -> HttpResponse:
    session = services.end(request.actor, access.live_session(request.actor, session_id))
    service.stop(session.pk)
    _tell_room(session, "room.ended")
    return redirect("live:playback", session_id=session.pk)


@require_POST
@member_required
def new_link(request: TeamRequest, session_id: int) -> HttpResponse:
    """Replace the candidate's link: whoever holds the old one is disconnected and cannot come back."""
    session = services.revoke_candidate_link(request.actor, access.live_session(request.actor, session_id))
    _tell_room(session, "room.revoked")
    return redirect("live:room", session_id=session.pk)


@require_GET
@member_required
def playback(request: TeamRequest, session_id: int) -> HttpResponse:
    session = access.live_session(request.actor, session_id)
    return render(request, "live/playback.html", {"session": session})


@require_GET
@member_required
def changes(request: TeamRequest, session_id: int) -> HttpResponse:
    """The final files against the submitted commit (or the starter), as diffs."""
    session = access.live_session(request.actor, session_id)
    return render(request, "live/changes.html", {"session": session, "changes": diff.changes(session)})


@require_GET
@member_required
def recording(request: TeamRequest, session_id: int) -> JsonResponse:
    """Every stored update with its time, for the playback's timeline."""
    session = access.live_session(request.actor, session_id)
    updates = [{"at": at, "update": base64.b64encode(data).decode()} for at, data in services.recording(session)]
    return JsonResponse({"session": session.pk, "updates": updates})


def _problem(error: AssayError) -> JsonResponse:
    return JsonResponse({"title": error.title, "detail": error.detail}, status=error.status)


@require_POST
async def start_run(request: HttpRequest, token: str) -> JsonResponse:
    """Run the tests (``{"kind": "tests"}``) or a command in the sandbox; the output arrives in the room."""
    try:
        session, _ = await sync_to_async(links.open_session)(token)
        body = json.loads(request.body or b"{}")
        command = body.get("command", "") if isinstance(body, dict) else ""
        if isinstance(body, dict) and body.get("kind") == "tests":
            command = await sync_to_async(services.test_command_of)(session) or ""
        run = await sync_to_async(services.start_run)(session, str(command))
    except AssayError as error:
        return _problem(error)
    except ValueError:
        return JsonResponse({"title": "Invalid input", "detail": "Send a JSON object."}, status=422)
    runs.launch(session, run)
    return JsonResponse({"run": run.number, "command": run.command}, status=202)


@require_POST
async def service_action(request: HttpRequest, token: str) -> JsonResponse:
    """Start (``{"action": "start"}``) or stop the candidate's service; its state arrives in the room."""
    try:
        session, _ = await sync_to_async(links.open_session)(token)
        body = json.loads(request.body or b"{}")
    except AssayError as error:
        return _problem(error)
    except ValueError:
        return JsonResponse({"title": "Invalid input", "detail": "Send a JSON object."}, status=422)
    action = body.get("action") if isinstance(body, dict) else None
    if action == "stop":
        await panel.stop_service(session.pk)
        return JsonResponse({"service": "stopped"})
    if action != "start":
        return JsonResponse({"title": "Invalid input", "detail": "Say start or stop."}, status=422)
    runs.keep(panel.start_service(session.pk, session.stack))
    return JsonResponse({"service": "starting"}, status=202)


@require_POST
async def send_request(request: HttpRequest, token: str) -> JsonResponse:
    """Send an HTTP request (method, path, headers, body) to the session's sandboxed service only."""
    try:
        session, _ = await sync_to_async(links.open_session)(token)
        if len(request.body) > service.MAX_BODY_BYTES + 16_384:
            raise InvalidInput(f"The body is over {service.MAX_BODY_BYTES // 1024} KB.")
        parsed = service.parse_request(json.loads(request.body or b"{}"))
        answer = await panel.send_request(session.pk, parsed)
    except AssayError as error:
        return _problem(error)
    except ValueError:
        return JsonResponse({"title": "Invalid input", "detail": "Send a JSON object."}, status=422)
    return JsonResponse(answer)
