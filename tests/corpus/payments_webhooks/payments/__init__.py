import stripe
from flask import Flask


def create_app():
    app = Flask(__name__)
    app.config.from_object("payments.settings")
    stripe.api_key = app.config["STRIPE_SECRET_KEY"]
    stripe.max_network_retries = 2

    from .webhooks import bp as webhooks_bp
    from .checkout import bp as checkout_bp

    app.register_blueprint(webhooks_bp)
    app.register_blueprint(checkout_bp)
    return app
