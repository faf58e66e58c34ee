"""Settings module imported by legacy.server at startup (old style)."""
DEBUG = False
TESTING = False
LOG_FORMAT = "%(asctime)s %(levelname)s %(name)s %(message)s"
PASSWORD_HASH_ROUNDS = 12
PASSWORD_RESET_TOKEN_TTL = 3600
SESSION_TOKEN_LENGTH = 32
ADMIN_EMAIL = "admin@example.com"
TOKEN_TYPE = "bearer"
SECRET_KEY_ENV = "MONOLITH_SECRET_KEY"
API_KEY_NAME = "X-Monolith-Key"
DB_PASSWORD_FILE = "/run/secrets/db_password"
AUTH_TOKEN_URL = "https://auth.example.com/oauth/token"
