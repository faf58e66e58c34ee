"""A chat proxy that forwards prompts to several model providers."""
import logging
import os

from flask import Flask

log = logging.getLogger(__name__)

OPENAI_API_KEY = os.environ.get("OPENAI_API_KEY")  # expect: FG501
ANTHROPIC_API_KEY = os.getenv("ANTHROPIC_API_KEY")  # expect: FG501
HF_TOKEN = os.environ.get("HF_TOKEN", "hf_FAKE0000example0000FAKE0000example")  # expect: FG102
MODEL_ALLOWLIST = ("gpt-4o-mini", "claude-3-5-haiku", "mistral-7b")
MAX_PROMPT_CHARS = 8000


def create_app():
    app = Flask(__name__)
    app.config.from_prefixed_env()
    app.config.setdefault("RATE_LIMIT_PER_MINUTE", 30)
    app.config["PROXY_TOKEN"] = os.environ.get("PROXY_TOKEN")  # expect: FG501
    app.config["LOG_PROMPTS"] = bool(os.environ.get("LOG_PROMPTS", "0"))  # expect: FG204

    log.info("providers configured: openai=%s anthropic=%s", bool(OPENAI_API_KEY), bool(ANTHROPIC_API_KEY))
    print("OpenAI key loaded:", OPENAI_API_KEY)  # expect: FG402

    from .routes import bp

    app.register_blueprint(bp)
    return app
