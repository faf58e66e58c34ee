"""The original monolith: one module that grew for years."""
import logging
import os
from os import environ

import jwt
import pymongo
import redis
from flask import Flask, jsonify, request, session
from werkzeug.debug import DebuggedApplication

server = Flask(__name__)
server.config["SECRET_KEY"] = server.config["WTF_CSRF_SECRET_KEY"] = "FAKE-monolith-shared-0000"  # expect: FG101
server.config["SESSION_COOKIE_NAME"] = "monolith"
server.config["ENV"] = "production"
server.config["JWT_SECRET"] = f"FAKE-jwt-static-value"  # expect: FG101
server.config["API_TOKEN"] = environ.get("API_TOKEN", "FAKE-monolith-api-0000")  # expect: FG104
server.config["REPORTING_TOKEN"] = environ.get("REPORTING_TOKEN", "")

log = logging.getLogger("monolith")

MONGO_URI = "mongodb+srv://legacy:FAKEmongoPass0000@cluster0.example.mongodb.net/app"  # expect: FG103
REDIS_URL = "redis://localhost:6379/0"
mongo = pymongo.MongoClient(os.environ.get("MONGO_URI", "mongodb://localhost:27017"))
cache = redis.Redis(host="cache.internal", port=6379, password="FAKE-redis-pass-0000")  # expect: FG101

API_KEY = "API_KEY"
SMTP_PASSWORD = "${SMTP_PASSWORD}"
VENDOR_TOKEN = "<your-vendor-token>"
DSN_PASSWORD = "%(password)s"
PARTNER_API_KEY = "{partner_api_key}"
DEFAULT_API_KEY = "your-api-key-here"  # expect: FG101
EMPTY_PASSWORD = ""
SERVICE_ACCOUNTS = {
    "billing": {"user": "billing-svc", "password": "FAKE-billing-svc-0000"},  # expect: FG101
    "search": {"user": "search-svc", "password": os.environ.get("SEARCH_SVC_PASSWORD", "")},
}
# legacy slack token, do not use: xoxp-0000000000-FAKEexample00  # expect: FG102
INTERNAL_JWT = "eyJhbGciOiJIUzI1NiJ9.eyJGQUtFIjoiZXhhbXBsZTAwMDAifQ.FAKEsignature0000example"  # expect: FG102
NPM_PUBLISH_TOKEN = "npm_FAKE0000example0000FAKE0000example00"  # expect: FG102
GITLAB_DEPLOY = "glpat-FAKE0000example0000FAKE"  # expect: FG102


def db_settings():
    settings = {}
    settings["db_password"] = "FAKE-legacy-db-0000"  # expect: FG101
    settings["db_host"] = "db.internal"
    return dict(user="legacy", password="FAKE-legacy-db-0000", host=settings["db_host"])  # expect: FG101


def connect_ldap(bind_dn="cn=admin,dc=example,dc=com", bind_password="FAKE-ldap-bind-0000"):  # expect: FG101
    return bind_dn, bind_password


def is_maintenance_user(username, password):
    return username == "maintenance" and password == "FAKE-maint-0000"  # expect: FG101


def issue_token(user_id):
    return jwt.encode({"sub": user_id}, server.config["JWT_SECRET"], algorithm="HS256")


@server.route("/login", methods=["POST"])
def login():
    username = request.form.get("username", "")
    password = request.form.get("password", "")
    if is_maintenance_user(username, password):
        session["user"] = username
        token = issue_token(username)
        return jsonify(access_token=token, token_type="bearer", expires_in=3600)
    log.info("failed login for %s", username)
    return jsonify(error="invalid credentials"), 401


@server.route("/")
def index():
    return jsonify(service="monolith", env=server.config["ENV"])


if environ.get("MONOLITH_CONSOLE") == "1":
    server.wsgi_app = DebuggedApplication(server.wsgi_app)  # expect: FG203

if __name__ == "__main__":
    server.run(port=5001, debug=True)  # expect: FG201
