"""Settings for the shop API, one class per environment."""


class Config:
    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    SQLALCHEMY_TRACK_MODIFICATIONS = False
    PASSWORD_MIN_LENGTH = 12


class ProductionConfig(Config):
    DEBUG = True
    SESSION_COOKIE_SECURE = True
    SQLALCHEMY_DATABASE_URI = "postgresql://shop:FAKE-db-password-0000@db.internal:5432/shop"


class DevelopmentConfig(Config):
    DEBUG = True
    SQLALCHEMY_DATABASE_URI = "postgresql://localhost:5432/shop_dev"
