import os

import openai
from flask import Flask, jsonify, request
from flask_caching import Cache
from flask_jwt_extended import JWTManager, create_access_token, jwt_required

cache = Cache()
jwt = JWTManager()


def create_app():
    app = Flask(__name__)
    app.config.from_object("project.settings")
    cache.init_app(app)
    jwt.init_app(app)

    client = openai.OpenAI(api_key=app.config["OPENAI_API_KEY"])

    @app.post("/token")
    def token():
        body = request.get_json(force=True)
        if body.get("username") != "demo":
            return jsonify(error="bad credentials"), 401
        access_token = create_access_token(identity=body["username"])
        return jsonify(access_token=access_token, token_type="bearer")

    @app.post("/summarize")
    @jwt_required()
    def summarize():
        text = request.get_json(force=True).get("text", "")
        completion = client.chat.completions.create(
            model=app.config["OPENAI_MODEL"],
            messages=[{"role": "user", "content": f"Summarize: {text}"}],
        )
        return jsonify(summary=completion.choices[0].message.content)

    @app.get("/whoami")
    def whoami():
        return jsonify(env=os.environ.get("APP_ENV", "production"), secret=os.environ.get("SECRET_KEY"))  # expect: FG303

    return app
