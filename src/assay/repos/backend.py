"""Smart HTTP by the real `git http-backend` (CGI): the request body streams in, git's answer streams out.

Works under ASGI (uvicorn: the body arrives as a spooled file, the answer is an async iterator, so nothing
is held in memory whole) and under WSGI (a sync iterator). The body is fed to git from a thread while the
answer is read, so neither side can fill a pipe and wait for the other.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import subprocess
import tempfile
import threading
from collections.abc import AsyncIterator, Callable, Iterator
from typing import IO

from django.core.handlers.asgi import ASGIRequest
from django.core.handlers.wsgi import WSGIRequest
from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.http.response import HttpResponseBase

from assay.repos import services
from assay.repos.git import clean_env
from assay.repos.hooks import policy_env
from assay.repos.models import Repository

logger = logging.getLogger(__name__)
CHUNK = 64 * 1024
MAX_HEADER_LINES = 50
PUSH = "git-receive-pack"


def serve(request: HttpRequest, repository: Repository, service_path: str) -> HttpResponseBase:
    """Answer one smart-HTTP request (``info/refs``, ``git-upload-pack`` or ``git-receive-pack``)."""
    head_before = services.head_commit(repository) if service_path == PUSH else None
    stderr = tempfile.TemporaryFile()  # noqa: SIM115 - closed with the answer, after git has exited
    process = subprocess.Popen(
        ["git", "http-backend"],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=stderr,
        env=_cgi_env(request, repository, service_path),
    )
    assert process.stdin is not None and process.stdout is not None
    feeder = threading.Thread(target=_feed, args=(_request_body(request), process.stdin), daemon=True)
    feeder.start()

    def after(returncode: int) -> None:
        if service_path == PUSH and (head := services.head_commit(repository)) and head != head_before:
            services.record_push(repository, head)

    output_class = _AsyncOutput if isinstance(request, ASGIRequest) else _SyncOutput
    output = output_class(process, feeder, stderr, after)
    try:
        status, headers = _read_headers(process.stdout)
    except ValueError as error:
        output.close()
        logger.error("git http-backend gave no answer for %s: %s", repository.public_id, error)
        return HttpResponse("git failed to answer; try again.\n", status=502, content_type="text/plain")
    response = StreamingHttpResponse(output, status=status)
    for name, value in headers:
        response[name] = value
    return response


def _cgi_env(request: HttpRequest, repository: Repository, service_path: str) -> dict[str, str]:
    git_dir = services.git_dir(repository)
    env = clean_env(
        GIT_PROJECT_ROOT=str(git_dir.parent),
        GIT_HTTP_EXPORT_ALL="1",
        PATH_INFO=f"/{git_dir.name}/{service_path}",
        QUERY_STRING=request.META.get("QUERY_STRING", ""),
        REQUEST_METHOD=request.method or "GET",
        CONTENT_TYPE=request.META.get("CONTENT_TYPE", ""),
        REMOTE_USER=services.USERNAME,
        REMOTE_ADDR=request.META.get("REMOTE_ADDR", ""),
        **policy_env(
            open=repository.is_open,
            closed_message=services.closed_message(repository),
            max_push_bytes=repository.max_push_bytes,
            max_file_bytes=repository.max_file_bytes,
        ),
    )
    # git inflates a gzipped body itself, and speaks protocol v2 when the client asks for it.
    for header, variable in (("Content-Encoding", "HTTP_CONTENT_ENCODING"), ("Git-Protocol", "HTTP_GIT_PROTOCOL")):
        if value := request.headers.get(header):
            env[variable] = value
    if length := request.META.get("CONTENT_LENGTH"):
        env["CONTENT_LENGTH"] = str(length)
    return env


def _request_body(request: HttpRequest) -> IO[bytes] | HttpRequest:
    """The body as a stream, never read whole. A chunked body under WSGI has no length: Django's stream
    would read nothing, so read the server's own input, which a server that decodes chunks terminates."""
    chunked = isinstance(request, WSGIRequest) and not request.META.get("CONTENT_LENGTH")
    if chunked and request.environ.get("wsgi.input_terminated"):  # type: ignore[attr-defined]
        return request.environ["wsgi.input"]  # type: ignore[attr-defined,no-any-return]
    return request


def _feed(source: IO[bytes] | HttpRequest, sink: IO[bytes]) -> None:
    try:
        while chunk := source.read(CHUNK):
            sink.write(chunk)
    except (BrokenPipeError, ConnectionResetError):
        pass  # git stopped reading (a pack over the size limit, a refused push): its answer says why
    except Exception:
        logger.exception("Reading a git request body failed")
    finally:
        with contextlib.suppress(BrokenPipeError):
            sink.close()


def _read_headers(stdout: IO[bytes]) -> tuple[int, list[tuple[str, str]]]:
    status, headers = 200, list[tuple[str, str]]()
    for _ in range(MAX_HEADER_LINES):
        line = stdout.readline(8192)
        if not line:
            raise ValueError("the output ended before its headers did")
        line = line.rstrip(b"\r\n")
        if not line:
            return status, headers
        name, _, value = line.decode("latin-1").partition(":")
        if name.strip().lower() == "status":
            status = int(value.split()[0])
        else:
            headers.append((name.strip(), value.strip()))
    raise ValueError("too many header lines")


class _Output:
    """git's answer after its headers. Closing it reaps git and then runs ``after`` (e.g. record a push)."""

    def __init__(
        self,
        process: subprocess.Popen[bytes],
        feeder: threading.Thread,
        stderr: IO[bytes],
        after: Callable[[int], None],
    ) -> None:
        self.process, self.feeder, self.stderr, self.after = process, feeder, stderr, after
        self.closed = False

    def read(self) -> bytes:
        assert self.process.stdout is not None
        return self.process.stdout.read1(CHUNK)  # type: ignore[attr-defined,no-any-return]

    def close(self) -> None:
        if self.closed:
            return
        self.closed = True
        assert self.process.stdout is not None
        self.process.stdout.close()  # a client that went away: git gets EPIPE and stops
        try:
            self.process.wait(timeout=120)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        self.feeder.join(timeout=60)
        self._log_stderr()
        try:
            self.after(self.process.returncode)
        except Exception:
            logger.exception("Recording a push failed")

    def _log_stderr(self) -> None:
        self.stderr.seek(0)
        if message := self.stderr.read(4000).decode(errors="replace").strip():
            logger.info("git http-backend said: %s", message)
        self.stderr.close()


class _SyncOutput(_Output):
    def __iter__(self) -> Iterator[bytes]:
        while chunk := self.read():
            yield chunk


class _AsyncOutput(_Output):
    async def __aiter__(self) -> AsyncIterator[bytes]:
        while chunk := await asyncio.to_thread(self.read):
            yield chunk
