"""A sample of the platform's checks (the hidden suite has many more)."""

import uuid

from conftest import auth


def test_health(api):
    assert api.get("/health").status_code == 200


def test_register_returns_the_user_with_a_token(api):
    name = f"user{uuid.uuid4().hex[:12]}"
    resp = api.post(
        "/api/users",
        json={"user": {"username": name, "email": f"{name}@example.com", "password": "pa55word!"}},
    )
    assert resp.status_code == 201
    user = resp.json()["user"]
    assert user["username"] == name and user["token"]
    assert "password" not in user


def test_registration_without_email_is_422(api):
    resp = api.post(
        "/api/users", json={"user": {"username": f"user{uuid.uuid4().hex[:12]}", "password": "pa55word!"}}
    )
    assert resp.status_code == 422
    assert isinstance(resp.json()["errors"], dict)


def test_login_and_current_user(api, register):
    user = register()
    resp = api.post("/api/users/login", json={"user": {"email": user["email"], "password": "pa55word!"}})
    assert resp.status_code == 200
    me = api.get("/api/user", headers=auth(resp.json()["user"]))
    assert me.json()["user"]["username"] == user["username"]
    assert api.get("/api/user").status_code == 401


def test_create_and_read_an_article(api, register):
    user = register()
    body = {
        "article": {
            "title": "How to train your dragon",
            "description": "Ever wonder how?",
            "body": "Believe.",
            "tagList": ["dragons"],
        }
    }
    resp = api.post("/api/articles", json=body, headers=auth(user))
    assert resp.status_code == 201
    article = resp.json()["article"]
    assert article["author"]["username"] == user["username"] and article["favoritesCount"] == 0
    assert api.get(f"/api/articles/{article['slug']}").json()["article"]["body"] == "Believe."


def test_only_the_author_may_delete(api, register):
    author, other = register(), register()
    body = {"article": {"title": "Mine", "description": "d", "body": "b"}}
    slug = api.post("/api/articles", json=body, headers=auth(author)).json()["article"]["slug"]
    assert api.delete(f"/api/articles/{slug}", headers=auth(other)).status_code == 403
    assert api.delete(f"/api/articles/{slug}", headers=auth(author)).status_code == 204


def test_list_by_author_uses_the_envelope(api, register):
    user = register()
    body = {"article": {"title": "Listed", "description": "d", "body": "b"}}
    slug = api.post("/api/articles", json=body, headers=auth(user)).json()["article"]["slug"]
    page = api.get("/api/articles", params={"author": user["username"], "limit": 10}).json()
    assert [a["slug"] for a in page["articles"]] == [slug]
    assert page["articlesCount"] == 1
