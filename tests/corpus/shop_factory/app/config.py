"""Configuration classes, one per environment, selected by FLASK_CONFIG."""
import os
from datetime import timedelta

basedir = os.path.abspath(os.path.dirname(__file__))


class Config:
    APP_NAME = "Corner Shop"
    SECRET_KEY = os.environ.get("SECRET_KEY", "FAKE-corner-shop-session-0000")  # expect: FG104
    SQLALCHEMY_TRACK_MODIFICATIONS = False
    SQLALCHEMY_RECORD_QUERIES = True
    PASSWORD_MIN_LENGTH = 10
    PASSWORD_FIELD = "password"
    API_KEY_HEADER = "X-API-Key"
    JWT_TOKEN_LOCATION = ["headers"]
    JWT_ACCESS_TOKEN_EXPIRES = timedelta(hours=1)
    PRODUCTS_PER_PAGE = 24
    STRIPE_PUBLISHABLE_KEY = "pk_live_FAKE0000example0000shop"
    SHOP_ADMIN_EMAIL = "owner@example.com"
    SESSION_COOKIE_SECURE = True
    SESSION_COOKIE_HTTPONLY = True
    REMEMBER_COOKIE_DURATION = timedelta(days=14)

    @staticmethod
    def init_app(app):
        pass


class DevelopmentConfig(Config):
    DEBUG = True
    SQLALCHEMY_DATABASE_URI = os.environ.get(
        "DEV_DATABASE_URL", "sqlite:///" + os.path.join(basedir, "data-dev.sqlite")
    )
    STRIPE_SECRET_KEY = "sk_test_FAKE0000example0000shop"  # expect: FG102


class TestingConfig(Config):
    TESTING = True
    WTF_CSRF_ENABLED = False
    SECRET_KEY = "testing"  # expect: FG101
    SQLALCHEMY_DATABASE_URI = "sqlite://"


class ProductionConfig(Config):
    DEBUG = False
    SQLALCHEMY_DATABASE_URI = "postgresql://shop:FAKEshopPass0000@db.internal:5432/shop"  # expect: FG103
    STRIPE_SECRET_KEY = os.environ["STRIPE_SECRET_KEY"]
    MAIL_SERVER = "smtp.example.com"
    MAIL_PORT = 587
    MAIL_USE_TLS = True
    MAIL_USERNAME = "orders@example.com"
    MAIL_PASSWORD = "FAKE-mail-pass-0000"  # expect: FG101

    @classmethod
    def init_app(cls, app):
        Config.init_app(app)
        import logging
        from logging.handlers import SysLogHandler

        handler = SysLogHandler()
        handler.setLevel(logging.WARNING)
        app.logger.addHandler(handler)


config = {
    "development": DevelopmentConfig,
    "testing": TestingConfig,
    "production": ProductionConfig,
    "default": DevelopmentConfig,
}
