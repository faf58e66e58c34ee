"""Run the back office locally with the interactive debugger."""
from werkzeug.debug import DebuggedApplication
from werkzeug.serving import run_simple

from . import create_app

app = create_app()
debug_app = DebuggedApplication(app, evalex=True)  # expect: FG203

if __name__ == "__main__":
    run_simple("127.0.0.1", 5000, debug_app, use_reloader=True, use_debugger=True)  # expect: FG201
