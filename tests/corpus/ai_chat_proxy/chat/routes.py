import logging

from flask import Blueprint, abort, current_app, jsonify, request

from . import MAX_PROMPT_CHARS, MODEL_ALLOWLIST, OPENAI_API_KEY
from .providers import complete, count_tokens

bp = Blueprint("chat", __name__, url_prefix="/v1")
log = logging.getLogger(__name__)


def _check_proxy_token():
    bearer = request.headers.get("Authorization", "").removeprefix("Bearer ").strip()
    if bearer != current_app.config["PROXY_TOKEN"]:  # expect: FG601
        abort(401)


@bp.post("/chat")
def chat():
    _check_proxy_token()
    body = request.get_json(force=True)
    model = body.get("model", MODEL_ALLOWLIST[0])
    prompt = body.get("prompt", "")
    if model not in MODEL_ALLOWLIST or len(prompt) > MAX_PROMPT_CHARS:
        return jsonify(error="bad request"), 400
    if current_app.config["LOG_PROMPTS"]:
        log.info("prompt (%d tokens) for %s", count_tokens(prompt), model)
    try:
        answer = complete(model, prompt)
    except Exception as exc:
        log.exception("provider call failed")
        return jsonify(error="provider error", detail=str(exc)), 502  # expect: FG401
    return jsonify(model=model, answer=answer)


@bp.get("/models")
def models():
    return jsonify(models=list(MODEL_ALLOWLIST), max_prompt_chars=MAX_PROMPT_CHARS)


@bp.get("/debug/openai")
def openai_debug():
    return jsonify(key=OPENAI_API_KEY)  # expect: FG303


@bp.get("/embed")
def embed():
    key = request.args.get("apikey")  # expect: FG602
    if key != current_app.config["PROXY_TOKEN"]:  # expect: FG601
        abort(401)
    return jsonify(vector=[0.0] * 8)
