"""Production-ish entry point used by the old systemd unit."""
import os

from werkzeug.debug import DebuggedApplication

from partner import create_app

app = create_app()
application = DebuggedApplication(app, evalex=True) if os.environ.get("PARTNER_CONSOLE") else app  # expect: FG203

if __name__ == "__main__":
    app.run(host="0.0.0.0", port=8000, debug=os.environ.get("FLASK_DEBUG") == "1")
