"""Settings for the inventory API. Values come from the environment."""
import os

DEBUG = False
JSON_SORT_KEYS = False
API_KEY_HEADER = "X-API-Key"
API_KEY_QUERY_PARAM = "api_key"
API_KEY_ENV = "INVENTORY_API_KEY"
API_KEY_LENGTH = 40
RATE_LIMIT = "100/hour"

INVENTORY_API_KEY = os.environ.get("INVENTORY_API_KEY")
ADMIN_API_KEY = os.environ.get("ADMIN_API_KEY")
READONLY_API_KEYS = os.environ.get("READONLY_API_KEYS", "").split(",")
SENTRY_DSN = os.environ.get("SENTRY_DSN", "")

# flaskguard: required settings
REQUIRED_SETTINGS = ("INVENTORY_API_KEY", "ADMIN_API_KEY")
_missing = [name for name in REQUIRED_SETTINGS if not os.environ.get(name)]
if _missing:
    raise RuntimeError("Missing required configuration: " + ", ".join(_missing))
