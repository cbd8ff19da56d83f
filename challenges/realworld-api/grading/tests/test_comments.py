"""Comments on articles."""

import pytest

pytestmark = pytest.mark.skill("api_design")


def body_of(resp):
    try:
        return resp.json()
    except ValueError:
        return None


@pytest.mark.weight(2)
def test_add_comment_returns_201(api, register, auth, write, expect, json_of):
    """Commenting answers 201 with {"comment": {id, body, createdAt, updatedAt, author}}"""
    author, reader = register(), register()
    article = write(author)
    resp = api.post(
        f"/api/articles/{article['slug']}/comments", json={"comment": {"body": "Thank you!"}}, headers=auth(reader)
    )
    expect(resp, 201, "POST .../comments creates a comment and must answer 201 Created")
    comment = json_of(resp, "comment")
    assert comment.get("body") == "Thank you!" and "id" in comment, (
        f"the comment must have an id and the body: {comment}"
    )
    assert (comment.get("author") or {}).get("username") == reader["username"], (
        f"the comment's author is wrong: {comment}"
    )
    assert comment.get("createdAt"), "the comment has no createdAt"


@pytest.mark.weight(2)
def test_list_comments_of_an_article(api, register, write, comment_on, expect):
    """GET .../comments lists every comment of that article (and only those), without a token"""
    user = register()
    article, other = write(user), write(user)
    for text in ("first", "second"):
        comment_on(user, article["slug"], text)
    comment_on(user, other["slug"], "elsewhere")
    resp = api.get(f"/api/articles/{article['slug']}/comments")
    expect(resp, 200, "comments are public")
    comments = body_of(resp).get("comments") if isinstance(body_of(resp), dict) else None
    assert isinstance(comments, list), f'expected {{"comments": [...]}}, got {resp.text[:200]!r}'
    assert sorted(c.get("body") for c in comments) == ["first", "second"], (
        f"the article's comments are {[c.get('body') for c in comments]}; expected exactly first and second"
    )


@pytest.mark.skill("security")
@pytest.mark.weight(2)
def test_comment_requires_a_token(api, register, write, expect):
    """Commenting without a token is refused (401 or 403) and adds no comment"""
    article = write(register())
    resp = api.post(f"/api/articles/{article['slug']}/comments", json={"comment": {"body": "anon"}})
    expect(resp, (401, 403), "only a logged-in user can comment")
    left = body_of(api.get(f"/api/articles/{article['slug']}/comments"))
    assert not (isinstance(left, dict) and left.get("comments")), "the refused request added the comment anyway"


def test_comment_on_unknown_article_is_404(api, register, auth, unique, expect):
    """Commenting on an unknown article is 404"""
    resp = api.post(
        f"/api/articles/{unique('missing-')}/comments", json={"comment": {"body": "x"}}, headers=auth(register())
    )
    expect(resp, 404, "there is no such article")


def test_empty_comment_is_422(api, register, auth, write, rejected):
    """A comment without a body is 422 with the error envelope"""
    user = register()
    article = write(user)
    rejected(api.post(f"/api/articles/{article['slug']}/comments", json={"comment": {"body": ""}}, headers=auth(user)))


@pytest.mark.skill("server_logic")
@pytest.mark.weight(2)
def test_author_deletes_own_comment(api, register, auth, write, comment_on, expect):
    """The comment's author deletes it; it is gone from the list"""
    user = register()
    article = write(user)
    comment = comment_on(user, article["slug"], "oops")
    resp = api.delete(f"/api/articles/{article['slug']}/comments/{comment.get('id')}", headers=auth(user))
    expect(resp, (200, 204), "the author deletes their comment")
    left = api.get(f"/api/articles/{article['slug']}/comments").json().get("comments")
    assert left == [], f"the deleted comment is still listed: {left}"


@pytest.mark.skill("security")
@pytest.mark.severity("critical")
@pytest.mark.weight(5)
def test_other_user_cannot_delete_a_comment(api, register, auth, write, comment_on, refused):
    """Another user cannot delete someone's comment: the request is refused and the comment stays"""
    writer, commenter, intruder = register(), register(), register()
    article = write(writer)
    comment = comment_on(commenter, article["slug"], "mine")
    resp = api.delete(f"/api/articles/{article['slug']}/comments/{comment.get('id')}", headers=auth(intruder))
    refused(resp, "only the comment's author may delete it")
    left = api.get(f"/api/articles/{article['slug']}/comments").json().get("comments") or []
    assert [c.get("body") for c in left] == ["mine"], "the refused delete removed the comment anyway"
