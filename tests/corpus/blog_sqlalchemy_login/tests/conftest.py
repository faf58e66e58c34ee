import pytest

from blog import create_app, db
from blog.models import User


class TestConfig:
    TESTING = True
    SECRET_KEY = "test-secret-key"  # expect: FG101
    SQLALCHEMY_DATABASE_URI = "sqlite://"
    WTF_CSRF_ENABLED = False


@pytest.fixture
def app():
    app = create_app(TestConfig)
    with app.app_context():
        db.create_all()
        user = User(username="alice", email="alice@example.com")
        user.set_password("FAKE-alice-0000")
        db.session.add(user)
        db.session.commit()
        yield app


@pytest.fixture
def client(app):
    return app.test_client()


def login(client, username="alice", password="FAKE-alice-0000"):  # expect: FG101
    return client.post("/auth/login", data=dict(username=username, password=password), follow_redirects=True)
