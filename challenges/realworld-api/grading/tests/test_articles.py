"""Articles: create, read, update, delete, and who may do what."""

import pytest

pytestmark = pytest.mark.skill("api_design")


@pytest.mark.weight(3)
def test_create_article_returns_201_with_the_article(api, register, auth, unique, expect, json_of):
    """Creating an article answers 201 with slug, tagList, author, favorited and favoritesCount"""
    user = register()
    tag = unique("tag")
    body = {
        "title": f"How to {unique('t')}",
        "description": "Ever wonder how?",
        "body": "You have to believe",
        "tagList": [tag, "dragons"],
    }
    resp = api.post("/api/articles", json={"article": body}, headers=auth(user))
    expect(resp, 201, "POST /api/articles creates an article and must answer 201 Created")
    article = json_of(resp, "article")
    for key in ("title", "description", "body"):
        assert article.get(key) == body[key], f"the created article does not echo {key}: {article}"
    assert isinstance(article.get("slug"), str) and article["slug"], f"the article has no slug: {article}"
    assert sorted(article.get("tagList") or []) == sorted([tag, "dragons"]), (
        f"tagList is not the one sent: {article.get('tagList')}"
    )
    assert article.get("favorited") is False and article.get("favoritesCount") == 0, (
        f"a new article is favorited by nobody: favorited {article.get('favorited')!r}, favoritesCount {article.get('favoritesCount')!r}"
    )
    author = article.get("author") or {}
    assert author.get("username") == user["username"] and author.get("following") is False, (
        f"author must be the writer's profile with following: false, got {author}"
    )
    assert article.get("createdAt") and article.get("updatedAt"), "createdAt and updatedAt are missing"


@pytest.mark.skill("security")
@pytest.mark.weight(2)
def test_create_article_requires_a_token(api, unique, expect, slugs):
    """Creating an article without a token is refused (401 or 403) and publishes nothing"""
    tag = unique("tag")
    body = {"article": {"title": "Anonymous", "description": "d", "body": "b", "tagList": [tag]}}
    resp = api.post("/api/articles", json=body)
    expect(resp, (401, 403), "only a logged-in user can publish")
    listed = api.get("/api/articles", params={"tag": tag})
    assert listed.status_code != 200 or slugs(listed) == [], "the refused request published the article anyway"


@pytest.mark.weight(2)
def test_article_without_a_tag_list_is_accepted(api, register, auth, unique, expect, json_of):
    """tagList is optional: an article sent without it is created, with an empty tagList"""
    user = register()
    body = {"title": f"No tags {unique('t')}", "description": "Ever wonder how?", "body": "You have to believe"}
    resp = api.post("/api/articles", json={"article": body}, headers=auth(user))
    expect(resp, (200, 201), "the brief makes tagList optional: an article without it must be created")
    article = json_of(resp, "article")
    assert article.get("tagList") in ([], None), f"an article sent without tags has tagList {article.get('tagList')!r}"


@pytest.mark.weight(2)
@pytest.mark.parametrize("missing", ["title", "description", "body"])
def test_article_without_a_required_field_is_422(api, register, auth, rejected, missing):
    """An article without title, description or body is 422 with the error envelope"""
    user = register()
    fields = {"title": "A title", "description": "A description", "body": "A body"}
    del fields[missing]
    rejected(api.post("/api/articles", json={"article": fields}, headers=auth(user)))


@pytest.mark.weight(2)
def test_get_article_by_slug_without_a_token(api, register, write, expect, json_of):
    """GET /api/articles/{slug} works without a token"""
    article = write(register(), body="Read me")
    resp = api.get(f"/api/articles/{article['slug']}")
    expect(resp, 200, "articles are public")
    found = json_of(resp, "article")
    assert found.get("slug") == article["slug"] and found.get("body") == "Read me", (
        f"GET returned another article: {found}"
    )


def test_unknown_article_is_404(api, unique, expect):
    """An unknown slug is 404"""
    expect(api.get(f"/api/articles/{unique('no-such-article-')}"), 404, "no article has this slug")


@pytest.mark.skill("server_logic")
@pytest.mark.weight(2)
def test_same_title_gets_a_distinct_slug(api, register, write, unique, expect):
    """Two articles with the same title get different slugs and both stay reachable"""
    title = f"Same title {unique('t')}"
    first, second = write(register(), title=title), write(register(), title=title)
    assert first["slug"] != second["slug"], f"two articles share the slug {first['slug']!r}"
    for article in (first, second):
        expect(api.get(f"/api/articles/{article['slug']}"), 200, "each article must be reachable by its own slug")


