import pytest

from app import app as flask_app


@pytest.fixture
def client():
    flask_app.config.update(TESTING=True, SECRET_KEY="FAKE-test-session-key-0000")
    with flask_app.test_client() as client:
        yield client


def test_health_needs_no_token(client):
    response = client.get("/health")
    assert response.status_code == 200
    assert response.get_json() == {"status": "ok"}


def test_charges_refuse_a_wrong_token(client):
    response = client.post(
        "/charges", json={"amount": 100}, headers={"Authorization": "Bearer wrong"}
    )
    assert response.status_code == 401
