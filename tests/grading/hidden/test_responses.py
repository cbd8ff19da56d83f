"""What no response may carry, by its shape: real traces and hashes are found, ordinary bodies are not."""

import json

import pytest

from assay.grading.hidden.responses import faults

FOUND = {
    "python traceback": ("stack_trace", 'Traceback (most recent call last):\n  File "/app/x.py", line 3, in f'),
    "python frame in json": ("stack_trace", json.dumps({"trace": 'File "/srv/app/views.py", line 88, in create'})),
    "node frame": ("stack_trace", json.dumps({"stack": "Error: boom\n    at handler (/app/server.js:10:5)"})),
    "node anonymous frame": ("stack_trace", "Error\n    at /app/src/index.mjs:3:9\n    at node:internal/main:1:2"),
    "java frame": ("stack_trace", "java.lang.NullPointerException\n\tat com.acme.web.Api.create(Api.java:42)"),
    "go panic": ("stack_trace", "panic: runtime error\n\ngoroutine 7 [running]:\nmain.handler(...)"),
    "go frame": ("stack_trace", "main.handler()\n\t/app/main.go:31 +0x1d"),
    "postgres syntax": ("sql_error", json.dumps({"detail": 'syntax error at or near "OR"'})),
    "psycopg": ("sql_error", 'psycopg.errors.UndefinedColumn: column "x" does not exist'),
    "sqlite": ("sql_error", 'sqlite3.OperationalError: near "FROM": syntax error'),
    "argon2": ("password_hash", "$argon2id$v=19$m=65536,t=3,p=4$c2FsdHNhbHQ$aGFzaGhhc2hoYXNoaGFzaA"),
    "bcrypt": ("password_hash", json.dumps({"password": "$2a$10$" + "a" * 53})),
    "django pbkdf2": ("password_hash", "pbkdf2_sha256$600000$abcSalt$" + "A" * 44),
    "werkzeug scrypt": ("password_hash", "scrypt:32768:8:1$saltsalt$" + "0f" * 32),
}
CLEAN = {
    "a field named at": json.dumps({"at": "2024-05-01T10:00:00Z", "where": "at home (kitchen)"}),
    "prose": "Meet at noon (room 4) at building B: 12:30",
    "a path with a line": json.dumps({"file": "notes.js", "line": 3, "message": "at least 3 characters"}),
    "an error envelope": json.dumps({"errors": {"body": ["can't be empty"]}, "type": "about:blank"}),
    "a short dollar string": json.dumps({"price": "$2.50", "code": "$2b$"}),
}


@pytest.mark.parametrize(("kind", "body"), FOUND.values(), ids=FOUND.keys())
def test_a_fault_is_found_by_its_shape(kind: str, body: str) -> None:
    assert kind in faults(200, body)


@pytest.mark.parametrize("body", CLEAN.values(), ids=CLEAN.keys())
def test_an_ordinary_body_raises_nothing(body: str) -> None:
    assert faults(200, body) == {}


def test_a_5xx_is_a_server_error_and_a_4xx_is_not() -> None:
    assert faults(503, "")["server_error"] == "HTTP 503"
    assert faults(422, "") == {}