@pytest.mark.skill("server_logic")
@pytest.mark.weight(2)
def test_author_updates_the_article(api, register, auth, write, expect, json_of):
    """The author can update the body; the other fields stay"""
    user = register()
    article = write(user)
    resp = api.put(f"/api/articles/{article['slug']}", json={"article": {"body": "New body"}}, headers=auth(user))
    expect(resp, 200, "the author updates their own article")
    updated = json_of(resp, "article")
    assert updated.get("body") == "New body", f"the body was not changed: {updated}"
    assert updated.get("title") == article["title"] and updated.get("description") == article["description"], (
        f"an update of the body alone changed title or description: {updated}"
    )
    again = json_of(api.get(f"/api/articles/{updated.get('slug')}"), "article")
    assert again.get("body") == "New body", "the update was not kept"


@pytest.mark.skill("server_logic")
def test_new_title_gives_a_new_slug(api, register, auth, write, unique, expect, json_of):
    """Changing the title changes the slug, and the article is found under the new one"""
    user = register()
    article = write(user)
    title = f"Renamed {unique('t')}"
    resp = api.put(f"/api/articles/{article['slug']}", json={"article": {"title": title}}, headers=auth(user))
    expect(resp, 200, "the author renames their article")
    updated = json_of(resp, "article")
    assert updated.get("title") == title and updated.get("slug") != article["slug"], (
        f"the slug follows the title, but after renaming it is still {updated.get('slug')!r}"
    )
    expect(api.get(f"/api/articles/{updated['slug']}"), 200, "the article must be found under its new slug")


@pytest.mark.skill("security")
@pytest.mark.severity("critical")
@pytest.mark.weight(6)
def test_other_user_cannot_update_the_article(api, register, auth, write, refused, expect, json_of):
    """Another user cannot update someone's article: the request is refused and nothing changes"""
    author, intruder = register(), register()
    article = write(author, body="Original")
    resp = api.put(f"/api/articles/{article['slug']}", json={"article": {"body": "Defaced"}}, headers=auth(intruder))
    refused(resp, "only the author may change an article")
    after = api.get(f"/api/articles/{article['slug']}")
    expect(after, 200, "the article must still be there under its slug after the refused update")
    assert json_of(after, "article").get("body") == "Original", "the refused update changed the article anyway"


@pytest.mark.skill("security")
@pytest.mark.severity("critical")
@pytest.mark.weight(6)
def test_other_user_cannot_delete_the_article(api, register, auth, write, refused, expect):
    """Another user cannot delete someone's article: the request is refused and the article stays"""
    author, intruder = register(), register()
    article = write(author)
    refused(api.delete(f"/api/articles/{article['slug']}", headers=auth(intruder)), "only the author may delete")
    expect(api.get(f"/api/articles/{article['slug']}"), 200, "the article must still exist after the refused delete")


@pytest.mark.weight(2)
def test_forbidden_changes_answer_403(api, register, auth, write, comment_on):
    """A logged-in user changing someone else's article or comment gets 403 (the brief's status for it)"""
    author, intruder = register(), register()
    article = write(author)
    comment = comment_on(author, article["slug"], "Mine")
    attempts = {
        "PUT the article": api.put(
            f"/api/articles/{article['slug']}", json={"article": {"body": "x"}}, headers=auth(intruder)
        ),
        "DELETE the comment": api.delete(
            f"/api/articles/{article['slug']}/comments/{comment['id']}", headers=auth(intruder)
        ),
        "DELETE the article": api.delete(f"/api/articles/{article['slug']}", headers=auth(intruder)),
    }
    wrong = {what: resp.status_code for what, resp in attempts.items() if resp.status_code != 403}
    assert not wrong, f"a non-author's attempt must answer 403 Forbidden; got {wrong}"


@pytest.mark.skill("security")
@pytest.mark.weight(2)
def test_delete_without_a_token_is_refused(api, register, write, expect):
    """Deleting an article without a token is refused (401 or 403) and the article stays"""
    article = write(register())
    expect(api.delete(f"/api/articles/{article['slug']}"), (401, 403), "a delete needs a logged-in user")
    expect(api.get(f"/api/articles/{article['slug']}"), 200, "the article must still exist after the refused delete")


@pytest.mark.weight(2)
def test_author_deletes_the_article(api, register, auth, write, expect):
    """The author deletes the article (204 or 200); then it is 404"""
    user = register()
    article = write(user)
    expect(
        api.delete(f"/api/articles/{article['slug']}", headers=auth(user)),
        (200, 204),
        "the author deletes their article",
    )
    expect(api.get(f"/api/articles/{article['slug']}"), 404, "a deleted article is gone")
