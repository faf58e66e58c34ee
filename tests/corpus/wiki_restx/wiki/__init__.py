"""A team wiki with a Flask-RESTX API."""
import os

from flask import Flask
from flask_restx import Api
from werkzeug.debug import DebuggedApplication

api = Api(title="Wiki API", version="1.0", doc="/docs")


class WikiSettings:
    SECRET_KEY = os.environ.get("WIKI_SECRET_KEY")  # expect: FG501
    SEARCH_API_KEY = os.environ.get("SEARCH_API_KEY", "")
    SEARCH_URL = os.environ.get("SEARCH_URL", "http://localhost:7700")
    RESTX_MASK_SWAGGER = False
    ERROR_404_HELP = False
    PAGES_PER_LISTING = 50


def create_app(settings=WikiSettings):
    app = Flask(__name__)
    app.config.from_object(settings)
    api.init_app(app)

    from .pages import ns as pages_ns

    api.add_namespace(pages_ns, path="/api/pages")

    if app.debug:
        app.wsgi_app = DebuggedApplication(app.wsgi_app, evalex=True)  # expect: FG203
    return app
