"""The bookings service: a Flask app served by waitress (see assay.toml)."""

import logging

from flask import Flask, Response, jsonify

from app import db, problems
from app.bookings import bookings
from app.openapi import DOCUMENT
from app.rooms import rooms

MAX_BODY_BYTES = 64 * 1024


def create_app() -> Flask:
    logging.basicConfig(level=logging.INFO)
    app = Flask(__name__)
    # Werkzeug answers 413 for larger bodies before any handler reads them.
    app.config["MAX_CONTENT_LENGTH"] = MAX_BODY_BYTES
    app.json.sort_keys = False
    problems.install(app)
    app.register_blueprint(rooms)
    app.register_blueprint(bookings)

    @app.get("/health")
    def health() -> Response:
        with db.transaction() as conn:
            conn.execute("SELECT 1")
        return jsonify(status="ok")

    @app.get("/openapi.json")
    def openapi() -> Response:
        return jsonify(DOCUMENT)

    db.open_pool()
    return app
