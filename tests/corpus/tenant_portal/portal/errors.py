"""Portal-wide error pages."""
from flask import Blueprint, current_app, jsonify, render_template, request
from werkzeug.exceptions import HTTPException

bp = Blueprint("errors", __name__)


@bp.app_errorhandler(HTTPException)
def http_error(e):
    if request.accept_mimetypes.best == "application/json":
        return jsonify(error=e.name, message=e.description), e.code
    return render_template("error.html", code=e.code, message=e.description), e.code


@bp.app_errorhandler(PermissionError)
def permission_error(e):
    current_app.logger.warning("permission error: %s", e)
    return render_template("error.html", code=403, message="You cannot do that."), 403


@bp.app_errorhandler(RuntimeError)
def runtime_error(e):
    return render_template("error.html", code=500, message=e.args[0], config=current_app.config), 500  # expect: FG401, FG301
