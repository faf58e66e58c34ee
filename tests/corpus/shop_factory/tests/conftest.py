import pytest

from app import create_app, db
from app.models import User
from werkzeug.security import generate_password_hash


@pytest.fixture
def app():
    app = create_app("testing")
    app.config.update(PARTNER_API_KEY="FAKE-partner-key-for-tests")  # expect: FG101
    with app.app_context():
        db.create_all()
        user = User(
            email="alice@example.com",
            password_hash=generate_password_hash("FAKE-alice-pass-0000"),
            api_token="FAKE-alice-token-0000",  # expect: FG101
        )
        db.session.add(user)
        db.session.commit()
        yield app
        db.drop_all()


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def auth_headers():
    return {"X-API-Key": "FAKE-partner-key-for-tests"}  # expect: FG101
