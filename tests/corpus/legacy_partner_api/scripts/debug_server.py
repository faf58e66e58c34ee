"""Run the partner API with the interactive debugger on a developer machine."""
import os

from werkzeug.debug import DebuggedApplication
from werkzeug.serving import run_simple

from partner import create_app

app = create_app()
app.debug = True  # expect: FG202
app.wsgi_app = DebuggedApplication(app.wsgi_app, evalex=True, pin_security=False)  # expect: FG203

if __name__ == "__main__":
    port = int(os.environ.get("PORT", "5000"))
    run_simple("127.0.0.1", port, app, use_reloader=True, use_debugger=True)  # expect: FG201
