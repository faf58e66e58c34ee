"""Diagnostics endpoints used by the on-call engineer."""
import json
import os
import platform
import socket
import sys
import time

from flask import Blueprint, Response, current_app, jsonify, make_response, render_template

bp = Blueprint("diagnostics", __name__, url_prefix="/diag")
STARTED = time.time()
SAFE_KEYS = ("APP_NAME", "READ_ONLY", "MAINTENANCE_MODE", "SHOW_DIAGNOSTICS")


@bp.get("/health")
def health():
    return jsonify(status="ok", uptime=int(time.time() - STARTED), host=socket.gethostname())


@bp.get("/info")
def info():
    return jsonify(
        python=sys.version.split()[0],
        platform=platform.platform(),
        settings={key: current_app.config.get(key) for key in SAFE_KEYS},
        region=os.environ.get("AWS_REGION", "unknown"),
    )


@bp.get("/config.json")
def config_json():
    return Response(json.dumps(dict(current_app.config), default=str), mimetype="application/json")  # expect: FG301


@bp.get("/config.txt")
def config_text():
    return str(current_app.config)  # expect: FG301


@bp.get("/env.json")
def env_json():
    return make_response(json.dumps({**os.environ}), 200)  # expect: FG302


@bp.get("/env.html")
def env_html():
    return render_template("env.html", variables=sorted(os.environ.items()))  # expect: FG302


@bp.get("/env/<name>")
def env_var(name):
    if name not in ("AWS_REGION", "HOSTNAME", "RELEASE"):
        return jsonify(error="not exposed"), 404
    return jsonify({name: os.environ.get(name)})


@bp.get("/keys/datadog")
def datadog_key():
    return current_app.config["DATADOG_API_KEY"]  # expect: FG303


@bp.get("/pagerduty")
def pagerduty():
    token = current_app.config["PAGERDUTY_TOKEN"]
    return jsonify(configured=bool(token), token_prefix_length=4)
