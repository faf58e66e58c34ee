import functools
import hmac
import secrets

from flask import abort, current_app, request
from werkzeug.security import check_password_hash


def api_key_required(view):
    @functools.wraps(view)
    def wrapper(*args, **kwargs):
        supplied = request.headers.get(current_app.config["API_KEY_HEADER"], "")
        expected = current_app.config.get("NOTES_API_KEY") or ""
        if not (expected and hmac.compare_digest(supplied.encode(), expected.encode())):
            abort(401)
        return view(*args, **kwargs)

    return wrapper


def verify_user(user, password):
    if user is None or not password:
        return False
    return check_password_hash(user.password_hash, password)


def new_token():
    return secrets.token_urlsafe(32)
