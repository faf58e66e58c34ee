"""Back-office admin with Flask-Admin and the debug toolbar."""
import os

from flask import Flask
from flask_admin import Admin
from flask_debugtoolbar import DebugToolbarExtension
from flask_sqlalchemy import SQLAlchemy
from werkzeug.debug import DebuggedApplication

db = SQLAlchemy()
toolbar = DebugToolbarExtension()


def create_app():
    app = Flask(__name__)
    app.config["SECRET_KEY"] = os.environ.get("ADMIN_SECRET_KEY") or "FAKE-admin-fallback-key-0000"  # expect: FG104
    app.config["SQLALCHEMY_DATABASE_URI"] = os.environ.get("DATABASE_URL", "postgresql://localhost/backoffice")
    app.config["DEBUG_TB_INTERCEPT_REDIRECTS"] = False
    app.config["DEBUG_TB_ENABLED"] = os.environ.get("DEBUG_TB_ENABLED", "0") == "1"
    app.config["FLASK_ADMIN_SWATCH"] = "cerulean"
    app.config["DEBUG"] = True  # expect: FG202
    app.config["ENV"] = "development"  # expect: FG202

    db.init_app(app)
    toolbar.init_app(app)
    Admin(app, name="Back office", template_mode="bootstrap4")

    from .views import bp

    app.register_blueprint(bp)

    if app.debug:
        app.wsgi_app = DebuggedApplication(app.wsgi_app, evalex=True)  # expect: FG203

    return app
