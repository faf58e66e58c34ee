from unittest import mock

from proj import tasks


def test_refresh_skips_without_token(monkeypatch):
    monkeypatch.delenv("REPORTS_API_TOKEN", raising=False)
    assert tasks.refresh_tokens() == "skipped"


def test_refresh_with_token(monkeypatch):
    monkeypatch.setenv("REPORTS_API_TOKEN", "FAKE-reports-token-0000")
    assert tasks.refresh_tokens() == "ok"


def test_digest_logs_in(monkeypatch):
    smtp = mock.MagicMock()
    monkeypatch.setattr(tasks.smtplib, "SMTP", smtp)
    monkeypatch.setattr(tasks, "SMTP_PASSWORD", "FAKE-digest-pass-0000")
    assert tasks.mail_digest(["a@example.com"]) == 1
