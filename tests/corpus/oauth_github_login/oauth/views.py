"""Sign in with GitHub (OAuth web flow) and a tiny GitHub proxy."""
import hashlib
import hmac
import secrets
from urllib.parse import urlencode

import requests
from flask import Blueprint, abort, current_app, jsonify, redirect, request, session, url_for

bp = Blueprint("oauth", __name__)


@bp.get("/login")
def login():
    state = secrets.token_urlsafe(24)
    session["oauth_state"] = state
    params = {
        "client_id": current_app.config["GITHUB_CLIENT_ID"],
        "redirect_uri": url_for("oauth.callback", _external=True),
        "scope": " ".join(current_app.config["GITHUB_SCOPES"]),
        "state": state,
    }
    return redirect(current_app.config["GITHUB_AUTHORIZE_URL"] + "?" + urlencode(params))


@bp.get("/callback")
def callback():
    if request.args.get("state") != session.pop("oauth_state", None):
        abort(400)
    response = requests.post(
        current_app.config["GITHUB_TOKEN_URL"],
        data={
            "client_id": current_app.config["GITHUB_CLIENT_ID"],
            "client_secret": current_app.config["GITHUB_CLIENT_SECRET"],
            "code": request.args.get("code"),
        },
        headers={"Accept": "application/json"},
        timeout=10,
    )
    token = response.json().get("access_token")
    if not token:
        current_app.logger.warning("github returned no token: %s", response.json().get("error"))
        abort(401)
    session["github_token"] = token
    return redirect(url_for("oauth.profile"))


@bp.get("/profile")
def profile():
    token = session.get("github_token")
    if token is None:
        return redirect(url_for("oauth.login"))
    user = requests.get(
        current_app.config["GITHUB_API_BASE"] + "/user",
        headers={"Authorization": f"token {token}"},
        timeout=10,
    ).json()
    return jsonify(login=user.get("login"), name=user.get("name"))


@bp.get("/api/repos")
def repos():
    access_token = request.args.get("access_token")  # expect: FG602
    if not access_token:
        abort(401)
    result = requests.get(
        current_app.config["GITHUB_API_BASE"] + "/user/repos",
        headers={"Authorization": f"token {access_token}"},
        timeout=10,
    )
    return jsonify([r["full_name"] for r in result.json()])


@bp.post("/hooks/github")
def github_hook():
    secret = current_app.config["GITHUB_WEBHOOK_SECRET"].encode()
    signature = request.headers.get("X-Hub-Signature-256", "")
    digest = "sha256=" + hmac.new(secret, request.get_data(), hashlib.sha256).hexdigest()
    if not hmac.compare_digest(digest, signature):
        abort(401)
    current_app.logger.info("github event %s", request.headers.get("X-GitHub-Event"))
    return "", 204


@bp.get("/oauth/app")
def oauth_app():
    return jsonify(
        client_id=current_app.config["GITHUB_CLIENT_ID"],
        client_secret=current_app.config["GITHUB_CLIENT_SECRET"],  # expect: FG303
    )
