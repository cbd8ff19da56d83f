"""The routes analyzer: the routes in the code against the served OpenAPI document and the brief's contract."""

from __future__ import annotations

from pathlib import Path

from assay.grading.analyzers import routes
from assay.grading.analyzers.inventory import take_inventory

BRIEF = """\
| `POST /rooms` | create |
| `GET /rooms/{id}` | read |
| `DELETE /rooms/{id}` | delete |
| `GET /openapi.json` | the document |
"""


def _compare(root: Path, files: dict[str, str], served: list[tuple[str, str]] | None) -> list[tuple[str, str]]:
    for name, text in files.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(text)
    found = routes.compare(root, take_inventory(root).files, served, BRIEF)
    return [(f.rule, f.message) for f in found]


def test_a_documented_route_the_code_never_declares_is_missing_in_every_stack(tmp_path: Path) -> None:
    stacks = {
        "flask": {
            "app.py": '@app.post("/rooms")\ndef create(): ...\n@app.get("/rooms/<int:room_id>")\ndef read(): ...\n'
        },
        "express": {
            "src/app.js": "app.use('/rooms', rooms);\n",
            "src/rooms.js": "r.post('/', create);\nr.get('/:id', read);\n",
        },
        "go": {"main.go": 'mux.HandleFunc("POST /rooms", create)\nmux.HandleFunc("GET /rooms/{id}", read)\n'},
        "spring": {
            "Rooms.java": '@RequestMapping("/rooms")\npublic class Rooms {\n@PostMapping\nRoom create() {}\n'
            '@GetMapping("/{id}")\nRoom read() {}\n}\n'
        },
    }
    for name, files in stacks.items():
        found = _compare(tmp_path / name, files, None)
        assert found == [
            (
                "routes.documented_missing",
                "The brief's contract has `DELETE /rooms/{id}`, but no route in the code declares it.",
            )
        ], name


def test_a_sample_request_in_the_brief_names_the_route_that_serves_it(tmp_path: Path) -> None:
    brief = "| Load probe | `GET /customers/42/orders?limit=20`, 60 requests |\n"
    (tmp_path / "go").mkdir()
    (tmp_path / "other").mkdir()
    code = {"main.go": 'mux.HandleFunc("GET /customers/{id}/orders", orders)\n'}

    found = routes.compare(_write(tmp_path / "go", code), take_inventory(tmp_path / "go").files, None, brief)
    assert found == []

    other = {"main.go": 'mux.HandleFunc("GET /customers/{id}/summary", summary)\n'}
    found = routes.compare(_write(tmp_path / "other", other), take_inventory(tmp_path / "other").files, None, brief)
    assert [f.rule for f in found] == ["routes.documented_missing"]


def test_a_route_the_served_document_leaves_out_is_undocumented_and_one_it_serves_is_not_missing(
    tmp_path: Path,
) -> None:
    code = {"app.py": '@app.post("/rooms")\ndef create(): ...\n@app.post("/admin/reset")\ndef reset(): ...\n'}
    served = [("POST", "/rooms"), ("GET", "/rooms/{room_id}"), ("DELETE", "/rooms/{room_id}")]

    found = routes.compare(_write(tmp_path, code), take_inventory(tmp_path).files, served, BRIEF)

    assert [(f.rule, f.path, f.line, f.severity) for f in found] == [("routes.undocumented", "app.py", 3, "low")]
    assert (
        found[0].message
        == "`POST /admin/reset` is declared in the code but the served OpenAPI document does not list it."
    )


def test_code_that_routes_by_hand_and_serves_no_document_gets_no_finding(tmp_path: Path) -> None:
    code = {
        "app.py": "class Handler(BaseHTTPRequestHandler):\n    def do_GET(self):\n        if self.path == '/rooms':\n"
    }
    assert _compare(tmp_path, code, None) == []


def _write(root: Path, files: dict[str, str]) -> Path:
    for name, text in files.items():
        (root / name).write_text(text)
    return root


def test_a_concrete_request_in_the_brief_matches_the_route_with_a_parameter(tmp_path: Path) -> None:
    brief = "| Load probe | `GET /customers/42/orders?limit=20`, 60 requests |\n| `GET /customers/{id}/summary` | |\n"
    code = {
        "OrderController.java": "@RestController\npublic class OrderController {\n"
        '@GetMapping("/customers/{id}/orders")\nMap<String, Object> orders() {}\n}\n'
    }

    found = routes.compare(_write(tmp_path, code), take_inventory(tmp_path).files, None, brief)

    assert [f.message for f in found] == [
        "The brief's contract has `GET /customers/{id}/summary`, but no route in the code declares it."
    ]
