"""Pages resource."""
import os
import traceback

from flask import current_app, request
from flask_restx import Namespace, Resource, fields

ns = Namespace("pages", description="Wiki pages")

page_model = ns.model("Page", {"slug": fields.String(required=True), "body": fields.String})

PAGES = {}


@ns.route("/")
class PageList(Resource):
    def get(self):
        limit = current_app.config["PAGES_PER_LISTING"]
        return list(PAGES.values())[:limit]

    @ns.expect(page_model)
    def post(self):
        body = request.get_json(force=True)
        try:
            PAGES[body["slug"]] = body
        except KeyError as e:
            return {"error": "slug is required", "detail": str(e)}, 400  # expect: FG401
        return body, 201


@ns.route("/<slug>")
class Page(Resource):
    def get(self, slug):
        page = PAGES.get(slug)
        if page is None:
            ns.abort(404, f"page {slug} not found")
        return page

    def delete(self, slug):
        try:
            del PAGES[slug]
        except Exception:
            return {"error": "delete failed", "trace": traceback.format_exc()}, 500  # expect: FG401
        return "", 204


@ns.route("/_search")
class Search(Resource):
    def get(self):
        q = request.args.get("q", "")
        return {"query": q, "results": [p for p in PAGES.values() if q in p.get("body", "")]}


@ns.route("/_runtime")
class Runtime(Resource):
    def get(self):
        return {"pid": os.getpid(), "env": dict(os.environ)}  # expect: FG302
