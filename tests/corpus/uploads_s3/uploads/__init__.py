import os

from flask import Flask


def create_app():
    app = Flask(__name__)
    app.config.from_pyfile("storage_settings.py")
    app.config.update(
        SECRET_KEY=os.environ.get("SECRET_KEY", "FAKE-uploads-fallback-0000"),  # expect: FG104
        DEBUG=True,  # expect: FG202
        UPLOAD_TMP_DIR=os.environ.get("UPLOAD_TMP_DIR", "/tmp/uploads"),
    )

    from .views import bp

    app.register_blueprint(bp)
    return app
