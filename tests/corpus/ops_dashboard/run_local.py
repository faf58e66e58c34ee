"""Local runner with the Werkzeug debugger for the on-call laptop."""
from werkzeug.debug import DebuggedApplication
from werkzeug.serving import run_simple

from dashboard import create_app

app = create_app()
app.debug = True  # expect: FG202
wrapped = DebuggedApplication(app.wsgi_app, True)  # expect: FG203
run_simple("0.0.0.0", 8080, wrapped, use_debugger=True)  # expect: FG201
