"""Routes and queries of comments on an article."""

from flask import Blueprint, jsonify
from psycopg import sql

from conduit import article_store, security, validation
from conduit.articles import timestamp
from conduit.db import transaction
from conduit.errors import forbidden, not_found

blueprint = Blueprint("comments", __name__)

COMMENT_COLUMNS = (
    "SELECT c.id, c.body, c.created_at, c.updated_at, c.author_id, u.username, u.bio, u.image,"
    " EXISTS (SELECT 1 FROM follows fo WHERE fo.followee_id = c.author_id AND fo.follower_id = %(viewer)s)"
    " AS following FROM comments c JOIN users u ON u.id = c.author_id"
)


def comment_json(row: dict) -> dict:
    return {
        "id": row["id"],
        "body": row["body"],
        "createdAt": timestamp(row["created_at"]),
        "updatedAt": timestamp(row["updated_at"]),
        "author": {"username": row["username"], "bio": row["bio"], "image": row["image"], "following": row["following"]},
    }


@blueprint.get("/api/articles/<slug>/comments")
def list_comments(slug: str):
    viewer_id = security.token_user_id()
    article = article_store.get_article(slug, viewer_id)
    with transaction() as conn:
        rows = conn.execute(
            sql.SQL("{} WHERE c.article_id = %(article)s ORDER BY c.created_at, c.id").format(sql.SQL(COMMENT_COLUMNS)),
            {"viewer": viewer_id, "article": article["id"]},
        ).fetchall()
    return jsonify(comments=[comment_json(row) for row in rows])


@blueprint.post("/api/articles/<slug>/comments")
def add_comment(slug: str):
    author_id = security.required_user_id()
    body = validation.text(validation.envelope("comment"), "body", required=True, max_length=10_000)
    article = article_store.get_article(slug, author_id)
    with transaction() as conn:
        new_id = conn.execute(
            "INSERT INTO comments (article_id, author_id, body) VALUES (%s, %s, %s) RETURNING id",
            (article["id"], author_id, body),
        ).fetchone()["id"]
        one = sql.SQL("{} WHERE c.id = %(id)s").format(sql.SQL(COMMENT_COLUMNS))
        row = conn.execute(one, {"viewer": author_id, "id": new_id}).fetchone()
    return jsonify(comment=comment_json(row)), 201


@blueprint.delete("/api/articles/<slug>/comments/<int:comment_id>")
def delete_comment(slug: str, comment_id: int):
    user_id = security.required_user_id()
    article = article_store.get_article(slug, user_id)
    with transaction() as conn:
        row = conn.execute(
            "SELECT author_id FROM comments WHERE id = %s AND article_id = %s", (comment_id, article["id"])
        ).fetchone()
        if row is None:
            raise not_found("comment")
        if row["author_id"] != user_id:
            raise forbidden("comment")
        conn.execute("DELETE FROM comments WHERE id = %s", (comment_id,))
    return "", 204
