import logging
import os

from flask import Flask

logging.basicConfig(level=os.environ.get("LOG_LEVEL", "INFO"))


def create_app():
    app = Flask(__name__)
    app.config.from_pyfile("config.py")
    if os.environ.get("PARTNER_VERBOSE", "").lower() in ("1", "true"):
        app.config["PROPAGATE_EXCEPTIONS"] = True

    from .api import bp

    app.register_blueprint(bp)
    return app
