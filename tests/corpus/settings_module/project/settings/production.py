from .base import *  # noqa: F401,F403

DEBUG = False
TESTING = False
PREFERRED_URL_SCHEME = "https"
SESSION_COOKIE_SECURE = True
SQLALCHEMY_DATABASE_URI = "postgresql+psycopg2://app:FAKEprodDbPass0000@prod-db.internal/app"  # expect: FG103
CELERY_BROKER_URL = "redis://:FAKEbrokerPass0000@prod-redis.internal:6379/0"  # expect: FG103
SENTRY_DSN = "https://0000fake@o0.ingest.example.com/0"
DEBUG = True  # expect: FG202
