"""Conduit, the RealWorld blogging API, on Flask and PostgreSQL."""

import logging

from flask import Flask

from conduit import articles, comments, db, errors, users


def create_app() -> Flask:
    logging.basicConfig(level=logging.INFO)
    app = Flask(__name__)
    app.json.sort_keys = False
    db.open_pool()
    errors.install(app)
    for module in (users, articles, comments):
        app.register_blueprint(module.blueprint)

    @app.get("/health")
    def health():
        return {"status": "ok"}

    return app
