from flask import Blueprint, current_app, jsonify, request

from .auth import api_key_required, new_token, verify_user

bp = Blueprint("api", __name__, url_prefix="/api")

NOTES = []
USERS = {}


@bp.get("/info")
def info():
    return jsonify(name=current_app.config["APP_NAME"], signup=current_app.config["ENABLE_SIGNUP"])


@bp.get("/notes")
@api_key_required
def list_notes():
    page = request.args.get("page", 1, type=int)
    size = min(request.args.get("size", 20, type=int), 100)
    start = (page - 1) * size
    return jsonify(notes=NOTES[start : start + size], page=page)


@bp.post("/notes")
@api_key_required
def add_note():
    body = request.get_json(silent=True) or {}
    text = (body.get("text") or "").strip()
    if not text:
        return jsonify(error="text is required"), 400
    NOTES.append({"id": len(NOTES) + 1, "text": text})
    return jsonify(NOTES[-1]), 201


@bp.post("/login")
def login():
    body = request.get_json(silent=True) or {}
    user = USERS.get(body.get("email", ""))
    if not verify_user(user, body.get("password", "")):
        return jsonify(error="invalid credentials"), 401
    access_token = new_token()
    current_app.logger.info("issued token for %s", body.get("email"))
    return jsonify(access_token=access_token, token_type="bearer", expires_in=current_app.config["TOKEN_TTL"])


@bp.post("/password-check")
def password_check():
    password = (request.get_json(silent=True) or {}).get("password", "")
    long_enough = len(password) >= current_app.config["PASSWORD_MIN_LENGTH"]
    return jsonify(ok=long_enough, min_length=current_app.config["PASSWORD_MIN_LENGTH"])
