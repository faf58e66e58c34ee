from unittest import mock

import pytest

from mailer import create_app


@pytest.fixture
def client():
    app = create_app()
    app.config.update(TESTING=True, MAIL_SUPPRESS_SEND=True, UNSUBSCRIBE_SECRET="FAKE-test-unsub-0000")  # expect: FG101
    return app.test_client()


def test_welcome_sends(client):
    with mock.patch("mailer.notifications.mail.send") as send:
        assert client.post("/notify/welcome", json={"email": "a@example.com"}).status_code == 200
        send.assert_called_once()


def test_settings_do_not_show_password(client):
    body = client.get("/notify/settings").json
    assert body["password"] != ""
