import logging
import os

from flask import Flask

log = logging.getLogger(__name__)


def create_app(config_name=None):
    app = Flask(__name__)
    config_name = config_name or os.environ.get("NOTES_CONFIG", "notes.config.Config")
    app.config.from_object(config_name)

    key = app.config.get("NOTES_API_KEY")
    log.info("notes starting (debug=%s, api key set: %s)", app.debug, key is not None)
    log.debug("api key length: %d", len(key or ""))

    from .api import bp as api_bp
    from .errors import register_error_handlers

    app.register_blueprint(api_bp)
    register_error_handlers(app)
    return app
