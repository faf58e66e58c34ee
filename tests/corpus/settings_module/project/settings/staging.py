import os

from .base import *  # noqa: F401,F403

DEBUG = False
SQLALCHEMY_DATABASE_URI = os.environ["DATABASE_URL"]
SECRET_KEY = os.environ["SECRET_KEY"]
ADMIN_TOKEN = os.environ.get("ADMIN_TOKEN")

# flaskguard: required settings
REQUIRED = ("ADMIN_TOKEN",)
missing = [name for name in REQUIRED if not os.environ.get(name)]
if missing:
    raise RuntimeError("Missing required configuration: " + ", ".join(missing))
