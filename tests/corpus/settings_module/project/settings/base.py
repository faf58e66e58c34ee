"""Settings shared by every environment."""
import os
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent

SECRET_KEY = os.environ.get("SECRET_KEY")  # expect: FG501
JWT_SECRET_KEY = os.getenv("JWT_SECRET_KEY", "FAKE-jwt-signing-0000")  # expect: FG104
JWT_ALGORITHM = "HS256"
JWT_TOKEN_LOCATION = ["headers", "cookies"]
JWT_COOKIE_CSRF_PROTECT = True
JWT_ACCESS_TOKEN_EXPIRES = 900

SQLALCHEMY_DATABASE_URI = os.environ.get("DATABASE_URL", f"sqlite:///{BASE_DIR / 'app.db'}")
SQLALCHEMY_TRACK_MODIFICATIONS = False

CACHE_TYPE = "RedisCache"
CACHE_REDIS_URL = os.environ.get("REDIS_URL", "redis://localhost:6379/0")
CACHE_DEFAULT_TIMEOUT = 300
CACHE_KEY_PREFIX = "project:"

OPENAI_API_KEY = os.environ.get("OPENAI_API_KEY")  # expect: FG501
OPENAI_MODEL = "gpt-4o-mini"
GOOGLE_MAPS_KEY = "Qm7FAKEx2Lr9Tz4Vb8Nc"  # expect: FG101
SORT_KEY = "created_at"
PRIMARY_KEY = "id"
SESSION_COOKIE_NAME = "project_session"
PASSWORD_RESET_URL = "https://app.example.com/reset?token={token}"
TOKEN_HEADER = "Authorization"
TOKEN_PREFIX = "Bearer"
