"""Error handlers: JSON for the API, HTML elsewhere."""
import traceback

from flask import current_app, jsonify, render_template, request
from werkzeug.exceptions import HTTPException


def wants_json():
    return request.path.startswith("/api/") or request.accept_mimetypes.best == "application/json"


def handle_http_error(e):
    if wants_json():
        return jsonify(error=e.name, description=e.description), e.code
    return render_template("error.html", title=e.name, message=e.description), e.code


def handle_unexpected(e):
    current_app.logger.exception("unhandled exception on %s", request.path)
    if current_app.config.get("SHOW_TRACEBACKS"):
        return "<pre>" + traceback.format_exc() + "</pre>", 500  # expect: FG401
    if wants_json():
        return jsonify(error="internal server error"), 500
    return render_template("error.html", title="Error", message="Something went wrong."), 500


def handle_value_error(e):
    return jsonify(error="invalid value", detail=e.args), 400  # expect: FG401


def handle_db_error(e):
    current_app.logger.error("database error: %s", e)
    return jsonify(error="database unavailable", support=current_app.config["SUPPORT_EMAIL"]), 503


def register(app):
    app.register_error_handler(HTTPException, handle_http_error)
    app.register_error_handler(Exception, handle_unexpected)
    app.register_error_handler(ValueError, handle_value_error)

    @app.errorhandler(LookupError)
    def handle_lookup(err):
        return {"error": "not found", "reason": f"{err}"}, 404  # expect: FG401

    @app.errorhandler(413)
    def too_large(err):
        return jsonify(error="payload too large", limit=app.config.get("MAX_CONTENT_LENGTH")), 413

    @app.errorhandler(ConnectionError)
    def upstream_down(err):
        app.logger.warning("upstream unavailable: %r", err)
        return jsonify(error="upstream unavailable"), 502
