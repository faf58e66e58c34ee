import logging

from flask import current_app, request
from flask_login import current_user
from flask_socketio import emit, join_room, leave_room

from . import socketio

log = logging.getLogger(__name__)


@socketio.on("join")
def on_join(data):
    room = data.get("room")
    join_room(room)
    log.info("%s joined %s (sid %s)", current_user.get_id(), room, request.sid)
    emit("status", {"msg": f"{current_user.get_id()} has entered the room."}, to=room)


@socketio.on("leave")
def on_leave(data):
    room = data.get("room")
    leave_room(room)
    emit("status", {"msg": f"{current_user.get_id()} has left the room."}, to=room)


@socketio.on("message")
def on_message(data):
    text = str(data.get("text", ""))[: current_app.config["MAX_MESSAGE_LENGTH"]]
    emit("message", {"user": current_user.get_id(), "text": text}, to=data.get("room"))
