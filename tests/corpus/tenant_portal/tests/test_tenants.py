def test_get_tenant(client):
    assert client.get("/tenants/acme").json["plan"] == "pro"


def test_unknown_tenant(client):
    assert client.get("/tenants/nope").status_code == 404


def test_hook_rejects_bad_token(client):
    assert client.post("/tenants/acme/hooks", headers={"X-Portal-Token": "nope"}).status_code == 401  # expect: FG101
