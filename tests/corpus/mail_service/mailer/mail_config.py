"""Flask-Mail and provider settings for the notification service."""
import os

MAIL_SERVER = os.environ.get("MAIL_SERVER", "smtp.sendgrid.net")
MAIL_PORT = int(os.environ.get("MAIL_PORT", "587"))
MAIL_USE_TLS = os.environ.get("MAIL_USE_TLS", "true").lower() in ("1", "true", "yes")
MAIL_USE_SSL = bool(os.environ.get("MAIL_USE_SSL"))  # expect: FG204
MAIL_USERNAME = "apikey"
MAIL_PASSWORD = "SG.FAKEexample0000000.FAKEexample0000000000000000"  # expect: FG102
MAIL_DEFAULT_SENDER = ("Example Notifications", "noreply@example.com")
MAIL_MAX_EMAILS = 50
MAIL_SUPPRESS_SEND = bool(os.getenv("MAIL_SUPPRESS_SEND", "False"))  # expect: FG204

MAILGUN_DOMAIN = "mg.example.com"
MAILGUN_API_KEY = "key-FAKE0000example0000FAKE0000examp"  # expect: FG102
MAILGUN_API_URL = "https://api.mailgun.net/v3/mg.example.com/messages"

TWILIO_ACCOUNT_SID = "AC00000000000000000000000000000000"  # expect: FG102
TWILIO_AUTH_TOKEN: str = "FAKE0000twilio0000auth0000token0"  # expect: FG101
TWILIO_FROM_NUMBER = "+15550000000"

SLACK_WEBHOOK_URL = "https://hooks.slack.com/services/T0FAKE000/B0FAKE000/FAKEexample0000"  # expect: FG102
SLACK_BOT_TOKEN = os.environ.get("SLACK_BOT_TOKEN", "xoxb-0000000000-FAKEexample00")  # expect: FG102
NOTIFY_RETRY_COUNT = 3
UNSUBSCRIBE_TOKEN_EXPIRY = 7 * 24 * 3600
