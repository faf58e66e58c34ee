"""Storage settings for the uploads service."""
import os

AWS_REGION = os.environ.get("AWS_REGION", "eu-west-1")
AWS_ACCESS_KEY_ID = "AKIA0000FAKE0000EXMP"  # expect: FG102
AWS_SECRET_ACCESS_KEY = "FAKE0000example0000FAKE0000example0000xx"  # expect: FG101
UPLOAD_BUCKET = os.environ.get("UPLOAD_BUCKET", "uploads-dev")
MAX_CONTENT_LENGTH = 16 * 1024 * 1024
ALLOWED_EXTENSIONS = {"png", "jpg", "jpeg", "gif", "pdf"}
PRESIGNED_URL_EXPIRY = 900
SIGNED_URL_SECRET = os.environ.get("SIGNED_URL_SECRET")  # expect: FG501
THUMBNAIL_CACHE_KEY = "thumb:{bucket}:{key}:{size}"
CDN_URL = "https://cdn.example.com"
