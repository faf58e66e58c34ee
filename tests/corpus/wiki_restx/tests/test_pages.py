def test_create_and_read(client):
    assert client.post("/api/pages/", json={"slug": "home", "body": "hello"}).status_code == 201
    assert client.get("/api/pages/home").json["body"] == "hello"


def test_missing_page(client):
    assert client.get("/api/pages/nope").status_code == 404
