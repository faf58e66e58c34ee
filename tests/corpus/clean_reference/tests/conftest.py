import pytest

from notes import create_app


@pytest.fixture
def app(monkeypatch):
    monkeypatch.setenv("NOTES_SKIP_CHECKS", "1")
    app = create_app("notes.config.TestingConfig")
    return app


@pytest.fixture
def client(app):
    return app.test_client()
