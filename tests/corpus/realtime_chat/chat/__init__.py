"""Real-time chat rooms with Flask-SocketIO, Redis pub/sub and Flask-Login."""
import os

from flask import Flask
from flask_login import LoginManager
from flask_socketio import SocketIO

socketio = SocketIO()
login_manager = LoginManager()

REDIS_URL = os.environ.get("REDIS_URL", "redis://localhost:6379/0")
PUSHER_SECRET = os.getenv("PUSHER_SECRET") if os.getenv("PUSHER_SECRET") else "FAKE-pusher-secret-0000"  # expect: FG104
PUSHER_KEY = os.environ.get("PUSHER_KEY", "")
PUSHER_APP_ID = os.environ.get("PUSHER_APP_ID", "0000")


def create_app():
    app = Flask(__name__)
    app.config["DEBUG"] = os.environ.get("FLASK_DEBUG", "0") == "1"
    app.config["SECRET_KEY"] = "dev" if app.config["DEBUG"] else os.environ["SECRET_KEY"]  # expect: FG101
    app.config["MESSAGE_QUEUE"] = REDIS_URL
    app.config["MAX_MESSAGE_LENGTH"] = 2000
    app.config["ROOM_PASSWORD_MIN_LENGTH"] = 6

    login_manager.init_app(app)
    socketio.init_app(app, message_queue=app.config["MESSAGE_QUEUE"], cors_allowed_origins=[])

    from . import events, views  # noqa: F401

    app.register_blueprint(views.bp)
    return app
