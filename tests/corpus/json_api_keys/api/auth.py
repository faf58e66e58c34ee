"""API-key authentication for the inventory API."""
import functools
import hmac
import logging

from flask import abort, current_app, g, request

log = logging.getLogger(__name__)


def _presented_key():
    header = current_app.config["API_KEY_HEADER"]
    return request.headers.get(header) or request.headers.get("Authorization", "").removeprefix("Token ")


def require_api_key(view):
    @functools.wraps(view)
    def wrapped(*args, **kwargs):
        presented = _presented_key()
        expected = current_app.config.get("INVENTORY_API_KEY")
        if not presented:
            log.info("request without API key from %s", request.remote_addr)
            abort(401)
        if not (expected and hmac.compare_digest(presented.encode(), expected.encode())):
            log.warning("bad API key (length %d) from %s", len(presented), request.remote_addr)
            abort(403)
        g.client = "inventory"
        return view(*args, **kwargs)

    return wrapped


def require_admin_key(view):
    @functools.wraps(view)
    def wrapped(*args, **kwargs):
        if request.headers.get("X-Admin-Key") != current_app.config["ADMIN_API_KEY"]:  # expect: FG601
            abort(403)
        return view(*args, **kwargs)

    return wrapped


def require_readonly_key(view):
    @functools.wraps(view)
    def wrapped(*args, **kwargs):
        api_key = request.args.get("api_key")  # expect: FG602
        if api_key not in current_app.config["READONLY_API_KEYS"]:
            abort(403)
        return view(*args, **kwargs)

    return wrapped


def legacy_token_check():
    token = request.args["token"]  # expect: FG602
    admin_token = current_app.config["ADMIN_API_KEY"]
    if token == admin_token:  # expect: FG601
        return True
    log.info("legacy token rejected for %s", request.remote_addr)
    return False
