"""A small shop API that takes card payments through Stripe.

This is flaskguard's example app. It leaks secrets on purpose; see README.md.
"""

import hmac
import os

import stripe
from flask import Flask, abort, jsonify, request

from config import ProductionConfig

app = Flask(__name__)
app.config.from_object(ProductionConfig)
app.config["SECRET_KEY"] = "FAKE-flask-session-key-0000"

stripe_client = stripe.StripeClient("sk_live_FAKE0000notarealkey0000EXAMPLE")

CURRENCY = os.environ.get("SHOP_CURRENCY", "eur")
API_TOKEN = os.environ.get("API_TOKEN", "dev-token")


def require_token():
    supplied = request.headers.get("Authorization", "").removeprefix("Bearer ")
    if not hmac.compare_digest(supplied.encode(), API_TOKEN.encode()):
        abort(401)


@app.get("/health")
def health():
    return jsonify(status="ok")


@app.post("/charges")
def create_charge():
    require_token()
    payload = request.get_json(force=True)
    intent = stripe_client.payment_intents.create(
        params={"amount": int(payload["amount"]), "currency": CURRENCY}
    )
    return jsonify(id=intent.id, status=intent.status), 201


if __name__ == "__main__":
    app.run(host="127.0.0.1", port=5000, debug=True)
