"""Send transactional mail, SMS and Slack notifications."""
import logging

import requests
from flask import Blueprint, abort, current_app, jsonify, request
from flask_mail import Message
from itsdangerous import BadSignature, URLSafeTimedSerializer

from . import mail

bp = Blueprint("notifications", __name__, url_prefix="/notify")
logger = logging.getLogger(__name__)


def _serializer():
    return URLSafeTimedSerializer(current_app.config["UNSUBSCRIBE_SECRET"], salt="unsubscribe")


def send_sms(to, body):
    cfg = current_app.config
    response = requests.post(
        f"https://api.twilio.com/2010-04-01/Accounts/{cfg['TWILIO_ACCOUNT_SID']}/Messages.json",
        data={"To": to, "From": cfg["TWILIO_FROM_NUMBER"], "Body": body},
        auth=(cfg["TWILIO_ACCOUNT_SID"], cfg["TWILIO_AUTH_TOKEN"]),
        timeout=10,
    )
    if response.status_code >= 400:
        logger.error("twilio returned %s for %s", response.status_code, to)
    return response.ok


def send_mailgun(to, subject, text):
    key = current_app.config["MAILGUN_API_KEY"]
    logger.info("sending via mailgun to %s (key configured: %s)", to, bool(key))
    return requests.post(
        current_app.config["MAILGUN_API_URL"],
        auth=("api", key),
        data={"from": "noreply@example.com", "to": to, "subject": subject, "text": text},
        timeout=10,
    )


@bp.post("/welcome")
def welcome():
    payload = request.get_json(force=True)
    msg = Message("Welcome!", recipients=[payload["email"]])
    msg.body = "Thanks for signing up."
    try:
        mail.send(msg)
    except Exception:
        logger.exception("welcome mail failed")
        return jsonify(error="mail could not be sent"), 502
    return jsonify(sent=True)


@bp.post("/sms")
def sms():
    payload = request.get_json(force=True)
    if not send_sms(payload["to"], payload["body"]):
        return jsonify(error="sms failed"), 502
    return jsonify(sent=True)


@bp.get("/unsubscribe/<token>")
def unsubscribe(token):
    try:
        email = _serializer().loads(token, max_age=current_app.config["UNSUBSCRIBE_TOKEN_EXPIRY"])
    except BadSignature:
        abort(400)
    return jsonify(unsubscribed=email)


@bp.get("/settings")
def mail_settings():
    return jsonify(
        server=current_app.config["MAIL_SERVER"],
        port=current_app.config["MAIL_PORT"],
        username=current_app.config["MAIL_USERNAME"],
        password=current_app.config["MAIL_PASSWORD"],  # expect: FG303
    )


@bp.post("/slack")
def slack():
    text = request.get_json(force=True).get("text", "")
    token = current_app.config["SLACK_BOT_TOKEN"]
    current_app.logger.debug("posting to slack with token %s", token)  # expect: FG402
    requests.post(
        "https://slack.com/api/chat.postMessage",
        headers={"Authorization": f"Bearer {token}"},
        json={"channel": "#alerts", "text": text},
        timeout=10,
    )
    return jsonify(posted=True)
