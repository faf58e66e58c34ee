import pytest

from wiki import WikiSettings, create_app


class TestSettings(WikiSettings):
    TESTING = True
    SECRET_KEY = "FAKE-wiki-tests-0000"  # expect: FG101
    SEARCH_API_KEY = "FAKE-search-key-0000"  # expect: FG101


@pytest.fixture
def client():
    return create_app(TestSettings).test_client()
