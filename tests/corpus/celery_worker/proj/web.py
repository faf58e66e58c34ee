"""The Flask side: enqueues report jobs and shows their status."""
import os

from celery import Celery
from flask import Flask, jsonify, request

app = Flask(__name__)
app.config.update(
    CELERY_BROKER_URL=os.environ.get("CELERY_BROKER_URL", "redis://localhost:6379/0"),
    CELERY_RESULT_BACKEND=os.environ.get("CELERY_RESULT_BACKEND", "redis://localhost:6379/0"),
    REPORTS_BUCKET=os.environ.get("REPORTS_BUCKET", "reports-staging"),
    S3_SECRET_ACCESS_KEY=os.environ.get("S3_SECRET_ACCESS_KEY"),  # expect: FG501
)
app.config["CACHE_REDIS_URL"] = "redis://:FAKEcachePass0000@cache.internal:6379/2"  # expect: FG103


def make_celery(flask_app):
    celery = Celery(
        flask_app.import_name,
        broker=flask_app.config["CELERY_BROKER_URL"],
        backend=flask_app.config["CELERY_RESULT_BACKEND"],
    )

    class ContextTask(celery.Task):
        def __call__(self, *args, **kwargs):
            with flask_app.app_context():
                return self.run(*args, **kwargs)

    celery.Task = ContextTask
    return celery


celery = make_celery(app)


@app.post("/reports")
def enqueue_report():
    from .tasks import send_report

    payload = request.get_json(force=True)
    job = send_report.delay(payload["account_id"], payload.get("format", "pdf"))
    return jsonify(job_id=job.id), 202


@app.get("/reports/<job_id>")
def report_status(job_id):
    result = celery.AsyncResult(job_id)
    if result.failed():
        return jsonify(state=result.state, error=str(result.result)), 500
    return jsonify(state=result.state)


@app.get("/reports/<job_id>/debug")
def report_debug(job_id):
    try:
        result = celery.AsyncResult(job_id)
        return jsonify(state=result.state, info=result.info)
    except Exception as exc:
        return jsonify(error=repr(exc)), 500  # expect: FG401


@app.get("/workers/env")
def worker_env():
    return jsonify(dict(os.environ))  # expect: FG302
