import logging
import os

from flask import Flask

logging.basicConfig(level=logging.INFO)


def create_app():
    app = Flask(__name__)
    app.config.from_mapping(
        SECRET_KEY=os.environ.get("SECRET_KEY", "dev"),  # expect: FG104
        PROPAGATE_EXCEPTIONS=False,
        JSON_AS_ASCII=False,
        SUPPORT_EMAIL="support@example.com",
    )

    from . import errors
    from .api import api_bp

    errors.register(app)
    app.register_blueprint(api_bp)
    return app
