"""v1 partner endpoints kept for old integrations (keys arrive in the query string)."""
import hmac
import logging
import os

from flask import Blueprint, abort, current_app, g, jsonify, request

bp = Blueprint("partner", __name__, url_prefix="/partner/v1")
log = logging.getLogger(__name__)


@bp.before_request
def authenticate():
    partner = request.args.get("partner", "")
    supplied = request.args.get("api_key", "")  # expect: FG602
    expected = current_app.config["PARTNER_KEYS"].get(partner)
    if not expected or not hmac.compare_digest(supplied.encode(), expected.encode()):
        log.info("rejected partner %r", partner)
        abort(401)
    g.partner = partner


@bp.get("/stock")
def stock():
    sku = request.args.get("sku")
    if not sku:
        return jsonify(error="sku is required"), 400
    return jsonify(sku=sku, available=12, partner=g.partner)


@bp.get("/ping")
def ping():
    token = request.args.get("token", "")  # expect: FG602
    if token == current_app.config["LEGACY_SHARED_SECRET"]:  # expect: FG601
        return jsonify(pong=True)
    return jsonify(pong=False), 401


@bp.get("/report")
def report():
    secret = request.args["secret"]  # expect: FG602
    log.info("report requested by %s with secret %s", request.remote_addr, secret)  # expect: FG402
    if secret != os.environ.get("REPORT_SECRET"):  # expect: FG601
        abort(403)
    return jsonify(rows=[])


@bp.get("/debug/environ")
def debug_environ():
    return jsonify({k: v for k, v in os.environ.items() if not k.startswith("_")})  # expect: FG302


@bp.get("/debug/settings")
def debug_settings():
    return current_app.config.copy()  # expect: FG301
