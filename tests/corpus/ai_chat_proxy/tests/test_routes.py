from unittest import mock

import pytest

from chat import create_app


@pytest.fixture
def client(monkeypatch):
    monkeypatch.setenv("PROXY_TOKEN", "FAKE-proxy-token-0000")
    app = create_app()
    app.config.update(TESTING=True, PROXY_TOKEN="FAKE-proxy-token-0000")  # expect: FG101
    return app.test_client()


def test_chat_needs_token(client):
    assert client.post("/v1/chat", json={"prompt": "hi"}).status_code == 401


def test_chat(client):
    with mock.patch("chat.routes.complete", return_value="hello"):
        response = client.post(
            "/v1/chat",
            json={"prompt": "hi"},
            headers={"Authorization": "Bearer FAKE-proxy-token-0000"},
        )
    assert response.json["answer"] == "hello"
