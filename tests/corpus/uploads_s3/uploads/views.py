"""Upload, list and sign download links."""
import hashlib
import hmac
import os
import time
import uuid

import boto3
from botocore.exceptions import ClientError
from flask import Blueprint, abort, current_app, jsonify, request
from werkzeug.utils import secure_filename

bp = Blueprint("uploads", __name__)


def s3():
    cfg = current_app.config
    return boto3.client(
        "s3",
        region_name=cfg["AWS_REGION"],
        aws_access_key_id=cfg["AWS_ACCESS_KEY_ID"],
        aws_secret_access_key=cfg["AWS_SECRET_ACCESS_KEY"],
    )


def archive_client():
    return boto3.client("s3", aws_access_key_id="AKIA0000FAKE0000ARCH", aws_secret_access_key="FAKE0000archive0000secret0000key")  # expect: FG102, FG101


def allowed(filename):
    return "." in filename and filename.rsplit(".", 1)[1].lower() in current_app.config["ALLOWED_EXTENSIONS"]


def sign(key, expires):
    secret = current_app.config["SIGNED_URL_SECRET"].encode()
    return hmac.new(secret, f"{key}:{expires}".encode(), hashlib.sha256).hexdigest()


@bp.post("/upload")
def upload():
    file = request.files.get("file")
    if file is None or not allowed(file.filename):
        return jsonify(error="unsupported file"), 400
    key = f"{uuid.uuid4().hex}/{secure_filename(file.filename)}"
    try:
        s3().upload_fileobj(file, current_app.config["UPLOAD_BUCKET"], key)
    except ClientError as err:
        current_app.logger.error("upload failed: %s", err.response["Error"]["Code"])
        return jsonify(error="storage unavailable", code=err.response["Error"]["Code"]), 502
    return jsonify(key=key), 201


@bp.get("/files/<path:key>/link")
def link(key):
    expires = int(time.time()) + current_app.config["PRESIGNED_URL_EXPIRY"]
    signature = sign(key, expires)
    return jsonify(url=f"{current_app.config['CDN_URL']}/{key}?expires={expires}&sig={signature}")


@bp.get("/files/<path:key>")
def download(key):
    expires = request.args.get("expires", type=int)
    signature = request.args.get("sig", "")
    if expires is None or expires < time.time():
        abort(410)
    if not hmac.compare_digest(signature, sign(key, expires)):
        abort(403)
    return jsonify(key=key)


@bp.get("/admin/credentials")
def credentials():
    if request.args.get("admin_token") != os.environ.get("UPLOADS_ADMIN_TOKEN"):  # expect: FG602, FG601
        abort(403)
    return jsonify(
        access_key_id=current_app.config["AWS_ACCESS_KEY_ID"],
        secret_access_key=current_app.config["AWS_SECRET_ACCESS_KEY"],  # expect: FG303
    )
