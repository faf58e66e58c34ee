from flask import current_app, jsonify
from werkzeug.exceptions import HTTPException


def register_error_handlers(app):
    @app.errorhandler(HTTPException)
    def http_error(e):
        return jsonify(error=e.name, message=e.description), e.code

    @app.errorhandler(Exception)
    def unexpected(e):
        current_app.logger.exception("unhandled error: %s", e)
        return jsonify(error="internal server error"), 500
