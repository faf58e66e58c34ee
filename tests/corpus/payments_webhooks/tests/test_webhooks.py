import json

import pytest

STRIPE_WEBHOOK_SECRET = "whsec_FAKE0000example0000"  # expect: FG101


@pytest.fixture
def client(monkeypatch):
    monkeypatch.setenv("STRIPE_SECRET_KEY", "sk_test_FAKE0000example0000tests")  # expect: FG102
    monkeypatch.setenv("STRIPE_WEBHOOK_SECRET", STRIPE_WEBHOOK_SECRET)
    monkeypatch.setenv("PAYPAL_CLIENT_SECRET", "FAKE-paypal-secret-0000")
    from payments import create_app

    return create_app().test_client()


def test_paypal_requires_secret(client):
    assert client.post("/webhooks/paypal", data=json.dumps({})).status_code == 401


def test_paypal_with_secret(client):
    response = client.post(
        "/webhooks/paypal",
        data=json.dumps({"event_type": "PAYMENT.CAPTURE.COMPLETED"}),
        headers={"X-Webhook-Secret": "FAKE-paypal-secret-0000"},  # expect: FG101
    )
    assert response.status_code == 200
