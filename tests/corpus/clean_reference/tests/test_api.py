def test_info(client):
    assert client.get("/api/info").json["name"] == "Notes"


def test_notes_need_a_key(client):
    assert client.get("/api/notes").status_code == 401


def test_password_check(client):
    response = client.post("/api/password-check", json={"password": "FAKE-long-enough-0000"})  # expect: FG101
    assert response.json["ok"] is True
