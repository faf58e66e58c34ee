"""Inventory endpoints."""
from flask import Blueprint, current_app, jsonify, request

from .auth import require_admin_key, require_api_key, require_readonly_key

bp = Blueprint("inventory", __name__, url_prefix="/v1")

ITEMS = {}


@bp.get("/items")
@require_readonly_key
def list_items():
    limit = min(request.args.get("limit", 50, type=int), 500)
    return jsonify(items=list(ITEMS.values())[:limit])


@bp.post("/items")
@require_api_key
def create_item():
    body = request.get_json(silent=True) or {}
    if "sku" not in body:
        return jsonify(error="sku is required"), 400
    ITEMS[body["sku"]] = body
    return jsonify(body), 201


@bp.get("/admin/keys")
@require_admin_key
def show_keys():
    return jsonify(
        inventory=current_app.config["INVENTORY_API_KEY"],  # expect: FG303
        header=current_app.config["API_KEY_HEADER"],
    )


@bp.get("/admin/key-status")
@require_admin_key
def key_status():
    key = current_app.config.get("INVENTORY_API_KEY")
    return jsonify(configured=bool(key), length=len(key or ""), header=current_app.config["API_KEY_HEADER"])


@bp.get("/meta")
def meta():
    return jsonify(
        auth_header=current_app.config["API_KEY_HEADER"],
        query_param=current_app.config["API_KEY_QUERY_PARAM"],
        rate_limit=current_app.config["RATE_LIMIT"],
    )


@bp.errorhandler(KeyError)
def missing_field(e):
    return jsonify(error="missing field", field=str(e)), 400  # expect: FG401
