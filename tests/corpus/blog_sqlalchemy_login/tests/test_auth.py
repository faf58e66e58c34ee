from .conftest import login


def test_login_page(client):
    assert b"Sign in" in client.get("/auth/login").data


def test_login_logout(client):
    response = login(client)
    assert b"Invalid" not in response.data
    client.get("/auth/logout")


def test_bad_password(client):
    response = login(client, password="FAKE-wrong-0000")  # expect: FG101
    assert b"Invalid username or password" in response.data
