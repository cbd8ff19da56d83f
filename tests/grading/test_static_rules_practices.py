"""Each practice rule (REST, layering, input validation, error handling, ownership, transactions) finds its fault
where it is and leaves the usual correct code alone, in each stack it reads.

Same shape as test_static_rules.py: a risky file whose faulty lines end with a FAULT comment, a clean file doing the
same job correctly; both trees are scanned once with all of Assay's rules.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from assay.grading.analyzers import semgrep
from assay.grading.analyzers.inventory import take_inventory
from assay.grading.report import Finding
from tests.grading.test_static_rules import Case

CASES = {
    "FastAPI create answering 200": Case(
        "rest.create_not_201",
        "app/rooms.py",
        """\
@router.post("/rooms")  # FAULT
def create_room(body: RoomIn) -> dict:
    return {"id": 1}


@bp.post("/rooms/<int:room_id>/bookings")  # FAULT
def create_booking(room_id):
    return jsonify(book(room_id))
""",
        """\
@router.post("/rooms", status_code=201)
def create_room(body: RoomIn) -> dict:
    return {"id": 1}


@router.post("/users/login")
def login(body: Login) -> dict:
    return {"token": "t"}


@bp.post("/bookings")
def create_booking():
    with db.transaction() as conn:
        response = send(represent(book(conn)), 201, "/bookings/1")
    return response
""",
    ),
    "Express create answering 200": Case(
        "rest.create_not_201",
        "src/articles.js",
        """\
router.post('/articles', async (req, res) => { // FAULT
  res.json(await create(req.body));
});
""",
        """\
router.post('/articles', async (req, res) => {
  res.status(201).location('/articles/1').json(await create(req.body));
});
router.post('/users/login', async (req, res) => { res.json(await login(req.body)); });
""",
    ),
    "DELETE answering a body": Case(
        "rest.delete_with_body",
        "app/delete.py",
        """\
@router.delete("/rooms/{room_id}")  # FAULT
def delete_room(room_id: int) -> dict:
    return {"deleted": True}
""",
        """\
@router.delete("/rooms/{room_id}", status_code=204)
def delete_room(room_id: int) -> Response:
    return Response(status_code=204)


@router.delete("/articles/{slug}/favorite")
def unfavorite(slug: str) -> dict:
    return {"article": {}}


@bp.delete("/bookings/<int:booking_id>")
def cancel(booking_id):
    return Response(status=204)
""",
    ),
    "Express DELETE answering a body": Case(
        "rest.delete_with_body",
        "src/rooms.js",
        """\
r.delete('/:id', async (req, res) => { // FAULT
  res.json({ deleted: await remove(req.params.id) });
});
""",
        """\
r.delete('/:id', async (req, res) => {
  await remove(req.params.id);
  res.status(204).end();
});
""",
    ),
    "verbs in paths": Case(
        "rest.verb_in_path",
        "app/verbs.py",
        """\
@router.get("/getRooms")  # FAULT
def rooms() -> list:
    return []


@router.post("/rooms/delete/{room_id}")  # FAULT
def delete(room_id: int) -> None:
    pass
""",
        """\
@router.get("/rooms/updates")
def updates() -> list:
    return []


@router.post("/bookings/{booking_id}/cancel")
def cancel(booking_id: int) -> dict:
    return {}
""",
    ),
    "verbs in Express and Go paths": Case(
        "rest.verb_in_path",
        "src/verbs.js",
        """\
app.get('/getRooms', (req, res) => res.json([])); // FAULT
app.post('/rooms/create', async (req, res) => { res.status(201).json({}); }); // FAULT
""",
        """\
app.get('/rooms', (req, res) => res.json([]));
""",
    ),
    "Go verb path": Case(
        "rest.verb_in_path",
        "internal/server/routes.go",
        """\
package server

func routes(mux *http.ServeMux) {
	mux.HandleFunc("POST /createRoom", createRoom) // FAULT
	mux.HandleFunc("GET /rooms", listRooms)
}
""",
        """\
package server

func routes(mux *http.ServeMux) {
	mux.HandleFunc("POST /rooms", createRoom)
}
""",
    ),
    "swallowed exceptions": Case(
        "errors.swallowed",
        "app/work.py",
        """\
def sync():
    try:  # FAULT
        push()
    except Exception:
        pass
""",
        """\
def sync():
    try:
        push()
    except Exception:
        log.exception("push failed")
        raise


def optional(d):
    try:
        return d["x"]
    except KeyError:
        pass
""",
    ),
    "swallowed errors in JavaScript": Case(
        "errors.swallowed",
        "src/work.js",
        """\
async function sync() {
  try { await push(); } catch (e) {} // FAULT
  notify().catch(() => {}); // FAULT
}
""",
        """\
async function sync() {
  try { await push(); } catch (e) { console.error(e); throw e; }
}
""",
    ),
    "exception text in a response": Case(
        "errors.exception_text",
        "app/errors.py",
        """\
def create():
    try:
        return store()
    except Exception as e:
        return {"error": str(e)}, 500  # FAULT
""",
        """\
def create():
    try:
        return store()
    except ValueError as e:
        return {"error": str(e)}, 422
""",
    ),
    "error message with a 500 in Express": Case(
        "errors.exception_text",
        "src/errors.js",
        """\
app.use((err, req, res, next) => {
  res.status(500).json({ error: err.message }); // FAULT
});
""",
        """\
app.use((err, req, res, next) => {
  if (err.status) return res.status(err.status).json({ detail: err.message });
  console.error(err);
  res.status(500).json({ title: 'Internal error' });
});
""",
    ),
    "Python traceback in a response": Case(
        "security.error_details_leak",
        "app/problems.py",
        """\
import traceback


