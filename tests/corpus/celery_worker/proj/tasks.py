"""Background jobs. Tasks run outside any request."""
import logging
import os
import smtplib

import boto3
import requests

from .web import app, celery

logger = logging.getLogger(__name__)

REPORTS_API_TOKEN = os.environ.get("REPORTS_API_TOKEN")  # expect: FG501
SMTP_PASSWORD = os.environ.get("SMTP_PASSWORD", "FAKE-smtp-fallback-0000")  # expect: FG104


def _s3():
    return boto3.client(
        "s3",
        aws_access_key_id=os.environ["AWS_ACCESS_KEY_ID"],
        aws_secret_access_key=app.config["S3_SECRET_ACCESS_KEY"],
    )


@celery.task(bind=True, max_retries=3)
def send_report(self, account_id, fmt="pdf"):
    logger.info("building %s report for account %s", fmt, account_id)
    try:
        response = requests.get(
            f"https://reports.example.com/api/accounts/{account_id}",
            headers={"Authorization": f"Bearer {REPORTS_API_TOKEN}"},
            timeout=30,
        )
        response.raise_for_status()
    except requests.RequestException as exc:
        logger.warning("report fetch failed: %s", exc)
        raise self.retry(exc=exc, countdown=60)
    _s3().put_object(Bucket=app.config["REPORTS_BUCKET"], Key=f"{account_id}.{fmt}", Body=response.content)
    return str(account_id)


@celery.task
def refresh_tokens():
    token = os.environ.get("REPORTS_API_TOKEN")
    if not token:
        logger.error("REPORTS_API_TOKEN is not set; skipping refresh")
        return "skipped"
    logger.info("refreshing tokens with a key of %d characters", len(token))
    logger.debug("refresh token in use: %s", token)  # expect: FG402
    return "ok"


@celery.task
def mail_digest(recipients):
    with smtplib.SMTP("smtp.example.com", 587) as smtp:
        smtp.starttls()
        smtp.login("digest@example.com", SMTP_PASSWORD)
        for address in recipients:
            smtp.sendmail("digest@example.com", address, "Subject: digest\n\n...")
    return len(recipients)
