"""Routes of articles, favorites and tags."""

from datetime import UTC, datetime

from flask import Blueprint, jsonify, request

from conduit import article_store, security, validation
from conduit.validation import MISSING

blueprint = Blueprint("articles", __name__)


def timestamp(value: datetime) -> str:
    return value.astimezone(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def article_json(row: dict) -> dict:
    return {
        "slug": row["slug"],
        "title": row["title"],
        "description": row["description"],
        "body": row["body"],
        "tagList": row["tag_list"],
        "createdAt": timestamp(row["created_at"]),
        "updatedAt": timestamp(row["updated_at"]),
        "favorited": row["favorited"],
        "favoritesCount": row["favorites_count"],
        "author": {
            "username": row["username"],
            "bio": row["bio"],
            "image": row["image"],
            "following": row["following"],
        },
    }


def _page(filters: dict, viewer_id: int | None):
    limit, offset = validation.paging()
    rows, total = article_store.list_articles(filters, viewer_id, limit, offset)
    return jsonify(articles=[article_json(row) for row in rows], articlesCount=total)


@blueprint.get("/api/articles")
def list_articles():
    filters = {name: request.args.get(name) for name in ("tag", "author", "favorited") if request.args.get(name)}
    return _page(filters, security.token_user_id())


@blueprint.get("/api/articles/feed")
def feed():
    viewer_id = security.required_user_id()
    return _page({"feed_of": viewer_id}, viewer_id)


@blueprint.post("/api/articles")
def create_article():
    author_id = security.required_user_id()
    fields = validation.envelope("article")
    article = {
        "title": validation.text(fields, "title", required=True, max_length=250).strip(),
        "description": validation.text(fields, "description", required=True, max_length=1000),
        "body": validation.text(fields, "body", required=True, max_length=100_000),
        "tags": validation.tags(fields),
    }
    return jsonify(article=article_json(article_store.create_article(author_id, article))), 201


@blueprint.get("/api/articles/<slug>")
def get_article(slug: str):
    return jsonify(article=article_json(article_store.get_article(slug, security.token_user_id())))


@blueprint.put("/api/articles/<slug>")
def update_article(slug: str):
    user_id = security.required_user_id()
    fields = validation.envelope("article")
    changes = {
        "title": validation.text(fields, "title", required=False, max_length=250),
        "description": validation.text(fields, "description", required=False, max_length=1000),
        "body": validation.text(fields, "body", required=False, max_length=100_000),
    }
    changes = {k: v.strip() if k == "title" else v for k, v in changes.items() if v is not MISSING}
    return jsonify(article=article_json(article_store.update_article(slug, user_id, changes)))


@blueprint.delete("/api/articles/<slug>")
def delete_article(slug: str):
    article_store.delete_article(slug, security.required_user_id())
    return "", 204


@blueprint.post("/api/articles/<slug>/favorite")
def favorite(slug: str):
    return jsonify(article=article_json(article_store.set_favorite(slug, security.required_user_id(), True)))


@blueprint.delete("/api/articles/<slug>/favorite")
def unfavorite(slug: str):
    return jsonify(article=article_json(article_store.set_favorite(slug, security.required_user_id(), False)))


@blueprint.get("/api/tags")
def tags():
    return jsonify(tags=article_store.all_tags())
