import os

from chat import create_app, socketio

app = create_app()

if __name__ == "__main__":
    socketio.run(app, host="0.0.0.0", port=5000, debug=os.environ.get("FLASK_DEBUG") == "1")
