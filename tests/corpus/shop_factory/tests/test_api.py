def test_products_are_listed(client):
    response = client.get("/api/v1/products")
    assert response.status_code == 200
    assert response.json == []


def test_partner_orders_need_the_key(client):
    assert client.get("/api/v1/partner/orders").status_code == 401


def test_partner_orders_with_key(client, auth_headers):
    response = client.get("/api/v1/partner/orders", headers=auth_headers)
    assert response.status_code == 200


def test_login(client):
    response = client.post(
        "/auth/login",
        data={"email": "alice@example.com", "password": "FAKE-alice-pass-0000"},  # expect: FG101
    )
    assert response.status_code == 302


def test_me_returns_token_type(client):
    response = client.get("/api/v1/me", headers={"Authorization": "Bearer FAKE-alice-token-0000"})
    assert response.json["token_type"] == "bearer"
