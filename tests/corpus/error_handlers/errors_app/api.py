"""A small orders API whose views catch their own errors."""
import traceback

from flask import Blueprint, current_app, jsonify, make_response, request

api_bp = Blueprint("api", __name__, url_prefix="/api")

ORDERS = {}


class OrderError(Exception):
    pass


def parse_quantity(raw):
    try:
        return int(raw)
    except (TypeError, ValueError) as exc:
        raise OrderError(f"bad quantity {raw!r}") from exc


@api_bp.post("/orders")
def create_order():
    body = request.get_json(silent=True) or {}
    try:
        quantity = parse_quantity(body.get("quantity"))
    except OrderError as e:
        return jsonify(error=str(e)), 400  # expect: FG401
    order_id = len(ORDERS) + 1
    ORDERS[order_id] = {"sku": body.get("sku"), "quantity": quantity}
    return jsonify(id=order_id), 201


@api_bp.get("/orders/<int:order_id>")
def get_order(order_id):
    try:
        return jsonify(ORDERS[order_id])
    except KeyError:
        return jsonify(error="no such order"), 404


@api_bp.post("/orders/<int:order_id>/ship")
def ship_order(order_id):
    try:
        shipped = current_app.extensions["shipping"].ship(ORDERS[order_id])
    except Exception as exc:
        current_app.logger.exception("shipping failed for order %s", order_id)
        body = {"error": "shipping failed", "trace": traceback.format_exception(exc)}  # expect: FG401
        return make_response(jsonify(body), 502)
    return jsonify(tracking=shipped.tracking_number)


@api_bp.post("/orders/import")
def import_orders():
    try:
        rows = request.get_json(force=True)["rows"]
    except Exception as exc:
        message = "could not read rows: %s" % exc
        current_app.logger.warning(message)
        return jsonify(error="could not read rows"), 400
    return jsonify(imported=len(rows))


@api_bp.delete("/orders/<int:order_id>")
def delete_order(order_id):
    try:
        del ORDERS[order_id]
    except KeyError as e:
        return make_response(repr(e), 404)  # expect: FG401
    return "", 204
