import pytest

from oauth import create_app


@pytest.fixture
def app(monkeypatch):
    monkeypatch.setenv("SECRET_KEY", "FAKE-oauth-tests-0000")
    app = create_app("test")
    app.config["GITHUB_TOKEN"] = "gho_FAKE0000example0000FAKE0000example00"  # expect: FG102
    return app


@pytest.fixture
def client(app):
    with app.test_client() as client:
        with client.session_transaction() as sess:
            sess["oauth_state"] = "FAKE-state"
        yield client
