"""Operator pages. Everything here sits behind the admin login."""
import os
import platform
import sys

from flask import Blueprint, current_app, jsonify, render_template
from flask.views import MethodView
from flask_login import login_required

bp = Blueprint("ops", __name__, url_prefix="/ops")


@bp.route("/")
@login_required
def dashboard():
    return render_template(
        "ops/dashboard.html",
        python=sys.version,
        platform=platform.platform(),
        app_name=current_app.config.get("APP_NAME", "backoffice"),
    )


@bp.route("/config")
@login_required
def show_config():
    return render_template("ops/config.html", config=current_app.config)  # expect: FG301


@bp.route("/environment")
@login_required
def show_environment():
    return render_template("ops/env.html", env=os.environ)  # expect: FG302


@bp.route("/environment.json")
@login_required
def environment_json():
    return jsonify(os.environ.copy())  # expect: FG302


@bp.route("/version")
def version():
    return jsonify(version=current_app.config.get("VERSION", "dev"), debug=current_app.debug)


class SettingsAPI(MethodView):
    decorators = [login_required]

    def get(self):
        return jsonify(dict(current_app.config))  # expect: FG301

    def post(self):
        return jsonify(error="settings are read-only"), 405


bp.add_url_rule("/settings", view_func=SettingsAPI.as_view("settings"))


@bp.route("/feature-flags")
@login_required
def feature_flags():
    flags = {k: v for k, v in current_app.config.items() if k.startswith("FEATURE_")}
    return jsonify(flags)
