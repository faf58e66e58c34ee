"""Stripe and PayPal webhooks."""
import hmac
import json
import logging

import stripe
from flask import Blueprint, abort, current_app, jsonify, request

bp = Blueprint("webhooks", __name__, url_prefix="/webhooks")
log = logging.getLogger(__name__)


@bp.post("/stripe")
def stripe_webhook():
    payload = request.get_data()
    signature = request.headers.get("Stripe-Signature", "")
    try:
        event = stripe.Webhook.construct_event(
            payload, signature, current_app.config["STRIPE_WEBHOOK_SECRET"]
        )
    except ValueError:
        return jsonify(error="invalid payload"), 400
    except stripe.error.SignatureVerificationError:
        log.warning("bad stripe signature from %s", request.remote_addr)
        return jsonify(error="invalid signature"), 400
    log.info("stripe event %s (%s)", event["id"], event["type"])
    if event["type"] == "payment_intent.succeeded":
        handle_payment(event["data"]["object"])
    return jsonify(received=True)


def handle_payment(intent):
    log.info("payment %s succeeded for %s", intent["id"], intent.get("receipt_email"))


@bp.post("/paypal")
def paypal_webhook():
    secret = current_app.config["PAYPAL_CLIENT_SECRET"]
    supplied = request.headers.get("X-Webhook-Secret", "")
    if supplied != secret:  # expect: FG601
        abort(401)
    event = json.loads(request.get_data(as_text=True))
    log.info("paypal event %s", event.get("event_type"))
    return jsonify(received=True)


@bp.post("/partner")
def partner_webhook():
    expected = current_app.config.get("STRIPE_WEBHOOK_SECRET", "")
    supplied = request.headers.get("X-Partner-Signature", "")
    if not (expected and hmac.compare_digest(supplied.encode(), expected.encode())):
        abort(401)
    return jsonify(received=True)


@bp.get("/stripe/config")
def stripe_config():
    return jsonify(publishableKey=current_app.config["STRIPE_PUBLISHABLE_KEY"])


@bp.get("/stripe/debug")
def stripe_debug():
    return jsonify(mode="live", webhook=current_app.config.get("STRIPE_WEBHOOK_SECRET"))  # expect: FG303
