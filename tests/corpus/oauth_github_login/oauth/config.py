import os


class Config:
    SECRET_KEY = os.environ["SECRET_KEY"]
    GITHUB_CLIENT_ID = os.environ.get("GITHUB_CLIENT_ID", "Iv1.FAKE0000example0")
    GITHUB_CLIENT_SECRET = os.environ.get("GITHUB_CLIENT_SECRET", "FAKE0000example0000github0000secret0000")  # expect: FG104
    GITHUB_AUTHORIZE_URL = "https://github.com/login/oauth/authorize"
    GITHUB_TOKEN_URL = "https://github.com/login/oauth/access_token"
    GITHUB_API_BASE = "https://api.github.com"
    GITHUB_SCOPES = ["read:user", "user:email"]
    OAUTH_STATE_TTL = 600
    GITHUB_WEBHOOK_SECRET = os.environ.get("GITHUB_WEBHOOK_SECRET")  # expect: FG501
    GITHUB_APP_PRIVATE_KEY = "-----BEGIN RSA PRIVATE KEY-----\nMIIEFAKE0000exampleFAKE0000example0000\n-----END RSA PRIVATE KEY-----\n"  # expect: FG102
    SESSION_TYPE = "filesystem"


class DebugConfig(Config):
    GITHUB_BOT_TOKEN = "ghp_FAKE0000example0000FAKE0000example00"  # expect: FG102


class TestConfig(Config):
    TESTING = True
    GITHUB_CLIENT_SECRET = "FAKE-test-client-secret"  # expect: FG101
