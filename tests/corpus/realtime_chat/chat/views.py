from flask import Blueprint, current_app, jsonify, render_template, request
from flask_login import current_user, login_required
from werkzeug.security import check_password_hash, generate_password_hash

bp = Blueprint("rooms", __name__)

ROOMS = {}


@bp.get("/")
@login_required
def lobby():
    return render_template("lobby.html", rooms=sorted(ROOMS), user=current_user)


@bp.post("/rooms")
@login_required
def create_room():
    name = request.form["name"].strip()
    password = request.form.get("password", "")
    if password and len(password) < current_app.config["ROOM_PASSWORD_MIN_LENGTH"]:
        return jsonify(error="room password too short"), 400
    ROOMS[name] = {"owner": current_user.id, "password_hash": generate_password_hash(password) if password else None}
    return jsonify(room=name, protected=bool(password)), 201


@bp.post("/rooms/<name>/join")
@login_required
def join_room_view(name):
    room = ROOMS.get(name)
    if room is None:
        return jsonify(error="no such room"), 404
    if room["password_hash"] and not check_password_hash(room["password_hash"], request.form.get("password", "")):
        return jsonify(error="wrong room password"), 403
    return jsonify(joined=name)


@bp.get("/pusher/config")
def pusher_config():
    from . import PUSHER_APP_ID, PUSHER_KEY

    return jsonify(app_id=PUSHER_APP_ID, key=PUSHER_KEY, cluster="eu")
