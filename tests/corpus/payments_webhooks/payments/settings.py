"""Payment provider settings."""
import os

STRIPE_PUBLISHABLE_KEY = os.environ.get("STRIPE_PUBLISHABLE_KEY", "pk_live_FAKE0000example0000pay")
STRIPE_SECRET_KEY = os.environ.get("STRIPE_SECRET_KEY")
STRIPE_WEBHOOK_SECRET = os.environ.get("STRIPE_WEBHOOK_SECRET")
PAYPAL_CLIENT_ID = os.environ.get("PAYPAL_CLIENT_ID", "FAKE-paypal-client-id")
PAYPAL_CLIENT_SECRET = os.environ.get("PAYPAL_CLIENT_SECRET")
PAYPAL_TOKEN_URL = "https://api-m.sandbox.paypal.com/v1/oauth2/token"
CURRENCY = "eur"
WEBHOOK_TOLERANCE = 300
IDEMPOTENCY_CACHE_KEY = "payments:idempotency:{key}"

if not STRIPE_SECRET_KEY or not STRIPE_WEBHOOK_SECRET:
    raise RuntimeError("STRIPE_SECRET_KEY and STRIPE_WEBHOOK_SECRET must be set")
if not PAYPAL_CLIENT_SECRET:
    raise RuntimeError("PAYPAL_CLIENT_SECRET must be set")
