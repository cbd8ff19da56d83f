"""The library pages, as the team sees them."""

from __future__ import annotations

import shutil

import pytest

from assay.challenges.services import load_library


@pytest.fixture
def loaded(db, library, var_dir):
    """Two challenges: tiny-api (api, junior, python) and tiny-db (database, senior, sql + go)."""
    shutil.copytree(library / "tiny-api", library / "tiny-db")
    toml = library / "tiny-db" / "challenge.toml"
    text = toml.read_text().replace('"tiny-api"', '"tiny-db"').replace("Tiny greetings API", "Tiny ledger schema")
    text = text.replace('category = "api"', 'category = "database"').replace('"junior"', '"senior"')
    toml.write_text(
        text.replace('stacks = ["python"]', 'stacks = ["sql", "go"]').replace('"server_logic"]', '"database"]')
    )
    for stack in ("sql", "go"):
        shutil.copytree(library / "tiny-db" / "starters" / "python", library / "tiny-db" / "starters" / stack)
    report = load_library(library)
    assert report.ok, report.refused
    return library


def titles(response) -> list[str]:
    html = response.content.decode()
    return [t for t in ("Tiny greetings API", "Tiny ledger schema") if t in html]


def test_anonymous_is_sent_to_sign_in(loaded, team):
    response = team.client("anonymous").get("/library/")
    assert response.status_code == 302 and response["Location"].startswith("/login/")


@pytest.mark.parametrize("who", ["viewer", "reviewer", "admin", "owner", "outsider"])
def test_every_member_browses_the_shared_library(loaded, team, who):
    response = team.client(who).get("/library/")
    assert response.status_code == 200
    assert titles(response) == ["Tiny greetings API", "Tiny ledger schema"]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("category=database", ["Tiny ledger schema"]),
        ("difficulty=junior", ["Tiny greetings API"]),
        ("skill=server_logic", ["Tiny greetings API"]),
        ("skill=database", ["Tiny ledger schema"]),
        ("stack=go", ["Tiny ledger schema"]),
        ("stack=python&category=api", ["Tiny greetings API"]),
        ("stack=java", []),
        ("category=nonsense", ["Tiny greetings API", "Tiny ledger schema"]),
    ],
)
def test_filters(loaded, team, query, expected):
    response = team.client("viewer").get(f"/library/?{query}")
    assert response.status_code == 200
    assert titles(response) == expected


def test_filter_form_has_labels(loaded, team):
    html = team.client("viewer").get("/library/").content.decode()
    for name in ("category", "skill", "stack", "difficulty"):
        assert f'<label for="id_{name}">' in html
    assert '<th scope="col">Challenge</th>' in html


def test_challenge_page_shows_what_is_graded_but_no_hidden_code(loaded, team):
    response = team.client("viewer").get("/library/tiny-api/")
    html = response.content.decode()
    assert response.status_code == 200
    assert "<h1>Tiny greetings API</h1>" in html
    assert "30 minutes" in html and "PostgreSQL" in html
    assert '<th scope="row">Hidden API tests</th><td>80</td><td>76%</td>' in html
    assert '<th scope="row">API design</th><td>1</td>' in html
    assert "<code>GET /hello</code>" in html
    for hidden in ("test_hello", "status_code == 200", "wrong-status", "conftest"):
        assert hidden not in html


def test_unknown_challenge_is_404(loaded, team):
    response = team.client("viewer").get("/library/no-such-thing/")
    assert response.status_code == 404
    assert "no-such-thing" in response.content.decode()


def test_brief_html_is_escaped_and_links_are_not_followed(loaded, team, library):
    brief = library / "tiny-api" / "brief.md"
    brief.write_text(
        "# Brief\n\n<script>alert('x')</script>\n\n"
        "[docs](https://example.com/docs) and [bad](javascript:alert(1)) <img src=x onerror=alert(1)>\n"
    )
    load_library(library)
    html = team.client("viewer").get("/library/tiny-api/").content.decode()
    assert "<script>alert" not in html and "&lt;script&gt;alert('x')&lt;/script&gt;" in html
    assert "<img" not in html
    assert '<a href="https://example.com/docs" rel="nofollow noopener">docs</a>' in html
    assert 'href="javascript:' not in html
