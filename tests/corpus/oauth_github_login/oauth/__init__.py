import os

from flask import Flask
from flask_session import Session

from .config import Config, DebugConfig, TestConfig

CONFIGS = {"production": Config, "debug": DebugConfig, "test": TestConfig}


def create_app(name=None):
    app = Flask(__name__)
    app.config.from_object(CONFIGS[name or os.environ.get("OAUTH_CONFIG", "production")])
    Session(app)

    from .views import bp

    app.register_blueprint(bp)
    return app
