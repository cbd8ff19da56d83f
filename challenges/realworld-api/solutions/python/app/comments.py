"""Comments on an article."""

from typing import Any

from fastapi import APIRouter, Request, Response

from app import auth
from app.articles import find_article
from app.errors import forbidden, not_found
from app.http import JsonBody, text, transaction, unwrap

router = APIRouter(prefix="/api/articles/{slug}/comments")

COMMENTS = """
SELECT c.id, c.author_id, c.body, c.created_at, c.updated_at, u.username, u.bio, u.image,
  EXISTS (SELECT 1 FROM follows fo WHERE fo.followee_id = c.author_id AND fo.follower_id = %(viewer)s)
    AS following
FROM comments c JOIN users u ON u.id = c.author_id
WHERE c.article_id = %(article)s AND (%(id)s::bigint IS NULL OR c.id = %(id)s)
ORDER BY c.created_at, c.id
"""
INSERT_COMMENT = "INSERT INTO comments (article_id, author_id, body) VALUES (%s, %s, %s) RETURNING id"
DELETE_COMMENT = "DELETE FROM comments WHERE id = %s"


def comment_json(row: dict[str, Any]) -> dict[str, Any]:
    author = {k: row[k] for k in ("username", "bio", "image", "following")}
    return {
        "id": row["id"],
        "body": row["body"],
        "createdAt": row["created_at"].isoformat(timespec="milliseconds").replace("+00:00", "Z"),
        "updatedAt": row["updated_at"].isoformat(timespec="milliseconds").replace("+00:00", "Z"),
        "author": author,
    }


@router.get("")
def list_comments(request: Request, slug: str) -> dict[str, Any]:
    """An article's comments, oldest first."""
    viewer = auth.viewer_id(request)
    with transaction(request) as conn:
        article = find_article(conn, slug, viewer)
        rows = conn.execute(COMMENTS, {"viewer": viewer, "article": article["id"], "id": None}).fetchall()
    return {"comments": [comment_json(r) for r in rows]}


@router.post("", status_code=201)
def add_comment(request: Request, slug: str, body: JsonBody) -> dict[str, Any]:
    """Comment on an article."""
    me = auth.user_id(request)
    comment_body = text(unwrap(body, "comment"), "body", required=True, max_length=10_000)
    with transaction(request) as conn:
        article = find_article(conn, slug, me)
        new = conn.execute(INSERT_COMMENT, (article["id"], me, comment_body)).fetchone()
        row = conn.execute(COMMENTS, {"viewer": me, "article": article["id"], "id": new["id"]}).fetchone()
    return {"comment": comment_json(row)}


@router.delete("/{comment_id}", status_code=204)
def delete_comment(request: Request, slug: str, comment_id: int) -> Response:
    """Delete a comment (its author only)."""
    me = auth.user_id(request)
    with transaction(request) as conn:
        article = find_article(conn, slug, me)
        row = conn.execute(COMMENTS, {"viewer": me, "article": article["id"], "id": comment_id}).fetchone()
        if row is None:
            raise not_found("comment")
        if row["author_id"] != me:
            raise forbidden("only the author may delete this comment")
        conn.execute(DELETE_COMMENT, (comment_id,))
    return Response(status_code=204)
