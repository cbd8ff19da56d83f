import uuid

from conftest import auth


def new_article(client, user, **fields):
    body = {"title": f"Dragons {uuid.uuid4().hex[:8]}", "description": "d", "body": "b", **fields}
    resp = client.post("/api/articles", json={"article": body}, headers=auth(user))
    assert resp.status_code == 201, resp.get_data(as_text=True)
    return resp.get_json()["article"]


def test_register_and_login(client, user):
    resp = client.post("/api/users/login", json={"user": {"email": user["email"], "password": "long-enough-1"}})
    assert resp.status_code == 200
    assert "password" not in resp.get_data(as_text=True)


def test_wrong_password_is_401(client, user):
    resp = client.post("/api/users/login", json={"user": {"email": user["email"], "password": "not-the-one"}})
    assert resp.status_code == 401


def test_article_without_tags_has_an_empty_tag_list(client, user):
    assert new_article(client, user)["tagList"] == []


def test_same_title_gets_another_slug(client, user):
    first = new_article(client, user, title="Same title")
    second = new_article(client, user, title="Same title")
    assert first["slug"] != second["slug"]


def test_only_the_author_deletes(client, user):
    article = new_article(client, user)
    other = client.post(
        "/api/users",
        json={"user": {"username": f"o{uuid.uuid4().hex[:8]}", "email": f"{uuid.uuid4().hex}@ex.com", "password": "x" * 8}},
    ).get_json()["user"]
    assert client.delete(f"/api/articles/{article['slug']}", headers=auth(other)).status_code == 403
    assert client.delete(f"/api/articles/{article['slug']}", headers=auth(user)).status_code == 204


def test_favorites_count_once_per_user(client, user):
    article = new_article(client, user)
    for _ in range(2):
        resp = client.post(f"/api/articles/{article['slug']}/favorite", headers=auth(user))
    assert resp.get_json()["article"]["favoritesCount"] == 1


def test_hostile_tag_matches_nothing(client, user):
    new_article(client, user, tagList=["dragons"])
    resp = client.get("/api/articles", query_string={"tag": "' OR '1'='1"})
    assert resp.status_code == 200 and resp.get_json()["articlesCount"] == 0


def test_bad_limit_is_422(client):
    resp = client.get("/api/articles", query_string={"limit": "ten"})
    assert resp.status_code == 422 and "limit" in resp.get_json()["errors"]
