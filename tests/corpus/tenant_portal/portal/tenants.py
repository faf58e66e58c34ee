"""Tenant administration."""
import os

from flask import Blueprint, abort, current_app, g, jsonify, render_template, request
from flask.views import MethodView

from . import MAPBOX_SECRET_TOKEN, SUPPORT_PHONE, WEBHOOK_TOKEN, logger

bp = Blueprint("tenants", __name__, url_prefix="/tenants")
EMBED_SIGNING_SECRET = os.environ["PORTAL_EMBED_SIGNING_SECRET"]
EMBED_ORIGIN = "https://embed.example.com"

TENANTS = {"acme": {"name": "Acme", "plan": "pro"}}


@bp.before_request
def load_tenant():
    tenant = request.headers.get(current_app.config["TENANT_HEADER"])
    if tenant and tenant not in TENANTS:
        abort(404)
    g.tenant = tenant


class TenantAPI(MethodView):
    def get(self, slug):
        tenant = TENANTS.get(slug) or abort(404)
        return jsonify(slug=slug, **tenant)

    def put(self, slug):
        body = request.get_json(force=True)
        TENANTS[slug] = {"name": body.get("name", slug), "plan": body.get("plan", "free")}
        logger.info("tenant %s updated by %s", slug, request.remote_addr)
        return jsonify(TENANTS[slug])


bp.add_url_rule("/<slug>", view_func=TenantAPI.as_view("tenant"))


@bp.get("/<slug>/map")
def tenant_map(slug):
    return render_template("map.html", slug=slug, mapbox_token=MAPBOX_SECRET_TOKEN)  # expect: FG303


@bp.get("/<slug>/embed.json")
def embed_config(slug):
    return {"origin": EMBED_ORIGIN, "tenant": slug, "signing_secret": EMBED_SIGNING_SECRET}  # expect: FG303


@bp.get("/<slug>/embed-origin")
def embed_origin(slug):
    return {"origin": EMBED_ORIGIN, "tenant": slug}


@bp.get("/<slug>/support")
def support(slug):
    return render_template("support.html", slug=slug, phone=SUPPORT_PHONE)


@bp.get("/<slug>/webhook-setup")
def webhook_setup(slug):
    return jsonify(url=f"https://portal.example.com/hooks/{slug}", token=WEBHOOK_TOKEN)  # expect: FG303


@bp.post("/<slug>/hooks")
def receive_hook(slug):
    supplied_token = request.headers.get("X-Portal-Token", "")
    if supplied_token == WEBHOOK_TOKEN:  # expect: FG601
        return jsonify(ok=True)
    logger.warning(f"rejected webhook token {supplied_token} for {slug}")  # expect: FG402
    abort(401)


@bp.get("/debug/runtime")
def runtime():
    return str(os.environ), 200, {"Content-Type": "text/plain"}  # expect: FG302


@bp.get("/<slug>/export")
def export(slug):
    access_token = request.args.get("access_token")  # expect: FG602
    if not access_token:
        abort(401)
    return jsonify(tenant=slug, rows=[])
