"""Configuration done carefully: everything secret comes from the environment and is checked."""
import os


def env_bool(name, default=False):
    raw = os.environ.get(name)
    if raw is None:
        return default
    return raw.strip().lower() in ("1", "true", "yes", "on")


class Config:
    APP_NAME = "Notes"
    SECRET_KEY = os.environ.get("SECRET_KEY")
    NOTES_API_KEY = os.environ.get("NOTES_API_KEY")
    SQLALCHEMY_DATABASE_URI = os.environ.get("DATABASE_URL", "sqlite:///notes.db")
    DEBUG = env_bool("FLASK_DEBUG")
    TESTING = False
    API_KEY_HEADER = "X-API-Key"
    PASSWORD_MIN_LENGTH = 12
    TOKEN_TTL = 3600
    SESSION_COOKIE_SECURE = env_bool("SESSION_COOKIE_SECURE", True)
    ENABLE_SIGNUP = os.environ.get("ENABLE_SIGNUP", "false").lower() == "true"
    RATELIMIT_STORAGE_URI = os.environ.get("REDIS_URL", "memory://")


class DevelopmentConfig(Config):
    DEBUG = True
    SQLALCHEMY_ECHO = True


class TestingConfig(Config):
    TESTING = True
    DEBUG = True


# flaskguard: required settings
REQUIRED = ("SECRET_KEY", "NOTES_API_KEY")
missing = [name for name in REQUIRED if not os.environ.get(name)]
if missing and not env_bool("NOTES_SKIP_CHECKS"):
    raise RuntimeError("Missing required configuration: " + ", ".join(missing))
