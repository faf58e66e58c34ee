"""Celery settings, loaded with app.config_from_object("proj.celeryconfig")."""
import os

broker_url = "amqp://worker:FAKEbrokerPass0000@rabbitmq.internal:5672/reports"  # expect: FG103
result_backend = os.environ.get("CELERY_RESULT_BACKEND", "redis://:FAKEredisPass0000@localhost:6379/1")  # expect: FG103
result_expires = 3600
task_serializer = "json"
result_serializer = "json"
accept_content = ["json"]
timezone = "UTC"
enable_utc = True
task_routes = {
    "proj.tasks.send_report": {"queue": "reports"},
    "proj.tasks.refresh_tokens": {"queue": "auth"},
}
beat_schedule = {
    "nightly-report": {"task": "proj.tasks.send_report", "schedule": 86400.0},
}
worker_prefetch_multiplier = 1
broker_transport_options = {"visibility_timeout": 3600}
