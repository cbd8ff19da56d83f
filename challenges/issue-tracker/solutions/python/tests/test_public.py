"""A sample of the platform's checks (the hidden suite has many more, some in a browser)."""


def test_health(api):
    assert api.get("/health").status_code == 200


def test_the_page_is_served(api):
    resp = api.get("/")
    assert resp.status_code == 200
    assert 'id="new-issue"' in resp.text


def test_create_answers_201_with_the_issue(api):
    resp = api.post("/api/issues", json={"title": "Login page is slow", "labels": ["perf"]})
    assert resp.status_code == 201
    assert resp.json()["status"] == "open"


def test_a_title_of_only_spaces_is_422_naming_the_field(api):
    resp = api.post("/api/issues", json={"title": "   "})
    assert resp.status_code == 422
    assert "title" in resp.json()["errors"]
