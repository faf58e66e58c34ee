from flask import Flask


def create_app(overrides=None):
    app = Flask(__name__)
    app.config.from_object("api.settings")
    if overrides:
        app.config.update(overrides)

    from .routes import bp

    app.register_blueprint(bp)
    return app
