from flask import Flask
from flask_mail import Mail

mail = Mail()


def create_app():
    app = Flask(__name__)
    app.config.from_object("mailer.mail_config")
    app.config["UNSUBSCRIBE_SECRET"] = app.config.get("UNSUBSCRIBE_SECRET", "FAKE-unsub-secret-0000")  # expect: FG104
    mail.init_app(app)

    from .notifications import bp

    app.register_blueprint(bp)
    return app
