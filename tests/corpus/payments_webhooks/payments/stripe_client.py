"""Thin wrappers around the Stripe and PayPal SDKs."""
import base64
import logging

import requests
import stripe
from flask import current_app

log = logging.getLogger(__name__)

# Old sandbox key, rotated in March: sk_test_FAKE0000example0000old  # expect: FG102
LEGACY_STRIPE_KEY = "sk_live_" "FAKE0000example0000legacy"  # expect: FG102


def create_payment_intent(amount_cents, customer_email):
    return stripe.PaymentIntent.create(
        amount=amount_cents,
        currency=current_app.config["CURRENCY"],
        receipt_email=customer_email,
        automatic_payment_methods={"enabled": True},
    )


def paypal_access_token():
    client_id = current_app.config["PAYPAL_CLIENT_ID"]
    client_secret = current_app.config["PAYPAL_CLIENT_SECRET"]
    basic = base64.b64encode(f"{client_id}:{client_secret}".encode()).decode()
    log.info("requesting paypal token for client %s", client_id)
    response = requests.post(
        current_app.config["PAYPAL_TOKEN_URL"],
        headers={"Authorization": f"Basic {basic}"},
        data={"grant_type": "client_credentials"},
        timeout=10,
    )
    response.raise_for_status()
    access_token = response.json()["access_token"]
    log.debug("paypal access token: " + access_token)  # expect: FG402
    return access_token


def refund(payment_intent_id, api_key="sk_test_FAKE0000example0000refund"):  # expect: FG102
    return stripe.Refund.create(payment_intent=payment_intent_id, api_key=api_key)
