def test_login_redirects_to_github(client):
    response = client.get("/login")
    assert response.status_code == 302
    assert "github.com/login/oauth/authorize" in response.headers["Location"]


def test_callback_rejects_bad_state(client):
    assert client.get("/callback?state=wrong&code=abc").status_code == 400


def test_repos_requires_token(client):
    assert client.get("/api/repos").status_code == 401
