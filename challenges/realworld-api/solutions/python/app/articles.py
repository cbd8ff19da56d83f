"""Articles: create, read, update, delete, favorites, the list with its filters, the feed, and tags."""

import re
import secrets
from typing import Any

from fastapi import APIRouter, Request, Response
from psycopg import Connection

from app import auth
from app.errors import forbidden, invalid, not_found
from app.http import JsonBody, text, transaction, unwrap

router = APIRouter(prefix="/api")

# One query serves the list, the feed and a single article: every filter is optional (NULL = not applied),
# and tags, favorites and following come from subqueries, so a page costs one round trip whatever its size.
ARTICLES = """
SELECT a.id, a.author_id, a.slug, a.title, a.description, a.body, a.created_at, a.updated_at,
  u.username, u.bio, u.image,
  ARRAY(SELECT t.name FROM article_tags at JOIN tags t ON t.id = at.tag_id
        WHERE at.article_id = a.id ORDER BY t.name) AS tag_list,
  (SELECT count(*) FROM favorites f WHERE f.article_id = a.id) AS favorites_count,
  EXISTS (SELECT 1 FROM favorites f WHERE f.article_id = a.id AND f.user_id = %(viewer)s) AS favorited,
  EXISTS (SELECT 1 FROM follows fo WHERE fo.followee_id = a.author_id AND fo.follower_id = %(viewer)s)
    AS following,
  count(*) OVER () AS total
FROM articles a JOIN users u ON u.id = a.author_id
WHERE (%(slug)s::text IS NULL OR a.slug = %(slug)s)
  AND (%(author)s::text IS NULL OR u.username = %(author)s)
  AND (%(tag)s::text IS NULL OR EXISTS (
        SELECT 1 FROM article_tags at JOIN tags t ON t.id = at.tag_id
        WHERE at.article_id = a.id AND t.name = %(tag)s))
  AND (%(favorited)s::text IS NULL OR EXISTS (
        SELECT 1 FROM favorites f JOIN users fu ON fu.id = f.user_id
        WHERE f.article_id = a.id AND fu.username = %(favorited)s))
  AND (%(feed_of)s::bigint IS NULL OR EXISTS (
        SELECT 1 FROM follows fo WHERE fo.follower_id = %(feed_of)s AND fo.followee_id = a.author_id))
ORDER BY a.created_at DESC, a.id DESC
LIMIT %(limit)s OFFSET %(offset)s
"""
INSERT_ARTICLE = """
INSERT INTO articles (slug, title, description, body, author_id) VALUES (%s, %s, %s, %s, %s)
ON CONFLICT (slug) DO NOTHING RETURNING id
"""
UPDATE_ARTICLE = """
UPDATE articles SET slug = %(slug)s, title = %(title)s, description = %(description)s, body = %(body)s,
  updated_at = clock_timestamp()
WHERE id = %(id)s AND NOT EXISTS (SELECT 1 FROM articles o WHERE o.slug = %(slug)s AND o.id <> %(id)s)
RETURNING id
"""
INSERT_TAGS = "INSERT INTO tags (name) SELECT unnest(%s::text[]) ON CONFLICT (name) DO NOTHING"
LINK_TAGS = """
INSERT INTO article_tags (article_id, tag_id) SELECT %s, id FROM tags WHERE name = ANY(%s::text[])
ON CONFLICT DO NOTHING
"""
DELETE_ARTICLE = "DELETE FROM articles WHERE id = %s"
FAVORITE = "INSERT INTO favorites (user_id, article_id) VALUES (%s, %s) ON CONFLICT DO NOTHING"
UNFAVORITE = "DELETE FROM favorites WHERE user_id = %s AND article_id = %s"
ALL_TAGS = "SELECT name FROM tags ORDER BY name"
NO_FILTERS = {"slug": None, "author": None, "tag": None, "favorited": None, "feed_of": None}
DEFAULT_LIMIT, MAX_LIMIT = 20, 100


