# Legacy partner API configuration (Python module loaded with from_pyfile).
import os

DEBUG = True  # expect: FG202
TESTING = False
SECRET_KEY = os.urandom(32)
PARTNER_KEYS = {
    "acme": "FAKE-acme-partner-key-0000",
    "globex": os.environ.get("GLOBEX_PARTNER_KEY", ""),
}
PARTNER_KEY_PARAM = "key"
LEGACY_SHARED_SECRET = "FAKE" "-legacy-" "shared-0000"  # expect: FG101
LOG_LEVEL = "INFO"
DATABASE_URL = "postgresql://partner_ro@replica.internal/partners"
