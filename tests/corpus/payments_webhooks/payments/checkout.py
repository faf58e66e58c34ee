from flask import Blueprint, jsonify, request

from .stripe_client import create_payment_intent

bp = Blueprint("checkout", __name__, url_prefix="/checkout")


@bp.post("/intent")
def intent():
    body = request.get_json(force=True)
    try:
        pi = create_payment_intent(int(body["amount"]), body.get("email"))
    except (KeyError, ValueError):
        return jsonify(error="amount is required"), 400
    return jsonify(client_secret=pi.client_secret)