def article_json(row: dict[str, Any]) -> dict[str, Any]:
    author = {k: row[k] for k in ("username", "bio", "image", "following")}
    return {
        "slug": row["slug"],
        "title": row["title"],
        "description": row["description"],
        "body": row["body"],
        "tagList": row["tag_list"],
        "createdAt": _time(row["created_at"]),
        "updatedAt": _time(row["updated_at"]),
        "favorited": row["favorited"],
        "favoritesCount": row["favorites_count"],
        "author": author,
    }


def _time(value: Any) -> str:
    return value.isoformat(timespec="milliseconds").replace("+00:00", "Z")


def slugify(title: str) -> str:
    slug = re.sub(r"[^a-z0-9]+", "-", title.lower()).strip("-")[:80]
    return slug or "article"


def find_article(conn: Connection, slug: str, viewer: int | None) -> dict[str, Any]:
    params = {**NO_FILTERS, "slug": slug, "viewer": viewer, "limit": 1, "offset": 0}
    row = conn.execute(ARTICLES, params).fetchone()
    if row is None:
        raise not_found("article")
    return row


def _page_params(request: Request) -> tuple[int, int]:
    def number(name: str, default: int, low: int, high: int) -> int:
        raw = request.query_params.get(name)
        if raw is None:
            return default
        if not raw.isdigit() or not low <= int(raw) <= high:
            raise invalid(name, f"must be a whole number from {low} to {high}")
        return int(raw)

    return number("limit", DEFAULT_LIMIT, 1, MAX_LIMIT), number("offset", 0, 0, 10_000_000)


def _list(conn: Connection, filters: dict[str, Any], limit: int, offset: int) -> dict[str, Any]:
    rows = conn.execute(ARTICLES, {**filters, "limit": limit, "offset": offset}).fetchall()
    if rows:
        total = rows[0]["total"]
    elif offset:  # past the end: count without the offset
        first = conn.execute(ARTICLES, {**filters, "limit": 1, "offset": 0}).fetchone()
        total = first["total"] if first else 0
    else:
        total = 0
    return {"articles": [article_json(r) for r in rows], "articlesCount": total}


@router.get("/articles")
def list_articles(request: Request) -> dict[str, Any]:
    """Recent articles, newest first; filter by tag, author or favorited (a username); limit/offset."""
    viewer = auth.viewer_id(request)
    limit, offset = _page_params(request)
    query = request.query_params
    filters = {**NO_FILTERS, "viewer": viewer}
    filters.update({k: query.get(k) for k in ("tag", "author", "favorited")})
    with transaction(request) as conn:
        return _list(conn, filters, limit, offset)


@router.get("/articles/feed")
def feed(request: Request) -> dict[str, Any]:
    """Articles by the users the caller follows, newest first."""
    me = auth.user_id(request)
    limit, offset = _page_params(request)
    with transaction(request) as conn:
        return _list(conn, {**NO_FILTERS, "viewer": me, "feed_of": me}, limit, offset)


def _tag_list(fields: dict[str, Any]) -> list[str]:
    tags = fields.get("tagList") or []
    if not isinstance(tags, list) or not all(isinstance(t, str) and t.strip() for t in tags):
        raise invalid("tagList", "must be a list of non-empty strings")
    if any(len(t) > 100 for t in tags):
        raise invalid("tagList", "has a tag longer than 100 characters")
    return list(dict.fromkeys(t.strip() for t in tags))


def _insert(conn: Connection, fields: dict[str, Any], author: int) -> int:
    base = slugify(fields["title"])
    slug = base
    while True:
        values = (slug, fields["title"], fields["description"], fields["body"], author)
        created = conn.execute(INSERT_ARTICLE, values).fetchone()
        if created is not None:
            return int(created["id"])
        slug = f"{base}-{secrets.token_hex(3)}"


