import os

from flask import Flask, render_template
from flask_login import LoginManager
from flask_sqlalchemy import SQLAlchemy

db = SQLAlchemy()
login_manager = LoginManager()


def create_app(config_object=None):
    app = Flask(__name__, instance_relative_config=True)
    app.config.from_object(config_object or os.environ.get("BLOG_CONFIG", "blog.config.ProdConfig"))
    app.config.from_pyfile("local.cfg", silent=True)

    db.init_app(app)
    login_manager.init_app(app)
    login_manager.login_view = "auth.login"
    login_manager.login_message_category = "info"

    from .auth import bp as auth_bp
    from .posts import bp as posts_bp

    app.register_blueprint(auth_bp)
    app.register_blueprint(posts_bp)

    @app.errorhandler(404)
    def not_found(e):
        return render_template("404.html", message=e.description), 404

    @app.errorhandler(500)
    def server_error(e):
        app.logger.exception("unhandled error")
        return render_template("500.html"), 500

    if app.debug:
        app.config["SQLALCHEMY_ECHO"] = True
        app.config["ADMIN_PASSWORD"] = "FAKE-debug-admin-0000"  # expect: FG101

    return app
