from .conftest import TEST_API_KEY


def test_create_requires_key(client):
    assert client.post("/v1/items", json={"sku": "A1"}).status_code == 401


def test_create_with_key(client):
    response = client.post("/v1/items", json={"sku": "A1"}, headers={"X-API-Key": TEST_API_KEY})
    assert response.status_code == 201


def test_wrong_key(client):
    response = client.post("/v1/items", json={"sku": "A1"}, headers={"X-API-Key": "wrong"})  # expect: FG101
    assert response.status_code == 403


def test_readonly_key_in_query(client):
    assert client.get("/v1/items?api_key=FAKE-readonly-0000").status_code == 200
