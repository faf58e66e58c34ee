import os

import pytest

os.environ.setdefault("INVENTORY_API_KEY", "FAKE-inventory-key-0000")  # expect: FG104
os.environ.setdefault("ADMIN_API_KEY", "FAKE-admin-key-0000")  # expect: FG104

from api import create_app  # noqa: E402

TEST_API_KEY = "FAKE-inventory-key-0000"  # expect: FG101


@pytest.fixture
def client():
    app = create_app({"TESTING": True, "READONLY_API_KEYS": ["FAKE-readonly-0000"]})
    return app.test_client()
