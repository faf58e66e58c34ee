import pytest

from chat import create_app


@pytest.fixture
def client(monkeypatch):
    monkeypatch.setenv("FLASK_DEBUG", "1")
    app = create_app()
    app.config.update(TESTING=True, LOGIN_DISABLED=True)
    return app.test_client()


def test_create_protected_room(client):
    response = client.post("/rooms", data={"name": "ops", "password": "FAKE-room-0000"})  # expect: FG101
    assert response.json["protected"] is True


def test_short_room_password_is_rejected(client):
    response = client.post("/rooms", data={"name": "ops", "password": "abc"})  # expect: FG101
    assert response.status_code == 400