def unexpected(error):
    log.exception("unexpected error")
    return problem(500, "Internal server error", traceback.format_exc())  # FAULT
""",
        """\
import traceback


def unexpected(error):
    log.error("unexpected error: %s", traceback.format_exc())
    return problem(500, "Internal server error", "The service failed; the error was logged.")
""",
    ),
    "read and write in two transactions": Case(
        "transactions.split",
        "app/edit.py",
        """\
def update_room(room_id, values):
    with db.transaction() as conn:  # FAULT
        current = load_room(conn, room_id)
    require_current(current)
    try:
        with db.transaction() as conn:
            conn.execute("UPDATE rooms SET name = %s WHERE id = %s", (values["name"], room_id))
    except UniqueViolation:
        raise Conflict("taken") from None
""",
        """\
def update_room(room_id, values):
    with db.transaction() as conn:
        current = load_room(conn, room_id, lock=True)
        require_current(current)
        conn.execute("UPDATE rooms SET name = %s WHERE id = %s", (values["name"], room_id))
""",
    ),
    "several writes on the pool": Case(
        "transactions.multi_write",
        "src/orders.js",
        """\
router.post('/orders', async (req, res) => {
  const { rows } = await pool.query('INSERT INTO orders (total) VALUES ($1) RETURNING id', [1]); // FAULT
  await pool.query('UPDATE stock SET n = n - 1 WHERE id = $1', [2]);
  res.status(201).json(rows[0]);
});
""",
        """\
router.post('/orders', async (req, res) => {
  const row = await inTransaction(pool, async (client) => {
    const { rows } = await client.query('INSERT INTO orders (total) VALUES ($1) RETURNING id', [1]);
    await client.query('UPDATE stock SET n = n - 1 WHERE id = $1', [2]);
    return rows[0];
  });
  res.status(201).json(row);
});
""",
    ),
    "raw bodies": Case(
        "input.unvalidated_body",
        "app/raw.py",
        """\
@router.post("/rooms", status_code=201)
async def create_room(request: Request) -> dict:
    body = await request.json()  # FAULT
    return {"id": 1, "name": body["name"]}


def rename():
    return save(request.json["name"])  # FAULT
""",
        """\
@router.post("/rooms", status_code=201)
async def create_room(body: RoomIn) -> dict:
    return {"id": 1, "name": body.name}
""",
    ),
    "body fields into a query": Case(
        "input.unvalidated_body",
        "src/raw.js",
        """\
router.put('/rooms/:id', async (req, res) => {
  await pool.query('UPDATE rooms SET name = $1 WHERE id = $2', [req.body.name, req.params.id]); // FAULT
  res.status(204).end();
});
""",
        """\
router.put('/rooms/:id', async (req, res) => {
  const room = roomFields(req.body);
  await pool.query('UPDATE rooms SET name = $1 WHERE id = $2', [room.name, req.params.id]);
  res.status(204).end();
});
""",
    ),
    "no ownership check": Case(
        "auth.no_ownership_check",
        "app/article_store.py",
        """\
def delete_article(slug: str, user_id: int) -> None:
    with transaction() as conn:
        deleted = conn.execute("DELETE FROM articles WHERE slug = %s", (slug,)).rowcount  # FAULT
        if not deleted:
            raise not_found("article")
""",
        """\
def delete_article(slug: str, user_id: int) -> None:
    with transaction() as conn:
        current = owned(conn, slug, user_id)
        conn.execute("DELETE FROM articles WHERE id = %s", (current["id"],))
""",
    ),
    "SQL formatted into psycopg's sql.SQL": Case(
        "security.sql_injection",
        "app/search.py",
        """\
from psycopg import sql


def search(q):
    return sql.SQL(f"name ILIKE '%%{q}%%'")  # FAULT
""",
        """\
from psycopg import sql


def search(direction):
    return sql.SQL("({}, id) " + (">" if direction == "ASC" else "<") + " (%s, %s)")
""",
    ),
    "SQL in route handlers": Case(
        "layering.sql_in_handler",
        "app/handlers.py",
        """\
@router.get("/rooms/{room_id}")
def get_room(room_id: int, request: Request) -> dict:
    with request.app.state.pool.connection() as conn:
        return conn.execute("SELECT * FROM rooms WHERE id = %s", (room_id,)).fetchone()  # FAULT
""",
        """\
@router.get("/rooms/{room_id}")
def get_room(room_id: int, request: Request) -> dict:
    return rooms.find(request.app.state.pool, room_id)
""",
    ),
}


def _scan(root: Path, which: str) -> list[Finding]:
    for case in CASES.values():
        path = root / case.path
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(case.risky if which == "risky" else case.clean)
    return semgrep.scan(root, take_inventory(root).files)


@pytest.fixture(scope="module")
def scanned(tmp_path_factory: pytest.TempPathFactory) -> dict[str, list[Finding]]:
    return {which: _scan(tmp_path_factory.mktemp(which), which) for which in ("risky", "clean")}


@pytest.mark.parametrize("name", CASES)
def test_the_rule_finds_each_faulty_line(scanned: dict[str, list[Finding]], name: str) -> None:
    case = CASES[name]
    found = sorted(f.line for f in scanned["risky"] if f.rule == case.rule and f.path == case.path)
    assert found == case.faulty_lines(), [f for f in scanned["risky"] if f.path == case.path]
    assert all(f.message and f.skill and f.severity for f in scanned["risky"] if f.path == case.path)


@pytest.mark.parametrize("name", CASES)
def test_the_rule_leaves_correct_code_alone(scanned: dict[str, list[Finding]], name: str) -> None:
    case = CASES[name]
    assert [f for f in scanned["clean"] if f.path == case.path and f.rule == case.rule] == []
