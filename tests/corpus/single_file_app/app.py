"""A one-file link shortener, the way many small Flask services start."""
import hashlib
import logging
import os
import sqlite3
import string

from flask import Flask, abort, g, jsonify, redirect, render_template_string, request

app = Flask(__name__)
app.secret_key = b"FAKE\x00shortener\x00session\x00key"  # expect: FG101
app.config["DATABASE"] = os.path.join(app.root_path, "links.db")
app.config["ADMIN_TOKEN"] = os.environ.get("ADMIN_TOKEN", "")
app.config["MAX_URL_LENGTH"] = 2048
app.config["FEATURE_STATS"] = bool(os.environ.get("FEATURE_STATS", "false"))  # expect: FG204
app.config["CACHE_KEY"] = "shortener:links"

logging.basicConfig(level=logging.INFO)
ALPHABET = string.ascii_letters + string.digits
ADMIN_PASSWORD = "FAKE-shortener-admin-0000"  # expect: FG101

PAGE = """
<!doctype html>
<form method=post action="/shorten">
  <input name=url placeholder="https://example.com/a/long/path">
  <input type=password name=password placeholder="admin password">
  <button>Shorten</button>
</form>
"""


def get_db():
    if "db" not in g:
        g.db = sqlite3.connect(app.config["DATABASE"])
        g.db.execute("create table if not exists links (code text primary key, url text, hits int default 0)")
    return g.db


@app.teardown_appcontext
def close_db(exc):
    db = g.pop("db", None)
    if db is not None:
        db.close()


def encode(url):
    digest = hashlib.sha256(url.encode()).digest()
    return "".join(ALPHABET[b % len(ALPHABET)] for b in digest[:7])


@app.get("/")
def index():
    return render_template_string(PAGE)


@app.post("/shorten")
def shorten():
    url = request.form.get("url", "")
    if not url.startswith(("http://", "https://")) or len(url) > app.config["MAX_URL_LENGTH"]:
        abort(400)
    if request.form.get("password") != ADMIN_PASSWORD:  # expect: FG601
        abort(403)
    code = encode(url)
    get_db().execute("insert or ignore into links (code, url) values (?, ?)", (code, url))
    get_db().commit()
    app.logger.info("shortened %s to %s", url, code)
    return jsonify(code=code, short=request.host_url + code)


@app.get("/<code>")
def follow(code):
    row = get_db().execute("select url from links where code = ?", (code,)).fetchone()
    if row is None:
        abort(404)
    get_db().execute("update links set hits = hits + 1 where code = ?", (code,))
    get_db().commit()
    return redirect(row[0])


@app.get("/admin/stats")
def stats():
    if request.args.get("token") != app.config["ADMIN_TOKEN"]:  # expect: FG602, FG601
        abort(403)
    rows = get_db().execute("select code, url, hits from links order by hits desc limit 50").fetchall()
    return jsonify([dict(code=c, url=u, hits=h) for c, u, h in rows])


@app.get("/admin/debug")
def admin_debug():
    if not app.debug:
        abort(404)
    return jsonify(config={k: repr(v) for k, v in app.config.items()}, env=dict(os.environ))  # expect: FG301, FG302


@app.errorhandler(500)
def internal_error(error):
    app.logger.error("internal error: %s", error)
    return jsonify(error="internal error"), 500


app.logger.info("admin password configured: %s", ADMIN_PASSWORD)  # expect: FG402

if __name__ == "__main__":
    app.run(debug=True)  # expect: FG201