@router.post("/articles", status_code=201)
def create_article(request: Request, body: JsonBody) -> dict[str, Any]:
    """Publish an article; its slug comes from the title and is unique."""
    me = auth.user_id(request)
    fields = unwrap(body, "article")
    values = {
        "title": text(fields, "title", required=True, max_length=300),
        "description": text(fields, "description", required=True, max_length=1000),
        "body": text(fields, "body", required=True, max_length=100_000),
    }
    tags = _tag_list(fields)
    with transaction(request) as conn:
        article_id = _insert(conn, values, me)
        if tags:
            conn.execute(INSERT_TAGS, (tags,))
            conn.execute(LINK_TAGS, (article_id, tags))
        row = conn.execute("SELECT slug FROM articles WHERE id = %s", (article_id,)).fetchone()
        return {"article": article_json(find_article(conn, row["slug"], me))}


@router.get("/articles/{slug}")
def get_article(request: Request, slug: str) -> dict[str, Any]:
    """One article by its slug."""
    viewer = auth.viewer_id(request)
    with transaction(request) as conn:
        return {"article": article_json(find_article(conn, slug, viewer))}


def own_article(conn: Connection, slug: str, me: int) -> dict[str, Any]:
    article = find_article(conn, slug, me)
    if article["author_id"] != me:
        raise forbidden("only the author may change or delete this article")
    return article


@router.put("/articles/{slug}")
def update_article(request: Request, slug: str, body: JsonBody) -> dict[str, Any]:
    """Change title, description or body (the author only); a new title gives a new slug."""
    me = auth.user_id(request)
    fields = unwrap(body, "article")
    changes = {
        "title": text(fields, "title", required=False, max_length=300),
        "description": text(fields, "description", required=False, max_length=1000),
        "body": text(fields, "body", required=False, max_length=100_000),
    }
    for name, value in changes.items():
        if value is not None and not value.strip():
            raise invalid(name, "can't be blank")
    with transaction(request) as conn:
        article = own_article(conn, slug, me)
        values = {k: v if v is not None else article[k] for k, v in changes.items()}
        new_slug = article["slug"] if changes["title"] is None else slugify(values["title"])
        params = {**values, "id": article["id"], "slug": new_slug}
        if conn.execute(UPDATE_ARTICLE, params).fetchone() is None:
            params["slug"] = f"{new_slug}-{secrets.token_hex(3)}"
            conn.execute(UPDATE_ARTICLE, params)
        return {"article": article_json(find_article(conn, params["slug"], me))}


@router.delete("/articles/{slug}", status_code=204)
def delete_article(request: Request, slug: str) -> Response:
    """Delete an article (the author only), with its comments, tags links and favorites."""
    me = auth.user_id(request)
    with transaction(request) as conn:
        conn.execute(DELETE_ARTICLE, (own_article(conn, slug, me)["id"],))
    return Response(status_code=204)


@router.post("/articles/{slug}/favorite")
def favorite(request: Request, slug: str) -> dict[str, Any]:
    """Favorite an article (twice is the same as once)."""
    me = auth.user_id(request)
    with transaction(request) as conn:
        conn.execute(FAVORITE, (me, find_article(conn, slug, me)["id"]))
        return {"article": article_json(find_article(conn, slug, me))}


@router.delete("/articles/{slug}/favorite")
def unfavorite(request: Request, slug: str) -> dict[str, Any]:
    """Remove an article from the caller's favorites."""
    me = auth.user_id(request)
    with transaction(request) as conn:
        conn.execute(UNFAVORITE, (me, find_article(conn, slug, me)["id"]))
        return {"article": article_json(find_article(conn, slug, me))}


@router.get("/tags")
def tags(request: Request) -> dict[str, Any]:
    """Every tag in use."""
    with transaction(request) as conn:
        return {"tags": [r["name"] for r in conn.execute(ALL_TAGS).fetchall()]}
