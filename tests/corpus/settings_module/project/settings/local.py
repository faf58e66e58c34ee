"""Developer overrides, imported by project.settings when APP_ENV=local."""
from .base import *  # noqa: F401,F403


class LocalSettings:
    DEBUG = True
    SECRET_KEY = "secret"  # expect: FG101
    SQLALCHEMY_DATABASE_URI = "postgresql://dev:devpass@localhost/app_dev"  # expect: FG103
    SQLALCHEMY_ECHO = True


globals().update({k: v for k, v in vars(LocalSettings).items() if k.isupper()})
