import os

from app import create_app

app = create_app(os.getenv("FLASK_CONFIG") or "production")

if __name__ == "__main__":
    app.run(host="0.0.0.0", port=int(os.environ.get("PORT", "8000")))
