import os

import pytest

os.environ["PORTAL_WEBHOOK_TOKEN"] = "FAKE-portal-hook-0000"  # expect: FG101
os.environ["MAPBOX_SECRET_TOKEN"] = "FAKE-mapbox-secret-0000"  # expect: FG101
os.environ["PORTAL_EMBED_SIGNING_SECRET"] = "FAKE-embed-secret-0000"  # expect: FG101

from portal import create_app  # noqa: E402


@pytest.fixture
def client():
    app = create_app({"TESTING": True, "SECRET_KEY": "FAKE-portal-tests-0000"})  # expect: FG101
    return app.test_client()
