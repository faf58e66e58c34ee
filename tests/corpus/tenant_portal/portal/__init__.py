"""Multi-tenant customer portal: app factory, tenants blueprint, maps and webhooks."""
import logging
import os

from flask import Flask

logger = logging.getLogger("portal")

WEBHOOK_TOKEN = os.environ["PORTAL_WEBHOOK_TOKEN"]
MAPBOX_SECRET_TOKEN = os.environ.get("MAPBOX_SECRET_TOKEN")
SUPPORT_PHONE = "+1 555 0100"

if not MAPBOX_SECRET_TOKEN:
    raise RuntimeError("MAPBOX_SECRET_TOKEN is required")


def create_app(test_config=None):
    app = Flask(__name__, instance_relative_config=True)
    app.config.from_mapping(
        SECRET_KEY=os.environ.get("PORTAL_SECRET_KEY"),  # expect: FG501
        TENANT_HEADER="X-Tenant",
        TENANT_DB_TEMPLATE="postgresql://{user}@tenants.internal/{tenant}",
        SESSION_COOKIE_SAMESITE="Lax",
    )
    if test_config is not None:
        app.config.update(test_config)

    logging.info("portal configuration: %s", dict(app.config))  # expect: FG402
    logger.info("webhook token configured (%d chars)", len(WEBHOOK_TOKEN))

    from .errors import bp as errors_bp
    from .tenants import bp as tenants_bp

    app.register_blueprint(tenants_bp)
    app.register_blueprint(errors_bp)
    return app
