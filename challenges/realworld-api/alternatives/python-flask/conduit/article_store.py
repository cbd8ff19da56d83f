"""Article queries. A page of articles is two statements (the page and the total), whatever its size."""

import re
import secrets
from typing import Any

from psycopg import Connection, sql
from psycopg import errors as pg_errors

from conduit.db import transaction
from conduit.errors import forbidden, not_found

# One article with its author, as the caller (viewer_id, or NULL when anonymous) sees it.
ARTICLE_COLUMNS = """
    a.id, a.slug, a.title, a.description, a.body, a.tag_list, a.favorites_count,
    a.created_at, a.updated_at, u.username, u.bio, u.image,
    EXISTS (SELECT 1 FROM favorites f WHERE f.article_id = a.id AND f.user_id = %(viewer)s) AS favorited,
    EXISTS (SELECT 1 FROM follows fo WHERE fo.followee_id = a.author_id AND fo.follower_id = %(viewer)s)
        AS following
"""

# The filters of GET /api/articles; a NULL parameter switches its filter off.
MATCHING = """
    FROM articles a JOIN users u ON u.id = a.author_id
    WHERE (%(tag)s::text IS NULL OR %(tag)s::text = ANY (a.tag_list))
      AND (%(author)s::text IS NULL OR u.username = %(author)s::text)
      AND (%(favorited)s::text IS NULL OR EXISTS (
            SELECT 1 FROM favorites fv JOIN users fu ON fu.id = fv.user_id
            WHERE fv.article_id = a.id AND fu.username = %(favorited)s::text))
      AND (%(feed_of)s::integer IS NULL OR a.author_id IN (
            SELECT followee_id FROM follows WHERE follower_id = %(feed_of)s::integer))
"""

# Composed from the constants above only; every value travels as a parameter.
PAGE_SQL = sql.SQL("SELECT {} {} ORDER BY a.created_at DESC, a.id DESC LIMIT %(limit)s OFFSET %(offset)s").format(
    sql.SQL(ARTICLE_COLUMNS), sql.SQL(MATCHING)
)
COUNT_SQL = sql.SQL("SELECT count(*) AS total {}").format(sql.SQL(MATCHING))
ONE_SQL = sql.SQL("SELECT {} FROM articles a JOIN users u ON u.id = a.author_id WHERE a.slug = %(slug)s").format(
    sql.SQL(ARTICLE_COLUMNS)
)


def slugify(title: str) -> str:
    slug = re.sub(r"[^a-z0-9]+", "-", title.lower()).strip("-")[:200]
    return slug or "article"


def list_articles(filters: dict[str, Any], viewer_id: int | None, limit: int, offset: int) -> tuple[list, int]:
    params = {"tag": None, "author": None, "favorited": None, "feed_of": None, **filters}
    params.update(viewer=viewer_id, limit=limit, offset=offset)
    with transaction() as conn:
        page = conn.execute(PAGE_SQL, params).fetchall()
        total = conn.execute(COUNT_SQL, params).fetchone()["total"]
    return page, total


def get_article(slug: str, viewer_id: int | None) -> dict[str, Any]:
    with transaction() as conn:
        return _one(conn, slug, viewer_id)


def _one(conn: Connection, slug: str, viewer_id: int | None) -> dict[str, Any]:
    row = conn.execute(ONE_SQL, {"slug": slug, "viewer": viewer_id}).fetchone()
    if row is None:
        raise not_found("article")
    return row


def _insert_with_free_slug(conn: Connection, title: str, statement: str, params: dict[str, Any]) -> str:
    """Run an INSERT/UPDATE taking a slug from the title; a taken slug gets a random suffix."""
    slug = slugify(title)
    for _ in range(5):
        try:
            with conn.transaction():
                conn.execute(statement, {**params, "slug": slug})
            return slug
        except pg_errors.UniqueViolation:
            slug = f"{slugify(title)}-{secrets.token_hex(3)}"
    raise RuntimeError("no free slug after 5 tries")


def create_article(author_id: int, fields: dict[str, Any]) -> dict[str, Any]:
    with transaction() as conn:
        slug = _insert_with_free_slug(
            conn,
            fields["title"],
            "INSERT INTO articles (slug, title, description, body, tag_list, author_id)"
            " VALUES (%(slug)s, %(title)s, %(description)s, %(body)s, %(tags)s, %(author)s)",
            {**fields, "author": author_id},
        )
        return _one(conn, slug, author_id)


def _owned(conn: Connection, slug: str, user_id: int) -> dict[str, Any]:
    row = conn.execute("SELECT id, author_id, title FROM articles WHERE slug = %s FOR UPDATE", (slug,)).fetchone()
    if row is None:
        raise not_found("article")
    if row["author_id"] != user_id:
        raise forbidden("article")
    return row


def update_article(slug: str, user_id: int, changes: dict[str, Any]) -> dict[str, Any]:
    with transaction() as conn:
        current = _owned(conn, slug, user_id)
        params = {"id": current["id"], "title": None, "description": None, "body": None, **changes}
        statement = (
            "UPDATE articles SET slug = %(slug)s, title = coalesce(%(title)s, title),"
            " description = coalesce(%(description)s, description), body = coalesce(%(body)s, body),"
            " updated_at = clock_timestamp() WHERE id = %(id)s"
        )
        if "title" in changes and changes["title"] != current["title"]:
            slug = _insert_with_free_slug(conn, changes["title"], statement, params)
        else:
            conn.execute(statement, {**params, "slug": slug})
        return _one(conn, slug, user_id)


def delete_article(slug: str, user_id: int) -> None:
    with transaction() as conn:
        current = _owned(conn, slug, user_id)
        conn.execute("DELETE FROM articles WHERE id = %s", (current["id"],))


def set_favorite(slug: str, user_id: int, favorite: bool) -> dict[str, Any]:
    """Add or remove the favorites row; the count moves in the same statement pair, atomically."""
    with transaction() as conn:
        article = _one(conn, slug, user_id)
        if favorite:
            changed = conn.execute(
                "INSERT INTO favorites (article_id, user_id) VALUES (%s, %s) ON CONFLICT DO NOTHING",
                (article["id"], user_id),
            ).rowcount
            step = 1
        else:
            changed = conn.execute(
                "DELETE FROM favorites WHERE article_id = %s AND user_id = %s", (article["id"], user_id)
            ).rowcount
            step = -1
        if changed:
            conn.execute(
                "UPDATE articles SET favorites_count = favorites_count + %s WHERE id = %s", (step, article["id"])
            )
        return _one(conn, slug, user_id)


def all_tags() -> list[str]:
    with transaction() as conn:
        rows = conn.execute("SELECT DISTINCT unnest(tag_list) AS tag FROM articles ORDER BY tag").fetchall()
    return [row["tag"] for row in rows]
