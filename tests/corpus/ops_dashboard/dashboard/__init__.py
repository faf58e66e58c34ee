"""Internal operations dashboard: health, diagnostics and feature flags."""
import logging
import os

from flask import Flask
from werkzeug.debug import DebuggedApplication

logger = logging.getLogger("dashboard")


def env_flag(name, default="false"):
    return os.environ.get(name, default).strip().lower() in ("1", "true", "yes", "on")


def create_app():
    app = Flask(__name__)
    app.config["SECRET_KEY"] = os.environ["DASHBOARD_SECRET_KEY"]
    app.config["DATADOG_API_KEY"] = os.environ.get("DATADOG_API_KEY")  # expect: FG501
    app.config["PAGERDUTY_TOKEN"] = os.environ.get("PAGERDUTY_TOKEN", "")
    app.config["SHOW_DIAGNOSTICS"] = bool(os.getenv("SHOW_DIAGNOSTICS"))  # expect: FG204
    app.config["MAINTENANCE_MODE"] = env_flag("MAINTENANCE_MODE")
    app.config["ENABLE_PROFILER"] = bool(int(os.environ.get("ENABLE_PROFILER", "0")))
    app.config["READ_ONLY"] = os.environ.get("READ_ONLY", "0") == "1"

    logger.info("dashboard starting; datadog key set: %s", app.config["DATADOG_API_KEY"] is not None)
    logger.info("pagerduty token length: %d", len(app.config["PAGERDUTY_TOKEN"]))
    logger.debug("datadog key: %s", app.config["DATADOG_API_KEY"])  # expect: FG402
    logger.debug("effective configuration: %s", app.config)  # expect: FG402

    if env_flag("DASHBOARD_CONSOLE"):
        app.wsgi_app = DebuggedApplication(app.wsgi_app, evalex=True)  # expect: FG203

    from .diagnostics import bp

    app.register_blueprint(bp)
    return app
