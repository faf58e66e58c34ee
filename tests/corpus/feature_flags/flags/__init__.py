import os

from flask import Flask, jsonify, request

from .flag_config import DebugFlagConfig, FlagConfig

app = Flask(__name__)
app.config.from_object(DebugFlagConfig if os.environ.get("FLAGS_DEBUG") == "1" else FlagConfig)
app.config.update(DEBUG=bool(os.environ.get("FLASK_DEBUG")))  # expect: FG204

if app.debug:
    app.config["EXPLAIN_TEMPLATE_LOADING"] = True


@app.get("/flags")
def flags():
    names = ("NEW_CHECKOUT", "BETA_SEARCH", "DARK_LAUNCH", "ROLLOUT_PERCENT", "KILL_SWITCH")
    return jsonify({name: app.config[name] for name in names})


@app.post("/flags/<name>")
def toggle(name):
    if request.authorization is None or request.authorization.password != app.config["FLAGS_ADMIN_PASSWORD"]:  # expect: FG601
        return jsonify(error="unauthorized"), 401
    if name not in ("NEW_CHECKOUT", "BETA_SEARCH", "DARK_LAUNCH"):
        return jsonify(error="unknown flag"), 404
    app.config[name] = not app.config[name]
    app.logger.info("flag %s set to %s by %s", name, app.config[name], request.authorization.username)
    return jsonify({name: app.config[name]})


@app.get("/flags/all")
def all_flags():
    return jsonify(dict(app.config.items()))  # expect: FG301


if __name__ == "__main__":
    app.run(use_debugger=True, port=5050)  # expect: FG201
