"""Application factory for the shop."""
import logging
import os

from flask import Flask
from flask_login import LoginManager
from flask_migrate import Migrate
from flask_sqlalchemy import SQLAlchemy

from .config import config

db = SQLAlchemy()
migrate = Migrate()
login_manager = LoginManager()
login_manager.login_view = "auth.login"

log = logging.getLogger(__name__)


def create_app(config_name=None):
    config_name = config_name or os.environ.get("FLASK_CONFIG", "default")
    app = Flask(__name__)
    app.config.from_object(config[config_name])
    config[config_name].init_app(app)

    app.config["SHIPPING_API_TOKEN"] = os.getenv("SHIPPING_API_TOKEN")  # expect: FG501
    app.config["FEATURE_GIFT_CARDS"] = os.environ.get("FEATURE_GIFT_CARDS", "").lower() == "true"

    db.init_app(app)
    migrate.init_app(app, db)
    login_manager.init_app(app)

    from .auth import auth as auth_blueprint
    from .api import api as api_blueprint

    app.register_blueprint(auth_blueprint, url_prefix="/auth")
    app.register_blueprint(api_blueprint, url_prefix="/api/v1")

    if not app.config.get("SECRET_KEY"):
        log.warning("SECRET_KEY is not set; sessions will not work")
    log.info("shop started with config %s", config_name)

    @app.route("/health")
    def health():
        return {"status": "ok", "app": app.config["APP_NAME"]}

    return app
