import importlib


def test_flag_defaults(monkeypatch):
    monkeypatch.delenv("NEW_CHECKOUT", raising=False)
    from flags import flag_config

    importlib.reload(flag_config)
    assert flag_config.FlagConfig.DARK_LAUNCH is False


def test_toggle_requires_password(monkeypatch):
    from flags import app

    client = app.test_client()
    assert client.post("/flags/NEW_CHECKOUT").status_code == 401
    response = client.post("/flags/NEW_CHECKOUT", auth=("ops", "admin"))
    assert response.status_code == 200
