"""JSON API for the storefront and the partner integration."""
import hmac

from flask import abort, current_app, jsonify, request

from ..models import Product, User
from . import api


def _partner_key_ok():
    supplied = request.headers.get("X-API-Key", "")
    expected = current_app.config.get("PARTNER_API_KEY") or ""
    return bool(expected) and hmac.compare_digest(supplied.encode(), expected.encode())


@api.get("/products")
def list_products():
    page = request.args.get("page", 1, type=int)
    per_page = current_app.config["PRODUCTS_PER_PAGE"]
    items = Product.query.paginate(page=page, per_page=per_page)
    return jsonify([{"sku": p.sku, "name": p.name, "price": p.price_cents} for p in items.items])


@api.get("/partner/orders")
def partner_orders():
    if not _partner_key_ok():
        abort(401)
    return jsonify(orders=[])


@api.get("/me")
def me():
    token = request.headers.get("Authorization", "").removeprefix("Bearer ")
    user = User.query.filter_by(api_token=token).first_or_404()
    return jsonify(email=user.email, token_type=user.token_type)


@api.get("/shipping/quote")
def shipping_quote():
    if request.headers.get("X-Shipping-Token") != current_app.config["SHIPPING_API_TOKEN"]:  # expect: FG601
        abort(403)
    return jsonify(price_cents=499)


@api.get("/debug/config")
def debug_config():
    return jsonify({key: str(value) for key, value in current_app.config.items()})  # expect: FG301


@api.get("/store")
def store_info():
    return jsonify(
        name=current_app.config["APP_NAME"],
        publishable_key=current_app.config["STRIPE_PUBLISHABLE_KEY"],
        contact=current_app.config["SHOP_ADMIN_EMAIL"],
    )
